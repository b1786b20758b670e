import type { Library } from '../../library/library.ts';
import { contentHash, normalizeContent } from '../../library/normalize-content.ts';
import { createPartialLoader } from '../../library/partials.ts';
import { projectReadScope } from '../../library/project.ts';
import { createResolvedPrompt } from '../../library/resolved-prompt.ts';
import type { ResolvedPrompt } from '../../spec/prompt.ts';
import type { ManifestPrompt } from '../../spec/run.ts';
import type { SuitePrompt } from '../../spec/suite.ts';
import { locatedError, type SourceLocation } from '../../util/errors.ts';

/** A prompt of a run, compiled once and rendered for every cell. */
export interface RunPrompt {
  manifest: ManifestPrompt;
  resolved: ResolvedPrompt;
}

/**
 * Resolve the suite's prompts to versions: library refs and files through the library (which
 * records a version of a changed prompt file), inline text as an unrecorded version of its own.
 * `pinned` (a run's manifest prompts) fixes library prompts to the versions that run used.
 */
export async function resolveRunPrompts(
  library: Library,
  prompts: readonly SuitePrompt[],
  pinned?: readonly ManifestPrompt[],
  /** Where the suite wrote each prompt, for a prompt that cannot be found or read. */
  writtenAt?: (index: number) => SourceLocation | undefined,
): Promise<RunPrompt[]> {
  const loadPartial = createPartialLoader(library.project.promptsDir, projectReadScope(library.project));
  return Promise.all(
    prompts.map(async (prompt, index) => {
      // Continuing or replaying a run: a library prompt is taken at the version the run recorded.
      const recorded = pinned?.[index];
      const ref = recorded && prompt.kind === 'library' ? `${recorded.name}@${recorded.hash}` : undefined;
      const resolved = await (prompt.kind === 'inline'
        ? inlinePrompt(prompt.text, prompt.label, loadPartial)
        : library.resolve(ref ?? (prompt.kind === 'library' ? prompt.ref : prompt.path))
      ).catch((error: unknown) => {
        throw locatedError(error, writtenAt?.(index));
      });
      const manifest: ManifestPrompt = {
        label: prompt.label,
        name: resolved.name,
        hash: resolved.version.hash,
        source: prompt.kind,
      };
      return { manifest, resolved };
    }),
  );
}

function inlinePrompt(
  text: string,
  label: string,
  loadPartial: ReturnType<typeof createPartialLoader>,
): Promise<ResolvedPrompt> {
  const content = normalizeContent(text);
  const version = {
    hash: contentHash(content),
    name: 'inline',
    parentHash: undefined,
    content,
    author: '',
    message: '',
    createdAt: new Date(0).toISOString(),
  };
  return createResolvedPrompt(version, { file: label }, loadPartial);
}
