import type { PromptStore, StoredVersion } from '../store/prompt-store.ts';

/** A version in a lineage, without its content. */
export interface LineageEntry {
  name: string;
  hash: string;
  parentHash: string | undefined;
  author: string;
  message: string;
  createdAt: string;
}

/** A version and the versions made from it, recursively. */
export interface LineageNode extends LineageEntry {
  children: LineageNode[];
}

/** Where a version came from (parent first, root last) and what was made from it. */
export interface Lineage {
  version: LineageEntry;
  ancestors: LineageEntry[];
  descendants: LineageNode[];
}

/** Far more than any real history; stops a corrupted store (a parent cycle) from looping. */
const MAX_STEPS = 10_000;

/** The lineage of `version`: its chain of parents, and the tree of versions derived from it. */
export function buildLineage(store: PromptStore, version: LineageEntry): Lineage {
  const ancestors: LineageEntry[] = [];
  const seen = new Set([version.hash]);
  let parentHash = version.parentHash;
  let parentName = version.name;
  while (parentHash && !seen.has(parentHash) && ancestors.length < MAX_STEPS) {
    seen.add(parentHash);
    const parent = store.getVersion(parentName, parentHash) ?? store.versionByHash(parentHash);
    if (!parent) break;
    ancestors.push(entryOf(parent));
    parentHash = parent.parentHash;
    parentName = parent.name;
  }
  let budget = MAX_STEPS;
  const visited = new Set<string>();
  const descend = (hash: string): LineageNode[] => {
    if (visited.has(hash) || budget <= 0) return [];
    visited.add(hash);
    return store.children(hash).map((child) => {
      budget--;
      return { ...entryOf(child), children: descend(child.hash) };
    });
  };
  return { version: entryOf(version), ancestors, descendants: descend(version.hash) };
}

function entryOf(version: LineageEntry | StoredVersion): LineageEntry {
  return {
    name: version.name,
    hash: version.hash,
    parentHash: version.parentHash,
    author: version.author,
    message: version.message,
    createdAt: version.createdAt,
  };
}
