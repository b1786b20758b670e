import type { RegisterCommand } from '../context.ts';
import { registerCache } from './cache.ts';
import { registerEval } from './eval.ts';
import { registerInit } from './init.ts';
import { registerLib } from './lib.ts';
import { registerModels } from './models.ts';
import { registerRender } from './render.ts';
import { registerRun } from './run.ts';
import { registerRuns } from './runs.ts';
import { registerUi } from './ui.ts';

export type { RegisterCommand } from '../context.ts';

/** Every command, in the order `plume --help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerInit,
  registerRender,
  registerRun,
  registerEval,
  registerRuns,
  registerLib,
  registerModels,
  registerCache,
  registerUi,
];
