import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeChecks } from '../../../src/store/run-cell-row.ts';
import { bareEnv } from '../../helpers/bare-env.ts';
import {
  type OpenAIStubServer,
  type StubRequest,
  startOpenAIStubServer,
} from '../../helpers/openai-stub-server.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../../helpers/temp-project.ts';

const MODEL2VEC = resolve(import.meta.dirname, '../../../../shared/models/model2vec-test-vocab-quantized');

/** Each stored cell's prompt label and check results. */
function storedChecks(
  project: TempProject,
): { output: string; checks: { type: string; pass: boolean; reason: string }[] }[] {
  const db = new Database(join(project.root, '.plume/plume.db'), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT output, assertions FROM run_cells ORDER BY test_index, prompt_index')
      .all() as {
      output: string;
      assertions: string;
    }[];
    return rows.map((row) => ({ output: row.output, checks: decodeChecks(row.assertions) }));
  } finally {
    db.close();
  }
}

let project: TempProject | undefined;
let judge: OpenAIStubServer | undefined;
afterEach(async () => {
  project?.cleanup();
  project = undefined;
  await judge?.close();
  judge = undefined;
});

describe('checks that need more than one cell or a model, in a real run', () => {
  it('ranks the outputs of every prompt for a test with select-best, through the judge', async () => {
    // The judge prefers the longer output; echo answers with the rendered prompt.
    judge = await startOpenAIStubServer({
      respond: (request: StubRequest) => {
        const text = String(request.body.messages?.at(-1)?.content ?? '');
        const a = /<output_a>\n([\s\S]*?)\n<\/output_a>/.exec(text)?.[1] ?? '';
        const b = /<output_b>\n([\s\S]*?)\n<\/output_b>/.exec(text)?.[1] ?? '';
        return { text: JSON.stringify({ winner: a.length >= b.length ? 'A' : 'B', reason: 'longer' }) };
      },
    });
    project = createTempProject(
      { 'short.prompt': 'Hi {{name}}.\n', 'long.prompt': 'A much longer greeting for {{name}}, friend.\n' },
      `prompts: prompts\nproviders:\n  judge: { type: openai-compatible, baseURL: '${judge.baseURL}', maxRetries: 0 }\n`,
    );
    project.write(
      'plume.suite.yaml',
      "prompts: [short, long]\nmodels: ['echo:default']\ndefaultTest:\n  assert: [{ type: select-best, value: the longer, provider: 'judge:j' }]\ntests:\n  - vars: { name: Ada }\n  - vars: { name: Bob }\n",
    );
    const result = await runCli(project.root, ['eval', '--json'], bareEnv());
    expect(result.code).toBe(0);
    const cells = storedChecks(project);
    expect(cells).toHaveLength(4);
    for (const cell of cells) {
      const check = cell.checks.find((entry) => entry.type === 'select-best')!;
      expect(check.pass).toBe(cell.output.startsWith('A much longer'));
    }
    // One comparison per test: two prompts give one pair.
    expect(judge.requestCount).toBe(2);
    const report = JSON.parse(result.stdout);
    const rate = (prompt: string) =>
      report.columns.find((column: { prompt: string }) => column.prompt === prompt).passRate.estimate;
    expect(rate('long')).toBe(1);
    expect(rate('short')).toBe(0);
  });

  it('decides similar checks with the embedding model of plume.yaml, and says so when there is none', async () => {
    project = createTempProject(
      { 'greet.prompt': 'the cat sat on the mat\n' },
      `prompts: prompts\nembedding: { model: '${MODEL2VEC}' }\n`,
    );
    project.write(
      'plume.suite.yaml',
      "prompts: [greet]\nmodels: ['echo:default']\ntests:\n  - assert: [{ type: similar, value: the cat sat on the mat, threshold: 0.9 }]\n  - assert: [{ type: similar, value: quarterly revenue grew, threshold: 0.9 }]\n",
    );
    const result = await runCli(project.root, ['eval', '--json'], bareEnv());
    expect(result.stderr).not.toContain('embedding checks will be undecided');
    const cells = storedChecks(project);
    expect(cells.map((cell) => cell.checks[0]!.pass)).toEqual([true, false]);
    expect(cells[0]!.checks[0]!.reason).toMatch(/Cosine similarity 1\.000/);

    project.write('plume.yaml', 'prompts: prompts\n');
    const without = await runCli(project.root, ['eval'], bareEnv());
    expect(without.stderr).toContain(
      'embedding checks will be undecided: similar and answer-relevance checks need an embedding model',
    );
  });
});
