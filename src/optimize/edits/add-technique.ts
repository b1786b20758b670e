import { additionKey, type EditHandler } from './edit.ts';
import { randomChoice } from './random-choice.ts';
import { techniqueAdditions } from './technique-additions.ts';

/**
 * GrIPS `add`, with plume's catalogue as the source of additions: one technique the body does not
 * use yet, in one of its phrasings, with its default options, placed where the technique goes
 * (see template-layout.ts). Few-shot, having no demonstrations, never applies. A technique and
 * phrasing the search has raced already is drawn only when every other has been.
 */
export const addTechnique: EditHandler = (body, _phrases, random, hints = {}) => {
  const all = techniqueAdditions(body);
  const additions = all.filter((addition) => !hints.taken?.has(addition.body));
  if (additions.length === 0) return undefined;
  const tried = hints.triedAdditions;
  const fresh = tried ? additions.filter((addition) => !tried.has(additionKey(addition))) : additions;
  const {
    description,
    body: applied,
    technique,
    phrasing,
  } = randomChoice(fresh.length > 0 ? fresh : additions, random);
  return { description, body: applied, addition: { technique, phrasing } };
};
