import { relative } from 'node:path';
import { Library } from '../../library/library.ts';
import { shortHash } from '../../library/normalize-content.ts';
import { PlumeError } from '../../util/errors.ts';
import { formatTable } from '../../util/format-table.ts';
import { type CliContext, contextProject, emit, type RegisterCommand } from '../context.ts';
import { parseNonNegativeInteger, parsePositiveInteger } from '../options.ts';
import { outputFile } from '../output-file.ts';
import { field, formatDate, formatDiff, formatLineage, oneLine } from './lib-format.ts';

/** `plume lib …`: the prompt library — versions, labels, tags, search, diff, lineage, import and export. */
export const registerLib: RegisterCommand = (program, context) => {
  const lib = program.command('lib').description('the prompt library: versions, labels, tags, search, diff');
  const act = withLibrary(context);
  lib.command('list').description('list the prompts').action(act(list));
  lib
    .command('show')
    .description('show a version: its details and content')
    .argument('<ref>', 'name, name@label, name@hash or a file')
    .action(act(show));
  lib
    .command('history')
    .description('the versions of a prompt, newest first, and the moves of its labels')
    .argument('<name>')
    .action(act(history));
  lib
    .command('diff')
    .description('how two versions differ: front matter changes and a unified diff of the body')
    .argument('<from>', 'a ref')
    .argument('<to>', 'a ref')
    .option('-U, --context <lines>', 'lines of context around changes', parseNonNegativeInteger, 3)
    .action(act(diff));
  lib
    .command('label')
    .description('point a label at a version (default: the current file), or roll it back')
    .argument('<name>', 'the prompt')
    .argument('<label>', 'production, staging, or any name')
    .argument('[ref]', 'a hash prefix, another label, or name@…')
    .option('--rollback', 'move the label back to where it pointed before its last move')
    .action(act(label));
  lib
    .command('tag')
    .description('tag a prompt (or remove tags with --remove)')
    .argument('<name>')
    .argument('<tags...>')
    .option('--remove', 'remove these tags')
    .action(act(tag));
  lib
    .command('search')
    .description('full-text search over names, descriptions, bodies and tags')
    .argument('<query...>')
    .option('-n, --limit <count>', 'most results', parsePositiveInteger, 20)
    .action(act(search));
  lib
    .command('import')
    .description('import a .prompty, .txt or .md prompt as a .prompt file, and record it')
    .argument('<file>')
    .option('--name <name>', 'name in the library (default: the file name)')
    .option('-f, --force', 'replace a prompt of that name')
    .option('-m, --message <text>', 'version message')
    .option('--author <name>', 'version author')
    .action(act(importFile));
  lib
    .command('export')
    .description('write a version as a .prompt file (to stdout without -o)')
    .argument('<ref>')
    .option('-o, --output <file>', 'file to write')
    .action(act(exportVersion));
  lib
    .command('save')
    .description('record the current files of prompts as versions, with a message')
    .argument('[names...]', 'prompts to save (default: every prompt file)')
    .requiredOption('-m, --message <text>', 'what changed, and why')
    .option('--author <name>', 'version author (default: PLUME_AUTHOR, git user.name, the OS user)')
    .option('--parent <ref>', 'the version this one comes from (one prompt only)')
    .action(act(save));
  lib
    .command('lineage')
    .description('where a version came from, and the versions made from it')
    .argument('<ref>')
    .action(act(lineage));
};

/** Run a subcommand with the project's library open, closing it however the command ends. */
function withLibrary(context: CliContext) {
  return <A extends unknown[]>(work: (context: CliContext, library: Library, ...args: A) => unknown) =>
    async (...args: A): Promise<void> => {
      const library = Library.open(contextProject(context), {
        cwd: context.cwd,
        env: context.env,
      });
      try {
        await work(context, library, ...args);
      } finally {
        library.close();
      }
    };
}

async function label(
  context: CliContext,
  library: Library,
  name: string,
  labelName: string,
  ref: string | undefined,
  options: { rollback?: boolean },
): Promise<void> {
  if (options.rollback && ref !== undefined) {
    throw new PlumeError({ code: 'USAGE', message: 'give a ref or --rollback, not both' });
  }
  const result = options.rollback
    ? library.rollback(name, labelName)
    : await library.label(name, labelName, ref);
  const from = result.move?.fromHash;
  emit(context, result, () => {
    if (!result.move) return `${name}@${labelName} already points at ${shortHash(result.hash)}`;
    const was = from ? ` (was ${shortHash(from)})` : '';
    return `${name}@${labelName} → ${shortHash(result.hash)}${was}${options.rollback ? ', rolled back' : ''}`;
  });
}

function tag(
  context: CliContext,
  library: Library,
  name: string,
  tags: string[],
  options: { remove?: boolean },
): void {
  const now = options.remove ? library.untag(name, tags) : library.tag(name, tags);
  emit(context, { name, tags: now }, () => `${name}: ${now.length > 0 ? now.join(', ') : '(no tags)'}`);
}

function search(context: CliContext, library: Library, words: string[], options: { limit: number }): void {
  const hits = library.search(words.join(' '), options.limit);
  emit(context, hits, () =>
    hits.length === 0
      ? 'no prompt matches'
      : formatTable(hits.map((hit) => [hit.name, oneLine(hit.snippet)])),
  );
}

