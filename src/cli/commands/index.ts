import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

/** Adds one command (or group) to the program. */
export type RegisterCommand = (program: Command, context: CliContext) => void;

/** Every command, in the order `plume --help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [];
