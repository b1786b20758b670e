import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { environmentSecrets, projectSecrets } from '../models/project-secrets.ts';
import { damagedStoreError, findDamage } from '../store/damaged-store.ts';
import { onStoreUpgrade } from '../store/upgrade-notice.ts';
import { EXIT_CODES, isPlumeError, PlumeError } from '../util/errors.ts';
import { plumeVersion } from '../util/package-info.ts';
import { SecretSet } from '../util/secret-set.ts';
import { commandsFor } from './commands/index.ts';
import type { CapturedCommand, CliContext } from './context.ts';
import { redactingWriter } from './redacting-writer.ts';
import './zod-config.ts';
import { contextProject } from './context.ts';

/** Run the CLI with `argv` (without node and script); resolves to the exit code. The one error boundary. */
export async function main(argv: string[], overrides: Partial<CliContext> = {}): Promise<number> {
  const secrets = new SecretSet();
  const context: CliContext = {
    cwd: process.cwd(),
    json: argv.includes('--json'),
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    ...overrides,
    secrets,
    exitCode: undefined,
  };
  context.stdout = redactingWriter(context.stdout, secrets);
  context.stderr = redactingWriter(context.stderr, secrets);
  context.runCommand = (args) => captured(args, context);
  const program = new Command('plume')
    .description("plume — the prompt engineer's workbench")
    .version(plumeVersion(), '-V, --version')
    .option('--json', 'print machine-readable JSON')
    .option('-C, --cwd <dir>', 'run as if plume was started in <dir>')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    });
  program.hook('preAction', () => {
    const options = program.opts<{ cwd?: string; json?: boolean }>();
    if (options.cwd) context.cwd = existingFolder(resolve(context.cwd, options.cwd));
    if (options.json) context.json = true;
    collectSecrets(context);
  });
  for (const register of await commandsFor(argv)) register(program, context);
  onStoreUpgrade((what) =>
    context.stderr.write(
      `plume: upgrading the project's store: ${what} (once; a large store takes a few seconds)\n`,
    ),
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
    return context.exitCode ?? 0;
  } catch (error) {
    const code = reportError(context, error);
    // Work stopped by a signal exits as stopped (128 + its number), whatever error stopping raised.
    return context.exitCode !== undefined && context.exitCode > 128 ? context.exitCode : code;
  } finally {
    onStoreUpgrade(undefined);
  }
}

/** Run `argv` as another command of this process, from the same folder and environment, its output kept. */
async function captured(argv: string[], parent: CliContext): Promise<CapturedCommand> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const code = await main(argv, { cwd: parent.cwd, env: parent.env, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A stream that keeps what is written to it, as text. */
class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** The project's credentials, known before the command writes anything. */
function collectSecrets(context: CliContext): void {
  let found: SecretSet;
  try {
    found = projectSecrets(contextProject(context), context.env);
  } catch {
    // plume.yaml does not load: the command reports why; the environment's secrets are still known.
    found = environmentSecrets(context.env);
  }
  context.secrets.addAll(found);
}

// -C names a project to work in: a typo must not start a new project (and a store) somewhere else.
function existingFolder(path: string): string {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats?.isDirectory()) return path;
  throw new PlumeError({
    code: 'USAGE',
    message: `-C ${path}: ${stats ? 'is not a folder' : 'the folder does not exist'}`,
    hint: 'give the folder of an existing project, or create it first (plume init <dir> makes a new project)',
  });
}

function reportError(context: CliContext, error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version end through here too, with exit code 0; usage errors were already printed.
    return error.exitCode === 0 ? 0 : EXIT_CODES.user;
  }
  const damage = storeDamage(context, error);
  const plumeError =
    damage ??
    (isPlumeError(error)
      ? error
      : new PlumeError({
          code: 'INTERNAL',
          message: `internal error: ${error instanceof Error ? error.message : String(error)}`,
          hint: 'this is a bug in plume; set PLUME_DEBUG=1 to see the stack and report it',
          cause: error,
        }));
  if (context.json) context.stdout.write(`${JSON.stringify({ error: plumeError.toJSON() }, null, 2)}\n`);
  else context.stderr.write(`error: ${plumeError.describe()}\n`);
  if (context.env.PLUME_DEBUG && error instanceof Error) context.stderr.write(`${error.stack}\n`);
  return EXIT_CODES[plumeError.category];
}

/**
 * A damaged store found mid-command (a page read long after the open, in a store too large to be
 * checked whole at each open) as the user error it is, wherever it was raised and whatever wrapped
 * it — not a bug of plume's. Undefined when `error` is no such damage.
 */
function storeDamage(context: CliContext, error: unknown): PlumeError | undefined {
  const damage = findDamage(error);
  if (damage === undefined) return undefined;
  try {
    return damagedStoreError(contextProject(context).storePath, damage);
  } catch {
    return undefined;
  }
}