async function importFile(
  context: CliContext,
  library: Library,
  file: string,
  options: { name?: string; force?: boolean; message?: string; author?: string },
): Promise<void> {
  const result = await library.import(file, options);
  emit(context, result, () => {
    const where = relative(context.cwd, result.filePath);
    const lines = [`imported ${result.name} → ${where} (${shortHash(result.version.hash)})`];
    if (result.dropped.length > 0)
      lines.push(`left out (no .prompt equivalent): ${result.dropped.join(', ')}`);
    return lines.join('\n');
  });
}

function exportVersion(
  context: CliContext,
  library: Library,
  ref: string,
  options: { output?: string },
): void {
  const output = options.output ? outputFile(context.cwd, options.output) : undefined;
  const exported = library.export(ref);
  if (!output) {
    emit(context, exported, () => exported.content.replace(/\n$/, ''));
    return;
  }
  output.write((write) => write(exported.content));
  emit(
    context,
    { ...exported, path: output.path },
    () => `wrote ${exported.name}@${shortHash(exported.hash)} to ${options.output}`,
  );
}

function lineage(context: CliContext, library: Library, ref: string): void {
  const result = library.lineage(ref);
  emit(context, result, () => formatLineage(result));
}

function list(context: CliContext, library: Library): void {
  const listing = library.list();
  emit(
    context,
    {
      prompts: listing.prompts,
      invalid: listing.invalid.map((entry) => ({ ...entry, error: entry.error.toJSON() })),
    },
    () => {
      const rows = listing.prompts.map((prompt) => [
        prompt.name,
        prompt.hash ? `${shortHash(prompt.hash)}${prompt.recorded ? ' ' : '*'}` : '-',
        String(prompt.versions),
        Object.entries(prompt.labels)
          .map(([label, hash]) => `${label}=${shortHash(hash)}`)
          .join(' '),
        prompt.tags.join(','),
        prompt.description ?? '',
      ]);
      const lines =
        rows.length > 0
          ? [formatTable([['NAME', 'HASH', 'VERSIONS', 'LABELS', 'TAGS', 'DESCRIPTION'], ...rows])]
          : ['no prompts yet'];
      if (listing.prompts.some((prompt) => !prompt.recorded))
        lines.push('* edited since its last version (recorded when used or saved)');
      for (const entry of listing.invalid) lines.push(`invalid: ${entry.error.describe()}`);
      return lines.join('\n');
    },
  );
}

function show(context: CliContext, library: Library, ref: string): void {
  const target = library.lookup(ref);
  const { version } = target;
  const labels = library.labels(target.name).filter((label) => label.versionHash === version.hash);
  const data = { ...target, labels: labels.map((label) => label.label) };
  emit(context, data, () =>
    [
      `${version.name}@${shortHash(version.hash)}${target.recorded ? '' : '  (not recorded yet)'}`,
      ...field('labels', data.labels.join(', ')),
      ...field('parent', version.parentHash ? shortHash(version.parentHash) : ''),
      ...(target.recorded
        ? [...field('author', version.author), ...field('date', formatDate(version.createdAt))]
        : []),
      ...field('message', version.message),
      ...field('file', target.filePath ? relative(context.cwd, target.filePath) : ''),
      '',
      version.content.replace(/\n$/, ''),
    ].join('\n'),
  );
}

function history(context: CliContext, library: Library, name: string): void {
  const result = library.history(name);
  emit(context, result, () => {
    const rows = result.versions.map((version) => [
      shortHash(version.hash),
      formatDate(version.createdAt),
      version.author,
      version.message + (version.labels.length > 0 ? `  [${version.labels.join(', ')}]` : ''),
    ]);
    if (result.unrecorded)
      rows.unshift([`${shortHash(result.unrecorded.hash)}*`, '', '', '(edited file, not recorded yet)']);
    const lines = rows.length > 0 ? [formatTable(rows)] : [`${name} has no versions yet`];
    if (result.labelMoves.length > 0) {
      lines.push('', 'label moves:');
      for (const move of result.labelMoves) {
        const from = move.fromHash ? shortHash(move.fromHash) : '∅';
        lines.push(
          `  ${formatDate(move.at)}  ${move.label}: ${from} → ${shortHash(move.toHash)}${move.rollback ? ' (rollback)' : ''}`,
        );
      }
    }
    return lines.join('\n');
  });
}

function diff(
  context: CliContext,
  library: Library,
  from: string,
  to: string,
  options: { context: number },
): void {
  const result = library.diff(from, to, options.context);
  emit(context, result, () => formatDiff(result));
}

async function save(
  context: CliContext,
  library: Library,
  names: string[],
  options: { message: string; author?: string; parent?: string },
): Promise<void> {
  const targets =
    names.length > 0
      ? names
      : library
          .list()
          .prompts.filter((prompt) => prompt.hasFile)
          .map((prompt) => prompt.name);
  if (options.parent !== undefined && targets.length !== 1) {
    throw new PlumeError({
      code: 'USAGE',
      message: '--parent needs exactly one prompt name',
      hint: 'save that prompt alone',
    });
  }
  const results: { name: string; hash: string; created: boolean; parentHash: string | undefined }[] = [];
  for (const name of targets) {
    const result = await library.save({
      name,
      message: options.message,
      author: options.author,
      parent: options.parent,
    });
    results.push({
      name,
      hash: result.version.hash,
      created: result.created,
      parentHash: result.version.parentHash,
    });
  }
  emit(context, results, () =>
    results.length === 0
      ? 'no prompt files to save'
      : formatTable(
          results.map((result) => [
            result.name,
            shortHash(result.hash),
            result.created ? 'saved' : 'already a version',
          ]),
        ),
  );
}
