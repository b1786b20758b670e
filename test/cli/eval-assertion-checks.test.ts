import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

// A check that cannot compile is refused before the first call, by the run and the dry run alike,
// wherever the check is written: defaultTest, an inline test, a JSONL line or a CSV row.

const GREET = 'Say hello to {{name}}.\n';

let project: TempProject | undefined;
let server: OpenAIStubServer | undefined;
afterEach(async () => {
  project?.cleanup();
  project = undefined;
  await server?.close();
  server = undefined;
});

async function stubProject(suite: string): Promise<TempProject> {
  server = await startOpenAIStubServer({ respond: () => ({ text: 'hello' }) });
  const config = `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n`;
  project = createTempProject({ 'greet.prompt': GREET }, config);
  project.write('plume.suite.yaml', suite);
  return project;
}

/** `plume eval` then `plume eval --dry-run`: both exit 2 with `message`, and no call was made. */
async function expectRefused(root: string, message: string): Promise<void> {
  for (const args of [['eval'], ['eval', '--dry-run']]) {
    const result = await runCli(root, args, bareEnv());
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
  }
  expect(server?.requestCount).toBe(0);
}

const HEAD = "prompts: [greet]\nmodels: ['stub:tiny']\n";

describe('plume eval compiles every check before the first call', () => {
  it("refuses an inline test's bad regex, at the test's line, though the tests before it are fine", async () => {
    const tests = ['Ada', 'Bob', 'Cy']
      .map((name) => `  - vars: { name: ${name} }\n    assert: [{ type: icontains, value: hello }]`)
      .join('\n');
    const root = (
      await stubProject(
        `${HEAD}tests:\n${tests}\n  - vars: { name: Dee }\n    assert:\n      - { type: contains, value: hello }\n      - { type: regex, value: '([a-z' }\n`,
      )
    ).root;
    await expectRefused(root, `plume.suite.yaml:10: assert[1]: "regex": invalid regular expression`);
  });

  it("refuses a defaultTest check whose JSON Schema is invalid, at the check's own line", async () => {
    const root = (
      await stubProject(
        `${HEAD}defaultTest:\n  assert:\n    - type: icontains\n      value: hello\n    - type: is-json\n      value: { type: bogus }\ntests:\n  - vars: { name: Ada }\n`,
      )
    ).root;
    await expectRefused(
      root,
      'plume.suite.yaml:7:7: defaultTest.assert[1]: "is-json": the JSON Schema cannot be used',
    );
  });

  it('refuses a bad check on a JSONL line and in a CSV row, naming the file and its line', async () => {
    const jsonl = `${'{"vars":{"name":"a"}}\n'.repeat(40)}{"vars":{"name":"b"},"assert":[{"type":"json-schema","value":{"type":"objec"}}]}\n`;
    const root = (await stubProject(`${HEAD}tests: [file://data.jsonl]\n`)).root;
    project!.write('data.jsonl', jsonl);
    await expectRefused(root, 'data.jsonl:41: assert[0]: "json-schema": the JSON Schema cannot be used');

    project!.write('plume.suite.yaml', `${HEAD}tests: [file://data.csv]\n`);
    project!.write('data.csv', 'name,__expected\nz,contains: z\ny,regex: ([a\n');
    await expectRefused(root, 'data.csv:3: assert[0]: "regex": invalid regular expression');
  });

  it('still runs a suite whose checks all compile', async () => {
    const root = (
      await stubProject(
        `${HEAD}defaultTest:\n  assert: [{ type: regex, value: '^hel+o$' }]\ntests:\n  - vars: { name: Ada }\n    assert: [{ type: is-json, value: { type: string } }]\n`,
      )
    ).root;
    const result = await runCli(root, ['eval'], bareEnv());
    expect(result.code).toBe(0);
    expect(server?.requestCount).toBe(1);
  });
});
