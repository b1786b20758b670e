import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

const PROMPT = 'Classify {{input}}.\n';
const TESTS = 3;
const SELF_GRADING = 'a model under test: it grades its own answers';

interface Grader {
  ref: string;
  source: string;
  underTest: boolean;
}

/** The models under test answer `billing`; a model named judge* passes every answer, as JSON. */
async function stub(): Promise<OpenAIStubServer> {
  const server = await startOpenAIStubServer({
    respond: (request) =>
      String(request.body.model).startsWith('judge')
        ? { text: JSON.stringify({ pass: true, score: 1, reason: `graded by ${request.body.model}` }) }
        : { text: 'billing' },
  });
  servers.push(server);
  return server;
}

/** A suite whose defaultTest holds `check` and, when given, `options`. */
function suite(
  models: string,
  options = '',
  check = '{ type: llm-rubric, value: names a department }',
): string {
  const tests = Array.from(
    { length: TESTS },
    (_, index) => `  - vars: { input: ticket ${index}, label: billing }`,
  );
  const written = options === '' ? '' : `  options: ${options}\n`;
  return `prompts: [classify]\nmodels: ${models}\ndefaultTest:\n  assert: [${check}]\n${written}tests:\n${tests.join('\n')}\n`;
}

function project(config: string, suiteText: string): TempProject {
  const made = createTempProject({ 'classify.prompt': PROMPT }, `prompts: prompts\n${config}`);
  projects.push(made);
  made.write('plume.suite.yaml', suiteText);
  return made;
}

function providers(server: OpenAIStubServer): string {
  return `providers:\n  stub:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n`;
}

/** Runs the suite (text output, for its warnings), then reads the run back as JSON. */
async function evaluate(made: TempProject) {
  const result = await runCli(made.root, ['eval', '--no-cache'], bareEnv());
  const runId = /run (\S+) \(completed\)/.exec(result.stdout)?.[1];
  expect(runId, result.stderr + result.stdout).toBeDefined();
  const shown = await runCli(made.root, ['runs', 'show', runId!, '--json'], bareEnv());
  const report = JSON.parse(shown.stdout) as { grader: Grader; manifest: { grader?: Grader } };
  const exported = await runCli(made.root, ['runs', 'export', runId!, '-f', 'jsonl'], bareEnv());
  const reasons = exported.stdout
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { assertions: { reason: string }[] }).assertions[0]!.reason);
  return { ...result, report, reasons };
}

function judgeCalls(server: OpenAIStubServer, model: string): number {
  return server.requests.filter((request) => request.body.model === model).length;
}

const projects: TempProject[] = [];
const servers: OpenAIStubServer[] = [];
afterEach(async () => {
  for (const made of projects.splice(0)) made.cleanup();
  for (const server of servers.splice(0)) await server.close();
});

