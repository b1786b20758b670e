/**
 * Dotprompt turns its helpers into markers in the rendered text (`<<<dotprompt:role:system>>>`,
 * `<<<dotprompt:history>>>`, `<<<dotprompt:media:url ...>>>`, `<<<dotprompt:section ...>>>`) and
 * then splits the text at every marker it finds, wherever it came from. A variable holding one
 * (test data, a --var) would start a message of its own: untrusted data could write a system
 * message. So every `<` of a value is swapped for a stand-in that no marker pattern matches, and
 * swapped back in the rendered messages: the model reads the value exactly as it was written, and
 * no marker can be made of a value's text, whole or split across two variables (`{{a}}{{b}}`).
 */
export const MARKER = '<<<dotprompt:';

// Private-use characters, which no text means. `<` becomes STAND_IN; a value's own STAND_IN and
// ESCAPE are escaped too, so that restoring gives back every value exactly.
const STAND_IN = '\uE000';
const ESCAPE = '\uE001';
const TO_NEUTRAL = /[<\uE000\uE001]/g;
const NEUTRAL = { '<': STAND_IN, [STAND_IN]: `${ESCAPE}s`, [ESCAPE]: `${ESCAPE}e` } as Record<string, string>;
const FROM_NEUTRAL = /\uE000|\uE001[se]/g;
const RESTORED = { [STAND_IN]: '<', [`${ESCAPE}s`]: STAND_IN, [`${ESCAPE}e`]: ESCAPE } as Record<
  string,
  string
>;
const NEEDS_NEUTRAL = /[<\uE000\uE001]/;

/**
 * `value` with the `<` of every string in it (deeply, object keys included) neutralized; the
 * same value when it has none, so the usual variables cost a scan and no copy.
 */
export function neutralizeMarkers<T>(value: T): T {
  return neutralize(value, new Map()) as T;
}

/** Text rendered from neutralized values, with their characters back as they were written. */
export function restoreMarkers(text: string): string {
  return text.includes(STAND_IN) || text.includes(ESCAPE)
    ? text.replace(FROM_NEUTRAL, (found) => RESTORED[found]!)
    : text;
}

/** A neutralized value as it was written (a helper comparing it with the template's text). */
export function restoreValue(value: unknown): unknown {
  return typeof value === 'string' ? restoreMarkers(value) : value;
}

function neutralString(text: string): string {
  return NEEDS_NEUTRAL.test(text) ? text.replace(TO_NEUTRAL, (found) => NEUTRAL[found]!) : text;
}

// `done` maps each object met to its neutralized copy: data shared by two variables (a cached
// file var) is neutralized at both places, and a cycle ends.
function neutralize(value: unknown, done: Map<object, unknown>): unknown {
  if (typeof value === 'string') return neutralString(value);
  if (value === null || typeof value !== 'object') return value;
  if (done.has(value)) return done.get(value);
  done.set(value, value);
  const result = Array.isArray(value) ? neutralArray(value, done) : neutralRecord(value, done);
  done.set(value, result);
  return result;
}

function neutralArray(value: unknown[], done: Map<object, unknown>): unknown[] {
  let copy: unknown[] | undefined;
  for (let index = 0; index < value.length; index++) {
    const safe = neutralize(value[index], done);
    if (safe === value[index]) continue;
    copy ??= [...value];
    copy[index] = safe;
  }
  return copy ?? value;
}

function neutralRecord(value: object, done: Map<object, unknown>): object {
  // Plain data only (parsed JSON, YAML, CSV): a class instance is left as it is.
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const record = value as Record<string, unknown>;
  let changed = false;
  const entries: [string, unknown][] = [];
  for (const key of Object.keys(record)) {
    const safeKey = neutralString(key);
    const safe = neutralize(record[key], done);
    if (safeKey !== key || safe !== record[key]) changed = true;
    entries.push([safeKey, safe]);
  }
  // fromEntries defines own properties: a key `__proto__` from parsed JSON stays a key.
  return changed ? Object.fromEntries(entries) : value;
}
