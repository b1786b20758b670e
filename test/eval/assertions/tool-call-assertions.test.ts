import { describe, expect, it } from 'vitest';
import { check } from './cell-context.ts';

const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { enum: ['c', 'f'] } },
      required: ['city'],
    },
  },
};
const tools = { tools: [weather] };
const toolsCall = (args: unknown) =>
  JSON.stringify([{ type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(args) } }]);

describe('is-valid-openai-tools-call', () => {
  it('passes calls whose arguments match the declared parameters', async () => {
    expect(
      (await check({ type: 'is-valid-openai-tools-call' }, toolsCall({ city: 'Paris' }), tools)).pass,
    ).toBe(true);
    const wrapped = JSON.stringify({ tool_calls: JSON.parse(toolsCall({ city: 'Oslo', unit: 'c' })) });
    expect((await check({ type: 'is-valid-openai-tools-call' }, wrapped, tools)).pass).toBe(true);
  });

  it('fails a missing argument, an unknown function and a non-call', async () => {
    const missing = await check({ type: 'is-valid-openai-tools-call' }, toolsCall({ unit: 'c' }), tools);
    expect(missing.pass).toBe(false);
    expect(missing.reason).toContain('/city: is required');
    const unknown = JSON.stringify([{ type: 'function', function: { name: 'book', arguments: '{}' } }]);
    expect((await check({ type: 'is-valid-openai-tools-call' }, unknown, tools)).reason).toBe(
      'Called "book", but there is no function with that name',
    );
    expect((await check({ type: 'is-valid-openai-tools-call' }, 'It is sunny.', tools)).reason).toMatch(
      /^Output is not OpenAI tool calls/,
    );
  });

  it('takes the tools from its value, and is undecided with none anywhere', async () => {
    expect(
      (await check({ type: 'is-valid-openai-tools-call', value: [weather] }, toolsCall({ city: 'Rome' })))
        .pass,
    ).toBe(true);
    const none = await check({ type: 'is-valid-openai-tools-call' }, toolsCall({ city: 'Rome' }));
    expect(none).toMatchObject({ pass: false, error: true });
    expect(none.reason).toMatch(/no tool declarations/);
  });
});

describe('is-valid-openai-function-call', () => {
  it('checks a {name, arguments} call against the declared functions', async () => {
    const functions = {
      type: 'is-valid-openai-function-call' as const,
      config: { functions: [weather.function] },
    };
    const call = JSON.stringify({ name: 'get_weather', arguments: '{"city": "Lima"}' });
    expect((await check(functions, call)).pass).toBe(true);
    const bad = JSON.stringify({ function_call: { name: 'get_weather', arguments: '{"city": 3}' } });
    expect((await check(functions, bad)).reason).toContain('/city: must be string');
    expect((await check(functions, '{"name": "get_weather", "arguments": "{not json"}')).reason).toMatch(
      /arguments are not JSON/,
    );
  });
});

describe('is-valid-function-call', () => {
  it('reads Anthropic and Google shapes, embedded in prose too', async () => {
    const anthropic = JSON.stringify({
      content: [{ type: 'tool_use', name: 'get_weather', input: { city: 'Nice' } }],
    });
    expect((await check({ type: 'is-valid-function-call' }, anthropic, tools)).pass).toBe(true);
    const google = `Calling: ${JSON.stringify([{ functionCall: { name: 'get_weather', args: { city: 7 } } }])}`;
    expect((await check({ type: 'is-valid-function-call' }, google, tools)).pass).toBe(false);
  });
});

describe('tool-call-f1', () => {
  it('scores the set of tools called against the expected names', async () => {
    const output = JSON.stringify({
      tool_calls: [
        { function: { name: 'search' } },
        { function: { name: 'book' } },
        { function: { name: 'search' } },
      ],
    });
    const exact = await check({ type: 'tool-call-f1', value: ['search', 'book'] }, output);
    expect(exact).toMatchObject({ pass: true, score: 1 });
    const partial = await check({ type: 'tool-call-f1', value: 'search, pay', threshold: 0.5 }, output);
    expect(partial.score).toBeCloseTo(0.5);
    expect(partial.pass).toBe(true);
    expect(partial.reason).toContain('Expected: [pay, search], Called: [book, search]');
    expect((await check({ type: 'tool-call-f1', value: 'search' }, 'no calls here')).score).toBe(0);
  });
});

describe('finish-reason', () => {
  it('compares the finish reason case-insensitively, - and _ alike', async () => {
    expect((await check({ type: 'finish-reason', value: 'stop' }, 'x', { finishReason: 'STOP' })).pass).toBe(
      true,
    );
    expect(
      (await check({ type: 'finish-reason', value: 'tool_calls' }, 'x', { finishReason: 'tool-calls' })).pass,
    ).toBe(true);
    const cut = await check({ type: 'finish-reason', value: 'stop' }, 'x', { finishReason: 'length' });
    expect(cut).toMatchObject({ pass: false, reason: 'Expected finish reason "stop" but got "length"' });
    expect(await check({ type: 'finish-reason', value: 'stop' }, 'x')).toMatchObject({ error: true });
  });
});

describe('human', () => {
  it('is undecided until a person rates the cell', async () => {
    const result = await check({ type: 'human' }, 'anything');
    expect(result).toMatchObject({ pass: false, error: true, reason: "waiting for a person's rating" });
  });
});
