import { PlumeError } from '../../util/errors.ts';
import type { Technique, TechniqueOptions, TechniquePhrasing } from './technique.ts';

/**
 * The phrasing `options.phrasing` names (1-based; the first when unset). A number outside the
 * technique's phrasings is a user error that says how many there are.
 */
export function chosenPhrasing(
  technique: Pick<Technique, 'id' | 'phrasings'>,
  options: TechniqueOptions,
): TechniquePhrasing {
  const number = options.phrasing ?? 1;
  const count = technique.phrasings.length;
  if (!Number.isInteger(number) || number < 1 || number > count) {
    throw new PlumeError({
      code: 'USAGE',
      message: `${technique.id} has ${count} phrasing${count === 1 ? '' : 's'}; phrasing ${number} is not one of them`,
      hint: `give a number from 1 to ${count}; \`plume techniques show ${technique.id}\` lists them`,
    });
  }
  return technique.phrasings[number - 1]!;
}

/** "phrasing 2 of 4": how candidates and listings name a phrasing. */
export function phrasingLabel(number: number, count: number): string {
  return `phrasing ${number} of ${count}`;
}

/** Each phrasing of a technique as written with the default options, for listings. */
export function phrasingTexts(technique: Technique): Array<{ number: number; name: string; text: string }> {
  return technique.phrasings.map((phrasing, index) => ({
    number: index + 1,
    name: phrasing.name,
    text: phrasing.render({}),
  }));
}
