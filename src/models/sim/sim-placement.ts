import { detectTechniques } from '../../library/techniques/catalogue.ts';
import type { Message } from '../../spec/model.ts';
import type { SimPhrase, SimPlacement, SimSettings, SimTechnique } from './sim-settings.ts';
import { foldText, textOf } from './sim-text.ts';

type Vars = Readonly<Record<string, unknown>>;

/** The parts of a request a technique or phrase may be required to sit in. */
export interface SimRegions {
  /** Every message, joined by blank lines. */
  all: string;
  /** The text before the first place the test's input (`inputVar`) appears; all of it when it does not. */
  'before-input': string;
  /** The text after the input's end; empty when it does not appear. */
  'after-input': string;
  /** The system messages, joined by blank lines. */
  system: string;
}

/** The regions of a request for a test (see docs/simulator.md, "Placement and phrases"). */
export function regionsOf(settings: SimSettings, messages: readonly Message[], vars: Vars): SimRegions {
  const all = messages.map((message) => message.content).join('\n\n');
  const system = messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content)
    .join('\n\n');
  const value = vars[settings.inputVar];
  const input = value === undefined || value === null ? '' : textOf(value);
  const at = input.trim() === '' ? -1 : all.indexOf(input);
  if (at < 0) return { all, 'before-input': all, 'after-input': '', system };
  return { all, 'before-input': all.slice(0, at), 'after-input': all.slice(at + input.length), system };
}

/** The techniques whose effects count: detected in the prompt, and in their required region if any. */
export function placedTechniques(settings: SimSettings, regions: SimRegions): SimTechnique[] {
  const found = detectTechniques(regions.all).filter((id): id is SimTechnique => id !== 'few-shot');
  const byRegion = new Map<SimPlacement, Set<string>>();
  return found.filter((id) => {
    const where = settings.placement[id] ?? 'anywhere';
    if (where === 'anywhere') return true;
    if (!byRegion.has(where)) byRegion.set(where, new Set(detectTechniques(regions[regionKey(where)])));
    return byRegion.get(where)!.has(id);
  });
}

/** The phrases found (case and whitespace ignored), each in its region; each counts once. */
export function foundPhrases(settings: SimSettings, regions: SimRegions): SimPhrase[] {
  const folded = new Map<SimPlacement, string>();
  return settings.phrases.filter((phrase) => {
    const where = phrase.where;
    if (!folded.has(where)) folded.set(where, foldText(regions[regionKey(where)]).toLowerCase());
    return folded.get(where)!.includes(foldText(phrase.text).toLowerCase());
  });
}

function regionKey(where: SimPlacement): keyof SimRegions {
  return where === 'anywhere' ? 'all' : where;
}
