import { closestKey } from '../../spec/closest-key.ts';
import { PlumeError } from '../../util/errors.ts';
import { audienceTone } from './audience-tone.ts';
import { chainOfThought } from './chain-of-thought.ts';
import { constraints } from './constraints.ts';
import { delimiters } from './delimiters.ts';
import { fewShot } from './few-shot.ts';
import { outputFormat } from './output-format.ts';
import { role } from './role.ts';
import { selfCheck } from './self-check.ts';
import { stepDecomposition } from './step-decomposition.ts';
import { taskStatement } from './task-statement.ts';
import type { Technique, TechniqueId } from './technique.ts';

/** Every technique, keyed by id: the compiler proves each TechniqueId has one. */
const BY_ID: Readonly<Record<TechniqueId, Technique>> = {
  role,
  'task-statement': taskStatement,
  'output-format': outputFormat,
  delimiters,
  'few-shot': fewShot,
  'chain-of-thought': chainOfThought,
  'step-decomposition': stepDecomposition,
  'self-check': selfCheck,
  constraints,
  'audience-tone': audienceTone,
};

/** The catalogue of prompting techniques, in a fixed order (role first, audience and tone last). */
export const TECHNIQUES: readonly Technique[] = Object.freeze(Object.values(BY_ID));

/** The technique with this id; an unknown id is a user error naming the known ids. */
export function getTechnique(id: string): Technique {
  if (Object.hasOwn(BY_ID, id)) return BY_ID[id as TechniqueId];
  const known = Object.keys(BY_ID);
  const guess = closestKey(id, known);
  throw new PlumeError({
    code: 'USAGE',
    message: `unknown technique '${id}'`,
    hint: `${guess ? `did you mean '${guess}'? ` : ''}known techniques: ${known.join(', ')}`,
  });
}

/** The ids of the techniques a prompt body already uses, in catalogue order. */
export function detectTechniques(body: string): TechniqueId[] {
  return TECHNIQUES.filter((technique) => technique.detect(body)).map((technique) => technique.id);
}
