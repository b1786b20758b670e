import { hash } from 'node:crypto';

/** sha256 hex of a string or bytes (one-shot: no Hash object per call, as there are several per cell). */
export function sha256(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

/** JSON with object keys sorted at every depth, so equal values hash equally. */
export function stableStringify(value: unknown): string {
  // Written out directly (no sorted copy of the value): this runs for every cell and cache key.
  const direct = writeStable(value);
  return direct === undefined ? JSON.stringify(sortKeys(value)) : direct;
}

const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;
/** Keys JSON writes as they are, and never index-like. */
const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

/**
 * The stable JSON of plain data, or undefined where only the general path gives the same text:
 * a top-level value JSON drops, an own `toJSON`, or index-like keys (which JSON orders numerically).
 */
function writeStable(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const text = isDropped(item) ? 'null' : writeStable(item);
      if (text === undefined) return undefined;
      out += index === 0 ? text : `,${text}`;
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = sortedInPlace(Object.keys(record));
  let out = '{';
  let first = true;
  for (const key of keys) {
    const plain = PLAIN_KEY.test(key);
    if (key === 'toJSON' || (!plain && INDEX_LIKE.test(key))) return undefined;
    const item = record[key];
    if (isDropped(item)) continue;
    const text = writeStable(item);
    if (text === undefined) return undefined;
    out += `${first ? '' : ','}${plain ? `"${key}"` : JSON.stringify(key)}:${text}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * Sort by insertion, in place: objects here have a handful of keys, and Array.prototype.sort
 * allocated a work array for each, a tenth of a cached re-run's garbage.
 */
function sortedInPlace(keys: string[]): string[] {
  for (let index = 1; index < keys.length; index++) {
    const key = keys[index]!;
    let at = index - 1;
    while (at >= 0 && keys[at]! > key) {
      keys[at + 1] = keys[at]!;
      at--;
    }
    keys[at + 1] = key;
  }
  return keys;
}

function isDropped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** Hash of a value's stable JSON form. */
export function hashValue(value: unknown): string {
  return sha256(stableStringify(value));
}
