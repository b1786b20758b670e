import { describe, expect, it } from 'vitest';
import { coerceVariable, coerceVariables } from '../../src/library/coerce-variable.ts';
import { createResolvedPrompt } from '../../src/library/resolved-prompt.ts';
import { isPlumeError } from '../../src/util/errors.ts';

function resolve(content: string) {
  const version = {
    hash: 'h',
    name: 'p',
    parentHash: undefined,
    content,
    author: '',
    message: '',
    createdAt: '',
  };
  return createResolvedPrompt(version, { file: 'p.prompt' }, () => undefined);
}

describe('coerceVariable', () => {
  it('reads text as the type of its schema field', () => {
    expect(coerceVariable('false', { type: 'boolean' })).toBe(false);
    expect(coerceVariable('3', { type: 'integer' })).toBe(3);
    expect(coerceVariable('-2.5e1', { type: 'number' })).toBe(-25);
    expect(coerceVariable('[1,2]', { type: 'array' })).toEqual([1, 2]);
    expect(coerceVariable('{"a":1}', { type: ['object', 'null'] })).toEqual({ a: 1 });
    expect(coerceVariable('null', { type: ['boolean', 'null'] })).toBeNull();
    expect(coerceVariable('2', { enum: [1, 2, null] })).toBe(2);
  });

  it('keeps the text where the field allows text, or where it reads as none of its types', () => {
    expect(coerceVariable('false', { type: 'string' })).toBe('false');
    expect(coerceVariable('3', { type: ['string', 'number'] })).toBe('3');
    expect(coerceVariable('abc', { type: 'integer' })).toBe('abc');
    expect(coerceVariable('1.5', { type: 'integer' })).toBe('1.5');
    expect(coerceVariable('[1]', { type: 'object' })).toBe('[1]');
    expect(coerceVariable('3', {})).toBe('3');
    expect(coerceVariable('RED', { enum: ['RED', 'BLUE'] })).toBe('RED');
  });

  it('reads only the fields the schema names, or its wildcard', () => {
    const schema = {
      type: 'object',
      properties: { n: { type: 'number' } },
      additionalProperties: { type: 'boolean' },
    };
    expect(coerceVariables({ n: '1', other: 'true' }, schema)).toEqual({ n: 1, other: true });
    expect(coerceVariables({ n: '1' }, undefined)).toEqual({ n: '1' });
  });
});

describe('a prompt rendered as Dotprompt renders it', () => {
  it('gives @metadata.prompt the prompt metadata, and keeps whitespace', async () => {
    const prompt = await resolve(
      '---\nname: greeter\nconfig:\n  temperature: 0.2\n---\n  {{@metadata.prompt.name}} at {{@metadata.prompt.config.temperature}}\n',
    );
    const rendering = await prompt.renderDotprompt({});
    expect(rendering.messages).toEqual([{ role: 'user', content: [{ text: 'greeter at 0.2' }] }]);
    expect(rendering.name).toBe('greeter');
  });

  it('marks sections as pending parts, and sends their text only', async () => {
    const prompt = await resolve('{{section "intro"}}\nHello\n');
    const rendering = await prompt.renderDotprompt({});
    expect(rendering.messages[0]!.content).toEqual([
      { metadata: { purpose: 'intro', pending: true } },
      { text: '\nHello\n' },
    ]);
    expect((await prompt.render({})).messages).toEqual([{ role: 'user', content: 'Hello' }]);
  });

  it.each([
    ['{{media url=u}}\n', 'media part'],
    ['Hi\n{{role "tool"}}result\n', '{{role "tool"}}'],
  ])('refuses to send %j to a model, naming the file and what it holds', async (body, what) => {
    const prompt = await resolve(body);
    const error = await prompt.render({ u: 'http://a/b.png' }).catch((caught: unknown) => caught);
    expect(isPlumeError(error) && error.location?.file).toBe('p.prompt');
    expect((error as Error).message).toContain(what);
  });

  it('checks variables against the input schema, at the field line', async () => {
    const prompt = await resolve(
      '---\ninput:\n  schema:\n    n: integer\n    items(array):\n      id: string\n---\n{{n}}\n',
    );
    expect(() => prompt.checkVariables({ n: 1, items: [{ id: 'a' }], extra: true })).not.toThrow();
    const error = (() => {
      try {
        prompt.checkVariables({ n: 1, items: [{ id: 2 }] });
      } catch (caught) {
        return caught;
      }
    })();
    expect(isPlumeError(error) && error.code).toBe('VARIABLE_INVALID');
    expect((error as Error).message).toContain("'items.0.id' must be string");
    expect(isPlumeError(error) && error.location?.line).toBe(6);
  });
});
