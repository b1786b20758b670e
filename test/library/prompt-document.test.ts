import { describe, expect, it } from 'vitest';
import { configToParams, parsePromptDocument } from '../../src/library/prompt-document.ts';
import { isPlumeError, type PlumeError } from '../../src/util/errors.ts';

function errorOf(content: string): PlumeError {
  try {
    parsePromptDocument(content, 'p.prompt');
  } catch (error) {
    if (isPlumeError(error)) return error;
    throw error;
  }
  throw new Error('expected a PlumeError');
}

describe('parsePromptDocument', () => {
  it('reads the front matter, the body and the line the body starts on', () => {
    const document = parsePromptDocument(
      '---\nmodel: openai:gpt-4o-mini\nconfig:\n  temperature: 0.3\n  maxOutputTokens: 50\n  stopSequences: [END]\n---\nHi {{name}}\n',
      'p.prompt',
    );
    expect(document.model).toBe('openai:gpt-4o-mini');
    expect(document.params).toEqual({ temperature: 0.3, maxTokens: 50, stop: ['END'] });
    expect(document.body).toBe('Hi {{name}}\n');
    expect(document.bodyLine).toBe(8);
  });

  it('takes a file without front matter as all body', () => {
    const document = parsePromptDocument('Just {{text}}\n', 'p.prompt');
    expect(document.frontMatter).toEqual({});
    expect(document.bodyLine).toBe(1);
  });

  it('keeps an unknown key, with a warning at its line suggesting the key it probably meant', () => {
    const document = parsePromptDocument(
      '---\ndescription: d\nconfig:\n  temprature: 0.2\n---\nHi\n',
      'p.prompt',
    );
    expect(document.frontMatter.config).toEqual({ temprature: 0.2 });
    expect(document.params).toEqual({});
    expect(document.warnings).toHaveLength(1);
    expect(document.warnings[0]).toMatchObject({ file: 'p.prompt', line: 4 });
    expect(document.warnings[0]!.message).toContain('config.temprature');
    expect(document.warnings[0]!.hint).toContain("'temperature'");
  });

  it('accepts what the Dotprompt specification accepts, warning where plume cannot use it', () => {
    const document = parsePromptDocument(
      [
        '---',
        'name: greet',
        'version: "2"',
        'model: googleai/gemini-2.0-flash',
        'tools: [lookup]',
        'config:',
        '  temperature: 3',
        '  safetySettings: [{ category: x }]',
        'output:',
        '  format: media',
        'ext1.foo: bar',
        'custom: prop',
        '---',
        'Hi',
        '',
      ].join('\n'),
      'p.prompt',
    );
    expect(document.frontMatter).toMatchObject({
      name: 'greet',
      version: '2',
      tools: ['lookup'],
      custom: 'prop',
    });
    expect(document.model).toBeUndefined();
    expect(document.params).toEqual({});
    const model = document.warnings.find((warning) => warning.line === 4);
    expect(model?.hint).toBe("write it as 'google:gemini-2.0-flash'");
    const lines = Object.fromEntries(document.warnings.map((warning) => [warning.line, warning.message]));
    expect(lines).toEqual({
      4: expect.stringContaining('not a plume model id'),
      5: expect.stringContaining('does not call tools'),
      7: expect.stringContaining('config.temperature'),
      8: expect.stringContaining('config.safetySettings'),
      10: expect.stringContaining('output.format'),
      12: expect.stringContaining('custom'),
    });
  });

  it('reports a wrong type at the line of the value', () => {
    const error = errorOf('---\ndescription: d\ntags: solo\n---\nHi\n');
    expect(error.location?.line).toBe(3);
    expect(error.message).toContain('tags');
  });

  it('reports YAML syntax errors at their line in the file, not in the front matter', () => {
    const error = errorOf('---\ndescription: ok\nmodel: [unclosed\n---\nHi\n');
    expect(error.message).toMatch(/YAML syntax error/);
    expect(error.location?.line).toBe(3);
  });

  it('refuses a front matter that is never closed', () => {
    const error = errorOf('---\ndescription: d\nHi\n');
    expect(error.location?.line).toBe(1);
    expect(error.hint).toContain('---');
  });

  it('keeps a version YAML reads as a number, as written', () => {
    expect(parsePromptDocument('---\nversion: 2\n---\nHi\n', 'p.prompt').frontMatter.version).toBe(2);
  });

  it('does not put the prompt text in error messages or warnings', () => {
    const error = errorOf('---\ntags: the-secret-text\n---\nHi\n');
    expect(error.describe()).not.toContain('the-secret-text');
    const { warnings } = parsePromptDocument('---\nsecret_key: the-secret-text\n---\nHi\n', 'p.prompt');
    expect(JSON.stringify(warnings)).not.toContain('the-secret-text');
  });
});

describe('configToParams', () => {
  it('maps Dotprompt names onto ModelParams and keeps plume names', () => {
    expect(configToParams({ maxOutputTokens: 10, stopSequences: ['a'], topK: 3, seed: 7 })).toEqual({
      maxTokens: 10,
      stop: ['a'],
      topK: 3,
      seed: 7,
    });
    expect(configToParams({ maxTokens: 5, stop: ['b'] })).toEqual({ maxTokens: 5, stop: ['b'] });
    expect(configToParams(undefined)).toEqual({});
  });
});
