import { existsSync } from 'node:fs';
import { resolveRunPrompts } from '../eval/run/run-prompts.ts';
import { selectTests } from '../eval/run/test-selection.ts';
import { loadSuite } from '../eval/suite/load-suite.ts';
import { projectReadScope } from '../library/project.ts';
import type { Message, ModelParams } from '../spec/model.ts';
import type { CellRecord, RunRecord } from '../spec/run.ts';
import type { Suite, SuiteTest } from '../spec/suite.ts';
import { PlumeError } from '../util/errors.ts';
import type { ReadScope } from '../util/read-scope.ts';
import type { ServerContext } from './server-context.ts';

/** The messages a cell sent, rendered again; or why they cannot be shown without guessing. */
export type CellMessages =
  | {
      available: true;
      prompt: { label: string; name: string; hash: string };
      messages: Message[];
      params: ModelParams;
      vars: Record<string, unknown>;
    }
  | { available: false; reason: string };

/**
 * A cell stores its output, not its request. Its messages are rendered again from the prompt
 * version the run's manifest names and the test's variables, which the run does not store
 * either: they are read from the suite file, and only when its hash (which covers the tests'
 * data) is still the one the run recorded, so the variables are those the cell was sent.
 */
export async function cellMessages(
  server: ServerContext,
  run: RunRecord,
  cell: CellRecord,
): Promise<CellMessages> {
  const { manifest } = run;
  const prompt = manifest.prompts[cell.promptIndex];
  if (prompt === undefined) return unavailable('the run manifest does not list this cell’s prompt');
  const suite = await currentSuite(manifest.suiteFile, projectReadScope(server.project));
  if (suite === undefined) {
    return unavailable(
      `the run does not store its tests' variables, and the suite file ${manifest.suiteFile} cannot be read now`,
    );
  }
  if (suite.suiteHash !== manifest.suiteHash) {
    return unavailable(
      "the run does not store its tests' variables, and the suite or its test data changed since the run: the variables it has now may not be those that were sent",
    );
  }
  const test = await findTest(server, suite, run, cell);
  if (test === undefined)
    return unavailable(`test '${cell.testId}' is not where the run had it in the suite`);
  const resolved = await userErrorAsUndefined(() =>
    prompt.source === 'inline'
      ? resolveRunPrompts(
          server.library,
          [suite.prompts[cell.promptIndex]!],
          undefined,
          undefined,
          suite.codePolicy !== 'none',
        ).then(([run]) => run!.resolved)
      : server.library.resolve(`${prompt.name}@${prompt.hash}`),
  );
  if (resolved?.version.hash !== prompt.hash) {
    return unavailable(
      `version ${prompt.hash.slice(0, 12)} of prompt '${prompt.label}' is not in the library`,
    );
  }
  const rendered = await userErrorAsUndefined(() => resolved.render(test.vars));
  if (rendered === undefined)
    return unavailable(`prompt '${prompt.label}' no longer renders (a partial changed?)`);
  const model = manifest.models[cell.modelIndex];
  return {
    available: true,
    prompt: { label: prompt.label, name: prompt.name, hash: prompt.hash },
    messages: rendered.messages,
    params: { ...rendered.params, ...model?.params },
    vars: test.vars,
  };
}

function currentSuite(file: string, scope: ReadScope): Promise<Suite | undefined> {
  return existsSync(file)
    ? userErrorAsUndefined(() => loadSuite(file, { scope }))
    : Promise.resolve(undefined);
}

/** The value, or undefined when plume refused (a user error: a file gone, a version missing). */
async function userErrorAsUndefined<T>(task: () => Promise<T>): Promise<T | undefined> {
  try {
    return await task();
  } catch (error) {
    if (error instanceof PlumeError && error.category === 'user') return undefined;
    throw error;
  }
}

/** The run's test at the cell's index, selected as the run selected its tests. */
async function findTest(
  server: ServerContext,
  suite: Suite,
  run: RunRecord,
  cell: CellRecord,
): Promise<SuiteTest | undefined> {
  const context = { failingTestIds: (id: string) => server.runs.failingTestIds(id) };
  let index = 0;
  for await (const test of selectTests(suite, run.manifest.selection, context)) {
    if (index++ === cell.testIndex) return test.id === cell.testId ? test : undefined;
  }
  return undefined;
}

function unavailable(reason: string): CellMessages {
  return { available: false, reason };
}
