import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PlumeError } from '../../util/errors.ts';
import { type CliContext, emit, type RegisterCommand } from '../context.ts';
import { INIT_FILES } from '../init-templates.ts';
import { outputFile } from '../output-file.ts';

interface InitOptions {
  force?: boolean;
}

/** `plume init [dir]`: a new project with example prompts. */
export const registerInit: RegisterCommand = (program, context) => {
  program
    .command('init')
    .description('create a plume project with example prompts')
    .argument('[dir]', 'folder to create the project in', '.')
    .option('-f, --force', 'overwrite files that already exist')
    .action((dir: string, options: InitOptions) => initProject(context, dir, options));
};

function initProject(context: CliContext, dir: string, options: InitOptions): void {
  const root = resolve(context.cwd, dir);
  const existing = Object.keys(INIT_FILES).filter((file) => existsSync(join(root, file)));
  if (existing.length > 0 && !options.force) {
    throw new PlumeError({
      code: 'USAGE',
      message: `${relative(context.cwd, root) || '.'} already holds ${existing.join(', ')}`,
      hint: 'pick another folder, or pass --force to overwrite these files',
    });
  }
  for (const [file, content] of Object.entries(INIT_FILES)) {
    createFolder(dirname(join(root, file)));
    outputFile(root, file, 'plume init').write((write) => write(content));
  }
  const shown = relative(context.cwd, root) || '.';
  emit(context, { root, files: Object.keys(INIT_FILES) }, () =>
    [
      `Created a plume project in ${shown}:`,
      ...Object.keys(INIT_FILES).map((file) => `  ${file}`),
      '',
      'Next:',
      `  plume -C ${shown} eval                              # run the example suite`,
      `  plume -C ${shown} render haiku --var topic=autumn   # the messages, no model call`,
      `  plume -C ${shown} run haiku --var topic=autumn      # call the default model`,
      `  plume -C ${shown} lib list                          # the library`,
    ].join('\n'),
  );
}

function createFolder(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (cause) {
    throw new PlumeError({
      code: 'OUTPUT_UNWRITABLE',
      message: `cannot create the folder ${folder}: ${cause instanceof Error ? cause.message : cause}`,
      hint: 'pick a folder you can write to',
      cause,
    });
  }
}
