import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { loadProject, type Project } from '../library/project.ts';
import type { SecretSet } from '../util/secret-set.ts';

/** What every command gets: where to write, and whether the caller wants JSON. */
export interface CliContext {
  cwd: string;
  json: boolean;
  stdout: Writable;
  stderr: Writable;
  /** Environment, so tests can pass their own. */
  env: NodeJS.ProcessEnv;
  /** The credentials of the project's providers: stdout and stderr never show them. */
  secrets: SecretSet;
  /**
   * Set by a command that ran but whose checks failed (1) or whose cells errored (3), or by work
   * stopped by a signal (128 + its number); main returns it.
   */
  exitCode?: number;
  /**
   * Run another plume command in this process, its output captured (set by main): how the MCP
   * server answers a tool with exactly what the command prints under --json.
   */
  runCommand?: (argv: string[]) => Promise<CapturedCommand>;
}

/** What a command run through `runCommand` printed and returned. */
export interface CapturedCommand {
  code: number;
  stdout: string;
  stderr: string;
}

/** Print a command's result: `human` for people, `data` as one JSON document under --json. */
export function emit(context: CliContext, data: unknown, human: () => string): void {
  if (context.json) context.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  else {
    const text = human();
    if (text.length > 0) context.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

/** A note for people on stderr; silent under --json so stdout stays one JSON document. */
export function note(context: CliContext, text: string): void {
  if (!context.json) context.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Adds one command (or group) to the program. */
export type RegisterCommand = (program: Command, context: CliContext) => void;

const projects = new WeakMap<CliContext, Project>();

/**
 * The project of the command's folder, read once a command: main reads it first for the
 * credentials to redact, and the command gets the same one.
 */
export function contextProject(context: CliContext): Project {
  let project = projects.get(context);
  if (project === undefined) {
    project = loadProject(context.cwd, context.env);
    projects.set(context, project);
  }
  return project;
}
