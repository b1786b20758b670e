import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { importPromptfoo, type NotCarried, type PromptfooImport } from '../../eval/suite/import-promptfoo.ts';
import { PlumeError } from '../../util/errors.ts';
import { type CliContext, emit, type RegisterCommand } from '../context.ts';

interface ImportOptions {
  out?: string;
  dryRun?: boolean;
  force?: boolean;
}

const SUITE_FILE = 'plume.suite.yaml';

/** `plume import promptfoo CONFIG`: a plume suite and prompt files from a promptfoo config. */
export const registerImport: RegisterCommand = (program, context) => {
  program
    .command('import')
    .description("bring another tool's files into plume")
    .command('promptfoo')
    .description(
      `write a plume suite (${SUITE_FILE}) and Dotprompt files from a promptfoo config, listing what plume does not take`,
    )
    .argument('<config>', 'the promptfoo config (promptfooconfig.yaml, YAML or JSON)')
    .option('--out <dir>', "where to write the suite and its prompts/ (default: the config's folder)")
    .option('--dry-run', 'only list what would be written and what is not carried over')
    .option('--force', `overwrite an existing ${SUITE_FILE} or prompt file`)
    .action((config: string, options: ImportOptions) => importCommand(context, config, options));
};

async function importCommand(context: CliContext, config: string, options: ImportOptions): Promise<void> {
  const configFile = resolve(context.cwd, config);
  if (!existsSync(configFile)) {
    throw new PlumeError({
      code: 'USAGE',
      message: `promptfoo config not found: ${config}`,
      hint: 'give the path of a promptfooconfig.yaml',
    });
  }
  const outDir = resolve(context.cwd, options.out ?? dirname(configFile));
  const imported = await importPromptfoo(configFile, outDir);
  const suiteFile = join(outDir, SUITE_FILE);
  const files = [
    { path: suiteFile, content: suiteText(imported.suite, relative(outDir, configFile)) },
    ...imported.prompts,
  ];
  if (!options.dryRun) writeAll(files, options.force === true);
  emit(
    context,
    {
      suite: suiteFile,
      written: options.dryRun ? [] : files.map((file) => file.path),
      prompts: imported.prompts.map(({ path, from }) => ({ path, from })),
      notCarried: imported.notCarried,
      loads: imported.loads,
    },
    () => describe(imported, suiteFile, options.dryRun === true, context.cwd),
  );
}

function suiteText(suite: Record<string, unknown>, from: string): string {
  return `# Imported from ${from} by plume import promptfoo.\n${stringify(suite, { lineWidth: 0 })}`;
}

function writeAll(files: readonly { path: string; content: string }[], force: boolean): void {
  const existing = files.filter((file) => existsSync(file.path));
  if (existing.length > 0 && !force) {
    throw new PlumeError({
      code: 'USAGE',
      message: `${existing.map((file) => file.path).join(', ')} already exist${existing.length === 1 ? 's' : ''}`,
      hint: 'give another folder with --out, or --force to overwrite',
    });
  }
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.content);
  }
}

function describe(imported: PromptfooImport, suiteFile: string, dryRun: boolean, cwd: string): string {
  const show = (path: string) => relative(cwd, path) || '.';
  const lines = [
    `${dryRun ? 'would write' : 'wrote'} ${show(suiteFile)}${imported.prompts.length > 0 ? ` and ${imported.prompts.length} prompt file(s)` : ''}`,
    ...imported.prompts.map((file) => `  ${show(file.path)}  from ${file.from}`),
  ];
  if (imported.notCarried.length === 0) lines.push('everything was carried over');
  else {
    lines.push(`not carried over (${imported.notCarried.length}):`);
    for (const item of imported.notCarried) lines.push(`  ${formatItem(item, cwd)}`);
  }
  if (!imported.loads) {
    lines.push(
      `plume does not load the suite yet: the last item above stopped the import; edit ${show(suiteFile)} to fix it`,
    );
  }
  return lines.join('\n');
}

function formatItem(item: NotCarried, cwd: string): string {
  const where = `${relative(cwd, item.file) || item.file}${item.line === undefined ? '' : `:${item.line}`}`;
  return `${where}: ${item.path === undefined ? '' : `${item.path}: `}${item.message}`;
}
