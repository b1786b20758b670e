import type { RegisterCommand } from '../context.ts';
import { registerInit } from './init.ts';

export type { RegisterCommand } from '../context.ts';

/** Every command, in the order `plume --help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [registerInit];
