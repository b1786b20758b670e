import { ComparePage } from './pages/compare-page.tsx';
import { LibraryPage } from './pages/library-page.tsx';
import { OptimizationPage } from './pages/optimization-page.tsx';
import { OptimizationsPage } from './pages/optimizations-page.tsx';
import { PlaygroundPage } from './pages/playground-page.tsx';
import { RunPage } from './pages/run-page.tsx';
import { RunsPage } from './pages/runs-page.tsx';
import { href, useRoute } from './use-route.ts';

const SECTIONS = [
  ['library', 'Library'],
  ['runs', 'Runs'],
  ['compare', 'Compare'],
  ['optimizations', 'Optimizations'],
  ['playground', 'Playground'],
] as const;

/** The web app: a header with the sections, and the page the hash route names. */
export function App() {
  const { parts, query } = useRoute();
  const [section = 'runs', id] = parts;
  return (
    <>
      <header>
        <strong>plume</strong>
        <nav>
          {SECTIONS.map(([name, title]) => (
            <a key={name} href={href(name)} className={section === name ? 'active' : ''}>
              {title}
            </a>
          ))}
        </nav>
      </header>
      <main>{page(section, id, query)}</main>
    </>
  );
}

function page(section: string, id: string | undefined, query: URLSearchParams) {
  switch (section) {
    case 'library':
      return <LibraryPage name={id} />;
    case 'compare':
      return <ComparePage before={query.get('before') ?? ''} after={query.get('after') ?? ''} />;
    case 'optimizations':
      return id ? <OptimizationPage key={id} id={id} /> : <OptimizationsPage />;
    case 'playground':
      return <PlaygroundPage />;
    default:
      // Keyed: another run starts afresh (its own filters, selection and open cell).
      return id ? <RunPage key={id} id={id} /> : <RunsPage />;
  }
}
