import type { EditHandler } from './edit.ts';
import { randomChoice } from './random-choice.ts';
import { techniqueAdditions } from './technique-additions.ts';

/**
 * GrIPS `add`, with plume's catalogue as the source of additions: one technique the body does not
 * use yet, in one of its phrasings, with its default options, placed where the technique goes
 * (see template-layout.ts). Few-shot, having no demonstrations, never applies.
 */
export const addTechnique: EditHandler = (body, _phrases, random) => {
  const additions = techniqueAdditions(body);
  if (additions.length === 0) return undefined;
  const { description, body: applied } = randomChoice(additions, random);
  return { description, body: applied };
};
