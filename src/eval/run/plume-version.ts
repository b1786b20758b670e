import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The version of plume recorded in run manifests. */
export function plumeVersion(): string {
  cached ??= (
    JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return cached;
}
