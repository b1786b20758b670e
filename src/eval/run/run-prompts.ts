import type { Library } from '../../library/library.ts';
import { contentHash, normalizeContent } from '../../library/normalize-content.ts';
import { createNunjucksPrompt, nunjucksContentHash } from '../../library/nunjucks-prompt.ts';
import { createPartialLoader } from '../../library/partials.ts';
import { projectReadScope } from '../../library/project.ts';
import { createResolvedPrompt } from '../../library/resolved-prompt.ts';
import type { PromptVersion, ResolvedPrompt } from '../../spec/prompt.ts';
import type { ManifestPrompt } from '../../spec/run.ts';
import type { SuitePrompt } from '../../spec/suite.ts';
import { locatedError, type SourceLocation } from '../../util/errors.ts';
import { createFunctionPrompt, functionPromptHash } from './function-prompt.ts';

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
  /** Whether the suite allows its JavaScript to run: a prompt function needs it. */
  allowCode = false,
): Promise<RunPrompt[]> {
  const loadPartial = createPartialLoader(library.project.promptsDir, projectReadScope(library.project));
  return Promise.all(
    prompts.map(async (prompt, index) => {
      // Continuing or replaying a run: a library prompt is taken at the version the run recorded.
      const recorded = pinned?.[index];
      const ref = recorded && prompt.kind === 'library' ? `${recorded.name}@${recorded.hash}` : undefined;
      const resolved = await (async () => {
        if (prompt.kind !== 'inline') {
          return library.resolve(ref ?? (prompt.kind === 'library' ? prompt.ref : prompt.path));
        }
        if (prompt.syntax === 'javascript') {
          const source = {
            code: prompt.text,
            functionName: prompt.functionName,
            file: prompt.origin?.file ?? prompt.label,
            label: prompt.label,
          };
          const version = unrecordedVersion(prompt.text, functionPromptHash(source));
          return createFunctionPrompt(
            version,
            source,
            allowCode,
            writtenAt?.(index) ?? { file: prompt.label },
          );
        }
        if (prompt.syntax === 'nunjucks') {
          return templatePrompt(prompt.text, prompt.label, prompt.origin ?? writtenAt?.(index));
        }
        return inlinePrompt(prompt.text, prompt.origin?.file ?? prompt.label, loadPartial);
      })().catch((error: unknown) => {
        throw locatedError(error, writtenAt?.(index));
      });
      const manifest: ManifestPrompt = {
        label: prompt.label,
        name: resolved.name,
        hash: resolved.version.hash,
        source: prompt.kind,
      };
      if (prompt.kind === 'inline' && prompt.syntax !== undefined) manifest.syntax = prompt.syntax;
      return { manifest, resolved };
    }),
  );
}

function inlinePrompt(
  text: string,
  file: string,
  loadPartial: ReturnType<typeof createPartialLoader>,
): Promise<ResolvedPrompt> {
  const content = normalizeContent(text);
  return createResolvedPrompt(unrecordedVersion(content, contentHash(content)), { file }, loadPartial);
}

/** A promptfoo-format prompt (Nunjucks); errors point at its file:line, else at the suite's line. */
function templatePrompt(
  text: string,
  label: string,
  writtenAt: { file: string; line?: number } | undefined,
): ResolvedPrompt {
  const content = normalizeContent(text);
  const version = unrecordedVersion(content, nunjucksContentHash(content));
  return createNunjucksPrompt(version, {
    file: writtenAt?.file ?? label,
    body: content,
    bodyLine: writtenAt?.line ?? 1,
  });
}

/** A version of a prompt the library does not record (inline text), under `hash`. */
export function unrecordedVersion(content: string, hash: string): PromptVersion {
  return {
    hash,
    name: 'inline',
    parentHash: undefined,
    content,
    author: '',
    message: '',
    createdAt: new Date(0).toISOString(),
  };
}
