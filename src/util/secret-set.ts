/**
 * Shorter values are not secrets: a header such as `X-Version: 2` or a key left as `test` would
 * otherwise blank out ordinary words everywhere, and no real credential is that short.
 */
export const SHORTEST_SECRET = 8;

interface Secret {
  /** The text to find: the value itself, or the value as JSON writes it inside a string. */
  text: string;
  marker: string;
}

/**
 * Values plume sends as credentials (API keys, header values), each with a label naming where it
 * comes from, so that whatever plume writes can be cleared of them: by value, wherever the value
 * came from. Values are matched as they are and as they appear inside a JSON string.
 */
export class SecretSet {
  readonly #secrets: Secret[] = [];
  readonly #known = new Set<string>();

  /** Add `value` (from `label`: a variable's name, a setting's path); a value too short to be a secret is ignored. */
  add(value: string | undefined, label: string): void {
    if (value === undefined || value.length < SHORTEST_SECRET || this.#known.has(value)) return;
    this.#known.add(value);
    const marker = `[redacted:${label}]`;
    this.#secrets.push({ text: value, marker });
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) this.#secrets.push({ text: escaped, marker });
    // Longest first, so a secret that contains another is replaced whole.
    this.#secrets.sort((a, b) => b.text.length - a.text.length);
  }

  /** Every secret of `other` added to this set. */
  addAll(other: SecretSet): void {
    for (const secret of other.#secrets) {
      if (this.#known.has(secret.text) || !other.#known.has(secret.text)) continue;
      this.add(secret.text, secret.marker.slice('[redacted:'.length, -1));
    }
  }

  get size(): number {
    return this.#known.size;
  }

  /** `text` with every secret replaced by `[redacted:<label>]`. */
  redact(text: string): string {
    let result = text;
    for (const secret of this.#secrets) {
      if (result.includes(secret.text)) result = result.replaceAll(secret.text, secret.marker);
    }
    return result;
  }

  /**
   * How many characters at the end of `text` could be the start of a secret that has not come in
   * whole yet: a stream must hold them back until the next piece tells.
   */
  partialTail(text: string): number {
    let longest = 0;
    for (const { text: secret } of this.#secrets) {
      for (let length = Math.min(secret.length - 1, text.length); length > longest; length--) {
        if (text.endsWith(secret.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}
