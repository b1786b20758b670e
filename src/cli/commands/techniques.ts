import type { Command } from 'commander';
import { splitFrontMatter } from '../../library/front-matter.ts';
import { Library } from '../../library/library.ts';
import type { RefTarget } from '../../library/library-refs.ts';
import { shortHash } from '../../library/normalize-content.ts';
import { getTechnique, TECHNIQUES } from '../../library/techniques/catalogue.ts';
import { chosenPhrasing, phrasingTexts } from '../../library/techniques/phrasing.ts';
import type { Demonstration, Technique, TechniqueOptions } from '../../library/techniques/technique.ts';
import { PlumeError } from '../../util/errors.ts';
import { formatTable } from '../../util/format-table.ts';
import { type CliContext, contextProject, emit, note, type RegisterCommand } from '../context.ts';

interface ApplyOptions {
  role?: string;
  task?: string;
  format?: string;
  constraint: string[];
  example: string[];
  audience?: string;
  tone?: string;
  phrasing?: number;
  save?: boolean;
  message?: string;
  author?: string;
}

/** `plume techniques …`: the catalogue of prompting techniques, and applying one to a prompt. */
export const registerTechniques: RegisterCommand = (program, context) => {
  const techniques = program
    .command('techniques')
    .description('the catalogue of prompting techniques: list, show, apply one to a prompt');
  techniques
    .command('list')
    .description('list the techniques')
    .action(() => list(context));
  techniques
    .command('show')
    .description('what a technique does, when it helps and hurts, and an example')
    .argument('<id>', 'a technique id (see `plume techniques list`)')
    .action((id: string) => show(context, id));
  withApplyOptions(techniques.command('apply'))
    .description('apply a technique to a prompt and print the new file (record it with --save)')
    .argument('<id>', 'a technique id')
    .argument('<prompt>', 'a prompt name, name@label, name@hash, or a prompt file')
    .action((id: string, prompt: string, options: ApplyOptions) => apply(context, id, prompt, options));
};

function withApplyOptions(command: Command): Command {
  const collect = (value: string, previous: string[]) => [...previous, value];
  return command
    .option('--role <role>', 'role: who the model is ("an experienced support agent")')
    .option('--task <task>', 'task-statement: the task in one sentence')
    .option('--format <format>', 'output-format: the format asked for ("JSON with keys label, reason")')
    .option('--constraint <text>', 'constraints: a limit to state (repeatable)', collect, [])
    .option('--example <pair>', 'few-shot: a demonstration "input => output" (repeatable)', collect, [])
    .option('--audience <audience>', 'audience-tone: who reads the answer')
    .option('--tone <tone>', 'audience-tone: the tone of the answer')
    .option(
      '--phrasing <number>',
      'which wording to write, from 1 (see `plume techniques show <id>`)',
      parsePhrasing,
    )
    .option('--save', 'record the result as a new version (see docs/techniques.md)')
    .option('-m, --message <text>', 'version message with --save (default: "apply technique <id>")')
    .option('--author <name>', 'version author with --save');
}

function list(context: CliContext): void {
  const rows = TECHNIQUES.map((technique) => ({
    id: technique.id,
    name: technique.name,
    summary: technique.summary,
    phrasings: phrasingTexts(technique),
  }));
  emit(context, rows, () =>
    formatTable([
      ['ID', 'NAME', 'PHRASINGS', 'SUMMARY'],
      ...rows.map((row) => [row.id, row.name, String(row.phrasings.length), row.summary]),
    ]),
  );
}

function show(context: CliContext, id: string): void {
  const found = getTechnique(id);
  const { detect: _detect, apply: _apply, phrasings: _phrasings, ...rest } = found;
  const technique = { ...rest, phrasings: phrasingTexts(found) };
  emit(context, technique, () =>
    [
      `${technique.name} (${technique.id})`,
      technique.summary,
      '',
      technique.explanation,
      '',
      '── before ──',
      technique.example.before,
      '',
      '── after ──',
      technique.example.after,
      '',
      `── phrasings (--phrasing <n>; the optimizer tries each) ──`,
      ...technique.phrasings.flatMap((phrasing) => [
        `${phrasing.number}. ${phrasing.name}`,
        ...phrasing.text.split('\n').map((line) => `   ${line}`),
      ]),
    ].join('\n'),
  );
}

