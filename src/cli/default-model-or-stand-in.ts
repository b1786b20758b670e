import type { ModelRegistry } from '../models/registry.ts';
import { isPlumeError } from '../util/errors.ts';
import { type CliContext, note } from './context.ts';

/** What stands in when no model can be had: echo shows the rendered prompt; sim simulates answers. */
export type ModelStandIn = 'echo' | 'sim';

const STAND_INS: Record<ModelStandIn, { ref: string; lines: string[] }> = {
  echo: {
    ref: 'echo:default',
    lines: [
      'plume found no hosted provider key and no local model file, so it',
      'shows the rendered prompt through the echo provider: NOT a model.',
    ],
  },
  sim: {
    ref: 'sim:classify',
    lines: [
      'plume found no hosted provider key and no local model file, so it',
      'runs the suite on sim, a seeded SIMULATOR: a test instrument, NOT a',
      'model. Its answers are drawn at random (right about half the time,',
      'more when the prompt states its task and format), so that the',
      'statistics, reports and web app can be seen offline.',
    ],
  },
};

/** The project's default model; with none to be had, a stand-in under a banner saying so. */
export async function defaultModelOrStandIn(
  context: CliContext,
  registry: ModelRegistry,
  standIn: ModelStandIn,
): Promise<string> {
  try {
    return await registry.defaultModelRef();
  } catch (error) {
    if (!isPlumeError(error) || error.code !== 'MODEL_UNAVAILABLE') throw error;
    const hint = error.hint ?? 'set a provider key or PLUME_LOCAL_MODEL=/path/to/model.gguf';
    note(
      context,
      [
        '┌─ no model available ─────────────────────────────────────────────',
        ...STAND_INS[standIn].lines.map((line) => `│ ${line}`),
        ...wrap(hint, 64).map((line) => `│ ${line}`),
        '└──────────────────────────────────────────────────────────────────',
      ].join('\n'),
    );
    return STAND_INS[standIn].ref;
  }
}

/** Words of `text` in lines of at most `width` characters (a longer word gets its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}