describe('the grader of model-graded checks', () => {
  it('is the model under test when nothing names one, and the run says so once', async () => {
    const server = await stub();
    const made = project(providers(server), suite("['stub:tiny']"));
    const run = await evaluate(made);
    expect(run.report.grader).toMatchObject({ ref: 'stub:tiny', source: 'first-model', underTest: true });
    expect(run.report.manifest.grader).toEqual({ ref: 'stub:tiny', source: 'first-model', underTest: true });
    expect(run.stderr.split(SELF_GRADING)).toHaveLength(2);
    expect(run.stdout).toContain("grader of model-graded checks: stub:tiny (the run's first model");
    // Its own answers went back to it to be graded: three answers, three gradings.
    expect(judgeCalls(server, 'tiny')).toBe(2 * TESTS);
  });

  it('is plume.yaml grader when set, and a model that is not under test raises no warning', async () => {
    const server = await stub();
    const made = project(`${providers(server)}grader: stub:judge\n`, suite("['stub:tiny']"));
    const run = await evaluate(made);
    expect(run.report.grader).toMatchObject({ ref: 'stub:judge', source: 'config', underTest: false });
    expect(run.stderr).not.toContain(SELF_GRADING);
    expect(run.stdout).toContain('grader of model-graded checks: stub:judge (plume.yaml grader)');
    expect(judgeCalls(server, 'judge')).toBe(TESTS);
    expect(judgeCalls(server, 'tiny')).toBe(TESTS);
    expect(run.reasons).toEqual(Array(TESTS).fill('graded by judge'));
  });

  it("is the suite's defaultTest.options.provider over plume.yaml, and a check's own provider over both", async () => {
    const server = await stub();
    const bySuite = await evaluate(
      project(
        `${providers(server)}grader: stub:judge\n`,
        suite("['stub:tiny']", '{ provider: stub:judge-suite }'),
      ),
    );
    expect(bySuite.report.grader).toMatchObject({
      ref: 'stub:judge-suite',
      source: 'suite',
      underTest: false,
    });
    expect(bySuite.reasons).toEqual(Array(TESTS).fill('graded by judge-suite'));
    const byCheck = await evaluate(
      project(
        `${providers(server)}grader: stub:judge\n`,
        suite(
          "['stub:tiny']",
          '',
          '{ type: llm-rubric, value: names a department, provider: stub:judge-check }',
        ),
      ),
    );
    expect(byCheck.report.grader.ref).toBe('stub:judge');
    expect(byCheck.reasons).toEqual(Array(TESTS).fill('graded by judge-check'));
  });

  it('warns when a check names a model under test as its grader, whatever the run grader', async () => {
    const server = await stub();
    const made = project(
      `${providers(server)}grader: stub:judge\n`,
      suite("['stub:tiny']", '', '{ type: llm-rubric, value: names a department, provider: stub:tiny }'),
    );
    const run = await evaluate(made);
    expect(run.stderr).toContain(`graded by stub:tiny, ${SELF_GRADING}`);
  });

  it('is said by a dry run, with the warning, without calling any model', async () => {
    const server = await stub();
    const made = project(providers(server), suite("['stub:tiny']"));
    const dry = await runCli(made.root, ['eval', '--dry-run'], bareEnv());
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("grader of model-graded checks: stub:tiny (the run's first model");
    expect(dry.stderr).toContain(SELF_GRADING);
    const json = await runCli(made.root, ['eval', '--dry-run', '--json'], bareEnv());
    expect(JSON.parse(json.stdout)).toMatchObject({
      grader: { ref: 'stub:tiny', underTest: true },
      selfGrader: 'stub:tiny',
    });
    expect(server.requestCount).toBe(0);
  });

  it('raises no warning for a suite without model-graded checks', async () => {
    const made = project('', suite("['sim:classify']", '', '{ type: equals, value: billing }'));
    const run = await evaluate(made);
    expect(run.report.grader).toMatchObject({ ref: 'sim:classify', underTest: true });
    expect(run.stderr).not.toContain(SELF_GRADING);
  });

  it('on the sim, is plume.yaml defaultModel when no grader is set, and warns when the sim grades itself', async () => {
    const server = await stub();
    const selfGraded = await evaluate(project('', suite("['sim:classify']")));
    expect(selfGraded.report.grader).toMatchObject({
      ref: 'sim:classify',
      source: 'first-model',
      underTest: true,
    });
    expect(selfGraded.stderr.split(SELF_GRADING)).toHaveLength(2);
    const byDefault = await evaluate(
      project(`${providers(server)}defaultModel: stub:judge\n`, suite("['sim:classify']")),
    );
    expect(byDefault.report.grader).toMatchObject({
      ref: 'stub:judge',
      source: 'default-model',
      underTest: false,
    });
    expect(byDefault.stderr).not.toContain(SELF_GRADING);
    expect(byDefault.reasons).toEqual(Array(TESTS).fill('graded by judge'));
  });

  it('refuses a grader that cannot be made, naming plume.yaml and the key', async () => {
    const made = project('grader: nowhere:judge\n', suite("['sim:classify']"));
    const result = await runCli(made.root, ['eval'], bareEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('plume.yaml');
    expect(result.stderr).toContain("grader 'nowhere:judge' cannot grade");
    const dry = await runCli(made.root, ['eval', '--dry-run'], bareEnv());
    expect(dry.code).toBe(2);
    expect(dry.stderr).toContain("grader 'nowhere:judge'");
    // Refused before the run was recorded.
    const runs = await runCli(made.root, ['runs', 'list', '--json'], bareEnv());
    expect(JSON.parse(runs.stdout)).toEqual([]);
  });

  it('refuses a grader that is not provider:model, at its line of plume.yaml', async () => {
    const made = project('grader: judge\n', suite("['sim:classify']"));
    const result = await runCli(made.root, ['eval'], bareEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/plume\.yaml:2/);
    expect(result.stderr).toContain('grader');
  });
});
