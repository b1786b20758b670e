import { TECHNIQUES } from '../../library/techniques/catalogue.ts';
import type { EditHandler } from './edit.ts';
import { shuffled } from './random-choice.ts';

/**
 * GrIPS `add`, with plume's catalogue as the source of additions: apply one technique the body
 * does not use yet, with its default options (few-shot, having no demonstrations, never applies).
 */
export const addTechnique: EditHandler = (body, _phrases, random) => {
  for (const technique of shuffled(TECHNIQUES, random)) {
    if (technique.detect(body)) continue;
    const applied = technique.apply(body);
    if (applied !== body) return { description: `add: ${technique.id} (${technique.name})`, body: applied };
  }
  return undefined;
};
