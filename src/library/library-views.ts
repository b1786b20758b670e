import type { Label, LabelMove, PromptVersion } from '../spec/prompt.ts';
import type { SearchHit } from '../store/prompt-search-store.ts';
import type { LibraryContext } from './library-context.ts';
import { type InvalidPrompt, syncLibrary } from './library-index.ts';
import { requirePrompt } from './library-labels.ts';
import { lookupRef } from './library-refs.ts';

/** One prompt of the library, as `lib list` shows it. */
export interface PromptSummary {
  name: string;
  /** Hash of the current content: the file's, else the newest version's. */
  hash: string | undefined;
  /** Whether the current content is a recorded version (an edited file is not, until used or saved). */
  recorded: boolean;
  hasFile: boolean;
  description: string | undefined;
  /** Front matter tags and command-set tags. */
  tags: string[];
  /** Label → version hash. */
  labels: Record<string, string>;
  versions: number;
}

/** The library's prompts, and the files that are not valid prompts. */
export interface LibraryListing {
  prompts: PromptSummary[];
  invalid: InvalidPrompt[];
}

/** A version in a history: without its content, with the labels that point at it. */
export type HistoryEntry = Omit<PromptVersion, 'content'> & { labels: string[]; automatic: boolean };

/** The versions of one prompt, newest first, and the moves of its labels. */
export interface PromptHistory {
  name: string;
  /** The prompt file's current content, when it is not yet a recorded version. */
  unrecorded: { hash: string } | undefined;
  versions: HistoryEntry[];
  labels: Label[];
  labelMoves: LabelMove[];
}

/** A search hit with the prompt's description. */
export interface SearchResult extends SearchHit {
  description: string | undefined;
}

export function listPrompts(context: LibraryContext): LibraryListing {
  const { invalid } = syncLibrary(context);
  const commandTags = context.labels.allTags();
  const labels = new Map<string, Record<string, string>>();
  for (const label of context.labels.allLabels()) {
    labels.set(label.promptName, { ...labels.get(label.promptName), [label.label]: label.versionHash });
  }
  const prompts = context.versions.listPrompts().map((row) => ({
    name: row.name,
    hash: row.currentHash,
    recorded:
      row.currentHash !== undefined && context.versions.getVersion(row.name, row.currentHash) !== undefined,
    hasFile: row.hasFile,
    description: row.description,
    tags: [...new Set([...row.tags, ...(commandTags.get(row.name) ?? [])])],
    labels: labels.get(row.name) ?? {},
    versions: row.versionCount,
  }));
  return { prompts, invalid };
}

export function promptHistory(context: LibraryContext, name: string): PromptHistory {
  requirePrompt(context, name);
  const current = lookupRef(context, name);
  const labels = context.labels.labelsOf(name);
  const versions = context.versions.history(name).map(({ content: _content, ...version }) => ({
    ...version,
    labels: labels.filter((label) => label.versionHash === version.hash).map((label) => label.label),
  }));
  return {
    name,
    unrecorded: current.recorded ? undefined : { hash: current.version.hash },
    versions,
    labels,
    labelMoves: context.labels.moves(name).map(({ id: _id, reverts: _reverts, ...move }) => move),
  };
}

export function searchPrompts(context: LibraryContext, query: string, limit: number): SearchResult[] {
  syncLibrary(context);
  return context.search.search(query, limit).map((hit) => ({
    ...hit,
    description: context.versions.getPrompt(hit.name)?.description,
  }));
}
