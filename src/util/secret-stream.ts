import type { SecretSet } from './secret-set.ts';

/**
 * Redacts text that comes in pieces: a secret split across two pieces must not get through half
 * in each. Each piece goes out at once, less its end when that end could begin a secret; that tail
 * is held back until the next piece shows whether it does (never more than the longest secret
 * less one character).
 */
export class SecretStream {
  readonly #secrets: SecretSet;
  #pending = '';

  constructor(secrets: SecretSet) {
    this.#secrets = secrets;
  }

  /** What of `piece` (and of the tail held back before it) can be written now, redacted. */
  push(piece: string): string {
    if (this.#secrets.size === 0) return piece;
    const text = this.#pending + piece;
    const redacted = this.#secrets.redact(text);
    const held = this.#secrets.partialTail(redacted);
    this.#pending = redacted.slice(redacted.length - held);
    return redacted.slice(0, redacted.length - held);
  }

  /** The tail still held back, redacted: the stream has ended. */
  end(): string {
    const rest = this.#pending;
    this.#pending = '';
    return this.#secrets.redact(rest);
  }
}
