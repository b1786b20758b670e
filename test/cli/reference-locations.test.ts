// A reference found bad only when a run resolves it (an unknown prompt, provider or default model,
// a provider without baseURL) is reported at the file:line where it was written.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/eval/suite/load-suite.ts';
import { suiteHash } from '../../src/eval/suite/suite-hash.ts';
import { bareEnv } from '../helpers/bare-env.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

const HELLO = 'Say hello to {{name}}.\n';
const TESTS = 'tests:\n  - vars: { name: Ada }\n';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

/** `plume eval` and `plume eval --dry-run` on suite.yaml: both must fail with exit 2 and `message`. */
async function bothFail(message: RegExp): Promise<void> {
  for (const args of [
    ['eval', 'suite.yaml'],
    ['eval', 'suite.yaml', '--dry-run'],
  ]) {
    const result = await runCli(project!.root, args, bareEnv());
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
  }
}

describe('a bad reference in a suite', () => {
  it('an unknown prompt is reported at its line in the suite', async () => {
    project = createTempProject({ 'hello.prompt': HELLO });
    project.write(
      'suite.yaml',
      `# greetings\nprompts:\n  - hello\n  - nope\nmodels: ['echo:default']\n${TESTS}`,
    );
    const suite = join(project.root, 'suite.yaml');
    await bothFail(
      new RegExp(`^error: ${suite}:4:\\d+: no prompt named 'nope'\\n {2}hint: expected the file `),
    );
  });

  it('an unknown provider is reported at the model’s line, with the known ones', async () => {
    project = createTempProject({ 'hello.prompt': HELLO });
    project.write('suite.yaml', `prompts: [hello]\nmodels:\n  - echo:default\n  - zzz:model\n${TESTS}`);
    const suite = join(project.root, 'suite.yaml');
    await bothFail(
      new RegExp(
        `^error: ${suite}:4:\\d+: unknown provider 'zzz'\\n {2}hint: known providers: openai, .*echo, sim`,
      ),
    );
  });

  it('a provider without baseURL is reported at its entry in plume.yaml', async () => {
    project = createTempProject(
      { 'hello.prompt': HELLO },
      'prompts: prompts\nproviders:\n  mylab:\n    type: openai-compatible\n',
    );
    project.write('suite.yaml', `prompts: [hello]\nmodels: ['mylab:tiny']\n${TESTS}`);
    const config = join(project.root, 'plume.yaml');
    const result = await runCli(project.root, ['eval', 'suite.yaml'], bareEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^error: ${config}:3:\\d+: providers.mylab has no baseURL\\n {2}hint: `),
    );
  });

  it('an unknown defaultModel is reported at its line in plume.yaml', async () => {
    project = createTempProject({ 'hello.prompt': HELLO }, 'prompts: prompts\ndefaultModel: zzz:big\n');
    project.write('suite.yaml', `prompts: [hello]\n${TESTS}`);
    const config = join(project.root, 'plume.yaml');
    await bothFail(new RegExp(`^error: ${config}:2:\\d+: unknown provider 'zzz'`));
  });

  it('a role plume cannot send is reported at its line in the prompt, before any call', async () => {
    project = createTempProject({
      'hello.prompt': '{{role "system"}}\nBe brief.\n{{role "wizard"}}\nHi {{name}}\n',
    });
    project.write('suite.yaml', `prompts: [hello]\nmodels: ['echo:default']\n${TESTS}`);
    await bothFail(
      new RegExp(
        `^error: ${join(project.root, 'prompts/hello.prompt')}:3: role 'wizard' is not a Dotprompt role`,
      ),
    );
    project.write(
      'chat.yaml',
      '- role: system\n  content: Be brief.\n- role: wizard\n  content: "Hi {{ name }}"\n',
    );
    project.write('suite.yaml', `prompts: ['file://chat.yaml']\nproviders: [echo]\n${TESTS}`);
    await bothFail(
      new RegExp(`^error: ${join(project.root, 'chat.yaml')}:3:9: a chat message has the role 'wizard'`),
    );
  });

  it('where prompts and models are written is no part of the suite’s hash (cached answers and resumes still match)', async () => {
    project = createTempProject({ 'hello.prompt': HELLO });
    project.write('suite.yaml', `prompts: [hello]\nmodels: ['echo:default']\n${TESTS}`);
    const suite = await loadSuite(join(project.root, 'suite.yaml'));
    expect(suite.locator?.prompt(0)).toMatchObject({ line: 1 });
    const { locator: _locator, suiteHash: hash, ...rest } = suite;
    expect(suiteHash(rest)).toBe(hash);
    // The same suite written over more lines hashes the same.
    project.write('suite.yaml', `# spread out\nprompts:\n  - hello\nmodels:\n  - echo:default\n${TESTS}`);
    const spread = await loadSuite(join(project.root, 'suite.yaml'));
    expect(spread.locator?.model(0)).toMatchObject({ line: 5 });
    expect(spread.suiteHash).toBe(hash);
  });
});
