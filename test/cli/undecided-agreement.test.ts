import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { serve } from '../server/served-project.ts';

const ENV = {
  PLUME_OFFLINE: '1',
  PLUME_LOCAL_MODEL: '',
  PLUME_EMBEDDING_MODEL: '',
  OPENAI_API_KEY: '',
  ANTHROPIC_API_KEY: '',
};

/** The figures every surface must state alike. */
interface Figures {
  passed: number;
  failed: number;
  errors: number;
  undecided: number;
  /** The pass rate as text: `75.0%`. */
  rate: string;
}

interface TotalsJson {
  passed: number;
  failed: number;
  errors: number;
  undecided: number;
  passRate: number | null;
}
interface ColumnJson {
  passRate: { estimate: number };
  passed: number;
  failed: number;
  undecided: number;
}
interface ReportJson {
  runId: string;
  totals: TotalsJson;
  columns: ColumnJson[];
  undecidedChecks: { check: string; reason: string; cells: number; advice?: string }[];
}

async function cli(project: TempProject, args: string[]) {
  return runCli(project.root, args, ENV);
}

async function json(project: TempProject, args: string[]) {
  const result = await cli(project, [...args, '--json']);
  return JSON.parse(result.stdout);
}

const percent = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)}%`);

/**
 * Read one run through every surface that states its figures — the text report, `runs show
 * --json`, `runs list --json` and its text, the JSONL, CSV and JUnit exports, the HTML report, and
 * the server's API — and check each states the same counts and the same pass rate.
 */
async function expectAgreement(project: TempProject, runId: string, evalJson: ReportJson) {
  const fromJson = (totals: TotalsJson): Figures => ({
    passed: totals.passed,
    failed: totals.failed,
    errors: totals.errors,
    undecided: totals.undecided,
    rate: percent(totals.passRate),
  });
  const expected = fromJson(evalJson.totals);
  // The rule itself: passed / decided, errors and undecided left out.
  expect(evalJson.totals.passRate).toBeCloseTo(expected.passed / (expected.passed + expected.failed), 12);
  const column = evalJson.columns[0]!;
  expect(percent(column.passRate.estimate)).toBe(expected.rate);
  expect({ passed: column.passed, failed: column.failed, undecided: column.undecided }).toEqual({
    passed: expected.passed,
    failed: expected.failed,
    undecided: expected.undecided,
  });
  const left = [
    ...(expected.errors > 0 ? [`${expected.errors} error${expected.errors === 1 ? '' : 's'}`] : []),
    ...(expected.undecided > 0 ? [`${expected.undecided} undecided`] : []),
  ];
  const line = `pass rate ${expected.rate} of ${expected.passed + expected.failed} decided${left.length > 0 ? `; ${left.join(', ')}` : ''}`;

  const text = (await cli(project, ['runs', 'show', runId])).stdout;
  expect(text).toContain(line);
  expect(text).toContain(
    `${expected.passed} passed, ${expected.failed} failed, ${expected.errors} errors, ${expected.undecided} undecided`,
  );
  if (expected.undecided > 0) {
    expect(text.match(/Undecided cells: (\d+) \(undecided cells are neither passed nor failed/)?.[1]).toBe(
      String(expected.undecided),
    );
  }

  const shown = (await json(project, ['runs', 'show', runId])) as ReportJson;
  expect(fromJson(shown.totals)).toEqual(expected);
  expect(percent(shown.columns[0]!.passRate.estimate)).toBe(expected.rate);

  const listed = ((await json(project, ['runs', 'list'])) as { id: string; totals: TotalsJson }[]).find(
    (run) => run.id === runId,
  )!;
  expect(fromJson(listed.totals)).toEqual(expected);
  const listText = (await cli(project, ['runs', 'list'])).stdout
    .split('\n')
    .find((row) => row.startsWith(runId));
  expect(listText?.split(/\s{2,}/).slice(3, 7)).toEqual([
    expected.rate,
    String(expected.passed + expected.failed),
    String(expected.errors),
    String(expected.undecided),
  ]);

  const jsonl = (await cli(project, ['runs', 'export', runId, '-f', 'jsonl'])).stdout.trim().split('\n');
  const verdicts = jsonl.map((row) => JSON.parse(row).verdict as string);
  const count = (list: string[], verdict: string) => list.filter((entry) => entry === verdict).length;
  expect({
    passed: count(verdicts, 'pass'),
    failed: count(verdicts, 'fail'),
    errors: count(verdicts, 'error'),
    undecided: count(verdicts, 'undecided'),
  }).toEqual({
    passed: expected.passed,
    failed: expected.failed,
    errors: expected.errors,
    undecided: expected.undecided,
  });

  const csv = (await cli(project, ['runs', 'export', runId, '-f', 'csv'])).stdout.trim().split('\n');
  const csvVerdicts = csv.slice(1).map((row) => row.split(',').at(-1)!);
  expect(count(csvVerdicts, 'undecided')).toBe(expected.undecided);
  expect(count(csvVerdicts, 'pass')).toBe(expected.passed);

  const junit = (await cli(project, ['runs', 'export', runId, '-f', 'junit'])).stdout;
  expect(junit).toContain(
    `failures="${expected.failed}" errors="${expected.errors}" skipped="${expected.undecided}"`,
  );
  expect(junit.match(/<skipped /g)?.length ?? 0).toBe(expected.undecided);

  const html = (await cli(project, ['runs', 'export', runId, '-f', 'html'])).stdout;
  expect(html).toContain(`<p class="pass-rate">${line}</p>`);

  const markdown = (await cli(project, ['runs', 'export', runId, '-f', 'markdown'])).stdout;
  expect(markdown).toContain(line);

  const server = await serve(project, { env: ENV });
  try {
    const get = async <T>(path: string) => (await (await fetch(new URL(path, server.url))).json()) as T;
    const runs = await get<{ id: string; totals: TotalsJson }[]>('/api/runs');
    expect(fromJson(runs.find((run) => run.id === runId)!.totals)).toEqual(expected);
    const report = await get<ReportJson & { run: { totals: TotalsJson } }>(`/api/runs/${runId}/report`);
    expect(fromJson(report.run.totals)).toEqual(expected);
    expect(percent(report.columns[0]!.passRate.estimate)).toBe(expected.rate);
    expect(report.columns[0]!.undecided).toBe(expected.undecided);
    const page = await get<{ rows: { cells: { verdict: string }[] }[] }>(
      `/api/runs/${runId}/cells?limit=500`,
    );
    const matrix = page.rows.flatMap((row) => row.cells.map((cell) => cell.verdict));
    expect(count(matrix, 'undecided')).toBe(expected.undecided);
    expect(count(matrix, 'fail')).toBe(expected.failed);
  } finally {
    await server.close();
  }
  return expected;
}

describe('undecided cells and the one pass rate, through every surface', () => {
  let stub: OpenAIStubServer;
  let project: TempProject;

  beforeAll(async () => {
    // Answers `echo: <prompt>`; the test of Zed gets a refusal of the request (an errored cell).
    stub = await startOpenAIStubServer({
      respond: (request) =>
        JSON.stringify(request.body.messages).includes('Zed')
          ? { status: 400, errorMessage: 'bad request' }
          : {},
    });
    project = createTempProject(
      { 'greet.prompt': 'Say hello to {{name}}.\n' },
      `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${stub.baseURL}\n`,
    );
    const js = "{ type: javascript, value: 'output.length > 0' }";
    const tests = [
      ...['Ada', 'Bob', 'Cy', 'Dee', 'Eve'].map(
        (name) => `  - vars: { name: ${name} }\n    assert: [{ type: icontains, value: hello }]`,
      ),
      // Decided despite an undecided check: 0.5 is reached even if javascript scored 0.
      `  - vars: { name: Flo }\n    threshold: 0.5\n    assert: [{ type: icontains, value: hello }, ${js}]`,
      '  - vars: { name: Gus }\n    assert: [{ type: icontains, value: goodbye }]',
      // A decided check that fails decides the cell, whatever the undecided one would say.
      `  - vars: { name: Hal }\n    assert: [{ type: icontains, value: goodbye }, ${js}]`,
      `  - vars: { name: Ida }\n    assert: [${js}]`,
      `  - vars: { name: Jo }\n    threshold: 0.75\n    assert: [{ type: icontains, value: hello }, ${js}]`,
      '  - vars: { name: Zed }\n    assert: [{ type: icontains, value: hello }]',
    ];
    project.write(
      'plume.suite.yaml',
      `allowCode: false\nprompts: [greet]\nmodels: ['stub:tiny']\ntests:\n${tests.join('\n')}\n`,
    );
  });
  afterAll(async () => {
    await stub?.close();
    project?.cleanup();
  });

  it('says in --dry-run that javascript checks will be undecided and left out of the pass rate', async () => {
    const dry = await cli(project, ['eval', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      'warning: javascript checks will be undecided: javascript checks (and transforms) need code to be allowed: remove "allowCode: false" from the suite, or run without --no-code (undecided cells are neither passed nor failed: the pass rate leaves them out)',
    );
    expect((await json(project, ['eval', '--dry-run'])).warnings).toHaveLength(1);
  });

  it('counts undecided cells on their own, out of the pass rate, alike on every surface, on a local stub', async () => {
    const run = await cli(project, ['eval', '--json', '--max-errors', '1', '--no-cache']);
    // Undecided cells are no failure: only the tolerated error is left, so the run passes.
    expect(run.code).toBe(0);
    const evalJson = JSON.parse(run.stdout) as ReportJson;
    const figures = await expectAgreement(project, evalJson.runId, evalJson);
    expect(figures).toEqual({ passed: 6, failed: 2, errors: 1, undecided: 2, rate: '75.0%' });
    expect(evalJson.undecidedChecks).toEqual([
      {
        check: 'javascript',
        reason: expect.stringContaining('allows no code'),
        cells: 2,
        advice:
          'javascript checks (and transforms) need code to be allowed: remove "allowCode: false" from the suite, or run without --no-code',
      },
    ]);
    // Without the tolerance the errored cell still fails the run (exit 3), undecided ones never.
    expect((await cli(project, ['eval', '--no-cache'])).code).toBe(3);

    // Reselecting the failing tests takes the undecided ones too: 2 failed, 2 undecided, 1 errored.
    const again = await json(project, ['eval', '--dry-run', '--failing-only', evalJson.runId]);
    expect(again.tests).toBe(5);
  });
});

describe('undecided cells on the simulator', () => {
  let project: TempProject;
  beforeAll(() => {
    project = createTempProject({ 'classify.prompt': 'Classify: {{input}}\n' }, 'prompts: prompts\n');
    const tests = Array.from({ length: 40 }, (_, index) => {
      const label = index % 2 === 0 ? 'spam' : 'ham';
      // A quarter of the tests also need an embedding model nobody set: those cells are undecided.
      const similar = index % 4 === 3 ? ', { type: similar, value: spam, threshold: 0.5 }' : '';
      return `  - vars: { input: message ${index}, expected: ${label} }\n    assert: [{ type: equals, value: '{{expected}}' }${similar}]`;
    });
    project.write(
      'plume.suite.yaml',
      `prompts: [classify]\nmodels: ['sim:classify']\nrepeats: 2\ntests:\n${tests.join('\n')}\n`,
    );
  });
  afterAll(() => project?.cleanup());

  it('leaves out exactly the cells whose equals check passed and whose similar check could not decide', async () => {
    const run = await cli(project, ['eval', '--json']);
    expect(run.code).toBe(0);
    const evalJson = JSON.parse(run.stdout) as ReportJson;
    const figures = await expectAgreement(project, evalJson.runId, evalJson);
    // The known truth: a cell with a similar check is undecided exactly when the sim answered right.
    const cells = (await cli(project, ['runs', 'export', evalJson.runId, '-f', 'jsonl'])).stdout
      .trim()
      .split('\n')
      .map((row) => JSON.parse(row));
    const right = (cell: { assertions: { type: string; pass: boolean }[] }) =>
      cell.assertions.find((check) => check.type === 'equals')!.pass;
    const withSimilar = cells.filter((cell) => cell.assertions.length === 2);
    expect(figures.undecided).toBe(withSimilar.filter(right).length);
    expect(figures.undecided).toBeGreaterThan(0);
    expect(figures.failed).toBe(cells.filter((cell) => !right(cell)).length);
    expect(evalJson.undecidedChecks[0]).toMatchObject({
      check: 'similar',
      advice: expect.stringContaining('embedding model'),
    });
  });
});
