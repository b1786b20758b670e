import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bareEnv } from './bare-env.ts';
import type { StubReply, StubRequest } from './openai-stub-server.ts';

/**
 * Canary credentials in variables whose names look like no secret, sent by a provider `lab` as its
 * key and as a header. Neither matches the key-like patterns provider errors are cleaned with, so
 * only redaction by value can catch them.
 */
export const CANARY_KEY = 'lab.canary.4f9e.81c2.77aa';
export const CANARY_HEADER = 'hdr.canary.0b1c.2d3e.4f50';

export const CANARY_ENV = bareEnv({ LAB2_CRED: CANARY_KEY, LAB_HEADER: CANARY_HEADER });

/** plume.yaml with the provider `lab` on the stub at `baseURL`. */
export function canaryConfig(baseURL: string): string {
  return [
    'prompts: prompts',
    'providers:',
    '  lab:',
    '    type: openai-compatible',
    `    baseURL: ${baseURL}`,
    '    apiKeyEnv: LAB2_CRED',
    '    headers:',
    '      X-Lab: { env: LAB_HEADER }',
    '',
  ].join('\n');
}

/**
 * A leaky server: it answers with the credentials it was sent (streamed three characters a
 * piece, so each is split across pieces), or, when the prompt says `fail`, refuses with them in
 * its error message.
 */
export function leakyReply(request: StubRequest): StubReply {
  const sent = `auth=${request.headers.authorization} lab=${request.headers['x-lab']}`;
  if (JSON.stringify(request.body.messages).includes('fail')) {
    return { status: 400, errorMessage: `rejected request with ${sent}` };
  }
  const text = `you sent ${sent}`;
  return { text, chunks: text.match(/.{1,3}/g) ?? [] };
}

/** Where a canary occurs in `text` (`what` names it), for a readable failure; empty when none does. */
export function canariesIn(what: string, text: string | Buffer): string[] {
  const haystack = typeof text === 'string' ? text : text.toString('latin1');
  return [CANARY_KEY, CANARY_HEADER]
    .filter((canary) => haystack.includes(canary))
    .map((canary) => `${what}: ${canary}`);
}

/** Every file of the project's state folder (.plume: the store and its journal), read raw. */
export function stateFiles(root: string): { name: string; bytes: Buffer }[] {
  const folder = join(root, '.plume');
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => ({
      name: join(entry.parentPath, entry.name),
      bytes: readFileSync(join(entry.parentPath, entry.name)),
    }));
}
