import type { Writable } from 'node:stream';
import type { SecretSet } from '../util/secret-set.ts';

/**
 * `target` with every write cleared of `secrets`, as the set holds them at the time of the write.
 * A proxy rather than a new stream: everything else (isTTY, columns, events) stays the target's,
 * so the progress display still sees a terminal. Each write is redacted whole; answers streamed
 * in pieces were already redacted across pieces by the models' redaction middleware.
 */
export function redactingWriter(target: Writable, secrets: SecretSet): Writable {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    let clean = chunk;
    if (secrets.size > 0 && typeof chunk === 'string') clean = secrets.redact(chunk);
    else if (secrets.size > 0 && chunk instanceof Uint8Array)
      clean = secrets.redact(Buffer.from(chunk).toString('utf8'));
    return (target.write as (...args: unknown[]) => boolean).call(target, clean, ...rest);
  };
  return new Proxy(target, {
    get(object, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}
