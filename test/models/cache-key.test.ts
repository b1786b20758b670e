import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../src/models/middleware/cache-middleware.ts';
import type { GenerateRequest } from '../../src/spec/model.ts';
import { hashValue } from '../../src/util/hash.ts';

// The key as it has always been defined: the stable JSON hash of this object. Stored caches
// depend on it staying the same.
function definedKey(provider: string, model: string, request: GenerateRequest, sample: number): string {
  const { timeoutMs: _timeout, ...params } = request.params;
  return hashValue({
    v: 1,
    provider,
    model,
    params,
    messages: request.messages,
    outputSchema: request.outputSchema,
    sample: sample === 0 ? undefined : sample,
  });
}

const REQUESTS: GenerateRequest[] = [
  { messages: [{ role: 'user', content: 'Say hello to user-1.' }], params: {} },
  {
    messages: [
      { role: 'system', content: 'Be "terse".\nReally \\ terse. \u2028 é 😀 \ud800' },
      { role: 'user', content: '' },
      { role: 'assistant', content: 'ok' },
    ],
    params: { temperature: 0.2, maxTokens: 64, seed: 7, timeoutMs: 1000 },
  },
  {
    messages: [{ role: 'user', content: 'json please' }],
    params: { temperature: 0 },
    outputSchema: {
      type: 'object',
      properties: { b: { type: 'string' }, a: { type: 'number' } },
      required: ['a'],
    },
  },
  { messages: [], params: {} },
  // Shapes the direct writer leaves to hashValue: an extra key, an undefined one.
  { messages: [{ role: 'user', content: 'x', name: 'n' } as never], params: {} },
  { messages: [{ role: 'user', content: 'x', extra: undefined } as never], params: {} },
  { messages: [{ role: 'user', content: 'x' }], params: { temperature: undefined } },
];

describe('cacheKey', () => {
  it('is the hash of the stable JSON of provider, model, params, messages, schema and sample', () => {
    for (const request of REQUESTS) {
      for (const sample of [0, 1, 3]) {
        for (const [provider, model] of [
          ['openai', 'gpt-4o-mini'],
          ['local', 'a "quoted" model'],
        ] as const) {
          expect(cacheKey(provider, model, request, sample)).toBe(
            definedKey(provider, model, request, sample),
          );
        }
      }
    }
  });

  it('leaves out timeoutMs, which changes how long to wait, not the answer', () => {
    const [request] = REQUESTS;
    const slow = { ...request!, params: { timeoutMs: 60_000 } };
    expect(cacheKey('p', 'm', slow, 0)).toBe(cacheKey('p', 'm', request!, 0));
  });
});