async function apply(context: CliContext, id: string, ref: string, options: ApplyOptions): Promise<void> {
  const technique = getTechnique(id);
  const techniqueOptions = toTechniqueOptions(options);
  // A phrasing the technique lacks is a user error before anything is read.
  chosenPhrasing(technique, techniqueOptions);
  const library = Library.open(contextProject(context), { cwd: context.cwd, env: context.env });
  try {
    const target = library.lookup(ref);
    if (options.save && !target.inLibrary && target.filePath !== undefined) {
      throw new PlumeError({
        code: 'USAGE',
        message: `--save records versions of library prompts, and '${ref}' is a file outside the prompts folder`,
        hint: 'import it first with `plume lib import <file>`, then apply the technique to its name',
      });
    }
    const resolved = await library.resolve(ref);
    const { name, version } = resolved;
    const { body } = splitFrontMatter(version.content, target.file);
    const head = version.content.slice(0, version.content.length - body.length);
    const base = { prompt: name, version: version.hash, technique: technique.id };
    if (technique.detect(body)) {
      emit(
        context,
        { ...base, applied: false, reason: 'already-present' },
        () =>
          `${name}@${shortHash(version.hash)} already uses ${technique.name} (${technique.id}); nothing changed`,
      );
      return;
    }
    if (technique.id === 'few-shot' && !techniqueOptions.demonstrations) {
      throw new PlumeError({
        code: 'USAGE',
        message: 'few-shot needs at least one demonstration',
        hint: 'pass --example "an input => its expected output", once per demonstration',
      });
    }
    const changed = technique.apply(body, techniqueOptions);
    if (changed === body) {
      emit(
        context,
        { ...base, applied: false, reason: 'not-applicable' },
        () =>
          `${technique.name} (${technique.id}) found nothing to change in ${name}@${shortHash(version.hash)}`,
      );
      return;
    }
    const content = head + changed;
    if (!options.save) {
      emit(context, { ...base, applied: true, content }, () => content);
      return;
    }
    await saveApplied(context, library, {
      technique,
      target: { ...target, name, version },
      content,
      options,
    });
  } finally {
    library.close();
  }
}

interface Applied {
  technique: Technique;
  target: RefTarget;
  content: string;
  options: ApplyOptions;
}

/** Record the edited text as a child of the version it came from; print it, and what was saved. */
async function saveApplied(context: CliContext, library: Library, applied: Applied): Promise<void> {
  const { technique, target, content, options } = applied;
  const { name, version } = target;
  const saved = await library.save({
    name,
    content,
    parent: version.hash,
    message: options.message ?? `apply technique ${technique.id}`,
    metadata: { technique: technique.id },
    // Only the prompt's current file is rewritten: an edit of an older version must not
    // overwrite a working file that may hold other changes.
    writeFile: target.inLibrary,
    ...(options.author ? { author: options.author } : {}),
  });
  const short = `${name}@${shortHash(saved.version.hash)}`;
  const data = { prompt: name, version: version.hash, technique: technique.id, applied: true, content };
  emit(context, { ...data, saved: saved.version.hash, created: saved.created }, () => content);
  note(
    context,
    `${saved.created ? 'saved' : 'already a version:'} ${short} (parent ${shortHash(version.hash)})` +
      (target.inLibrary ? ', file updated' : `; the file was left as it is (use ${short})`),
  );
}

function toTechniqueOptions(options: ApplyOptions): TechniqueOptions {
  const demonstrations = options.example.map(parseExample);
  return {
    ...(options.role ? { role: options.role } : {}),
    ...(options.task ? { task: options.task } : {}),
    ...(options.format ? { format: options.format } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
    ...(options.tone ? { tone: options.tone } : {}),
    ...(options.phrasing !== undefined ? { phrasing: options.phrasing } : {}),
    ...(options.constraint.length > 0 ? { constraints: options.constraint } : {}),
    ...(demonstrations.length > 0 ? { demonstrations } : {}),
  };
}

function parsePhrasing(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < 1) {
    throw new PlumeError({
      code: 'USAGE',
      message: `--phrasing '${value}' is not a phrasing number`,
      hint: 'give a whole number from 1; `plume techniques show <id>` lists the phrasings',
    });
  }
  return number;
}

function parseExample(pair: string): Demonstration {
  const at = pair.indexOf('=>');
  if (at < 0 || pair.slice(0, at).trim() === '' || pair.slice(at + 2).trim() === '') {
    throw new PlumeError({
      code: 'USAGE',
      message: `--example '${pair}' is not "input => output"`,
      hint: 'write the input, then =>, then the expected output: --example "Great product => positive"',
    });
  }
  return { input: pair.slice(0, at).trim(), output: pair.slice(at + 2).trim() };
}
