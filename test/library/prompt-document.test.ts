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

  it('reports an unknown key at its line, suggesting the key it probably meant', () => {
    const error = errorOf('---\ndescription: d\nconfig:\n  temprature: 0.2\n---\nHi\n');
    expect(error.code).toBe('PROMPT_INVALID');
    expect(error.location).toEqual({ file: 'p.prompt', line: 4 });
    expect(error.message).toContain('config.temprature');
    expect(error.hint).toContain("'temperature'");
  });

  it('reports a wrong type at the line of the value', () => {
    const error = errorOf('---\ndescription: d\ntags: solo\n---\nHi\n');
    expect(error.location?.line).toBe(3);
    expect(error.message).toContain('tags');
  });

  it('reports an out-of-range setting and a model without a provider', () => {
    expect(errorOf('---\nconfig:\n  temperature: 3\n---\nHi\n').location?.line).toBe(3);
    const model = errorOf('---\n\nmodel: gpt-4o\n---\nHi\n');
    expect(model.location?.line).toBe(3);
    expect(model.message).toContain('provider:model');
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

  it('does not put the prompt text in error messages', () => {
    const error = errorOf('---\nsecret_key: the-secret-text\n---\nHi\n');
    expect(error.describe()).not.toContain('the-secret-text');
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
