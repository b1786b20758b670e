import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { CANARY_KEY, canariesIn, leakyReply, stateFiles } from '../helpers/credential-canaries.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

/** A promptfoo config: its provider on the stub by apiBaseUrl, with its own key and snake_case parameters. */
function promptfooConfig(baseURL: string): string {
  return `description: promptfoo-style providers
prompts:
  - { raw: 'Say hi to {{name}}', label: greet }
  - { raw: 'Say bye to {{name}}', label: farewell }
providers:
  - id: openai:chat:gpt-4o-mini
    label: stubbed
    prompts: [greet]
    config:
      apiBaseUrl: ${baseURL}
      apiKey: ${CANARY_KEY}
      temperature: 0
      max_tokens: 50
      top_p: 0.5
      frequency_penalty: 0.25
      presence_penalty: 0.125
      stop: END
      seed: 7
      response_format: { type: text }
  - echo
tests:
  - vars: { name: Ada }
    assert: [{ type: icontains, value: Ada }]
  - vars: { name: Bob }
  - vars: { name: fail }
`;
}

let project: TempProject;
let server: OpenAIStubServer;
beforeEach(async () => {
  server = await startOpenAIStubServer({ respond: leakyReply });
  project = createTempProject();
  project.write('promptfooconfig.yaml', promptfooConfig(server.baseURL));
});
afterEach(async () => {
  project.cleanup();
  await server.close();
});

describe("a promptfoo config's providers", () => {
  it('reach the stub with their own key and parameters, run only their prompts, and leak no key', async () => {
    const env = bareEnv();
    const leaks: string[] = [];
    const cli = async (args: string[]) => {
      const result = await runCli(project.root, args, env);
      leaks.push(...canariesIn(`stdout of ${args.join(' ')}`, result.stdout));
      leaks.push(...canariesIn(`stderr of ${args.join(' ')}`, result.stderr));
      return result;
    };
    // What plume ignores is said once, at the entry.
    const said = await cli(['eval', 'promptfooconfig.yaml', '--dry-run']);
    expect(said.stderr).toMatch(
      /promptfooconfig\.yaml:6(:\d+)?: openai:chat:gpt-4o-mini: plume ignores config\.response_format/,
    );
    expect(said.stderr.match(/plume ignores/g)).toHaveLength(1);
    const dry = await cli(['eval', 'promptfooconfig.yaml', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const estimate = JSON.parse(dry.stdout) as { cells: number; unpriced: string[] };
    // stubbed runs greet only (3 cells), echo both prompts (6 cells).
    expect(estimate.cells).toBe(9);
    // openai:chat:gpt-4o-mini is priced as openai:gpt-4o-mini.
    expect(estimate.unpriced).toEqual([]);
    expect(server.requestCount).toBe(0);

    const run = await cli(['eval', 'promptfooconfig.yaml', '--json', '-o', 'run.jsonl']);
    // The test named `fail` gets the stub's refusal (which quotes the key): a provider failure.
    expect(run.code).toBe(3);
    const result = JSON.parse(run.stdout) as { runId: string; totals: { cells: number; errors: number } };
    expect(result.totals.cells).toBe(9);
    expect(result.totals.errors).toBe(1);
    const shown = await cli(['runs', 'show', result.runId, '--json']);
    expect(shown.stdout).toContain('[redacted:');
    // The run counts the cells it plans: the pairs the filter leaves out are not waited for.
    expect(shown.stdout).toMatch(/"cellCount":\s*9\b/);
    await cli(['runs', 'export', result.runId, '-o', 'run.csv']);
    // The two answers the stub gave are cached for that endpoint, and the estimate finds them there.
    const after = JSON.parse((await cli(['eval', 'promptfooconfig.yaml', '--dry-run', '--json'])).stdout);
    expect(after.cachedCells).toBe(2);

    // Only greet reached the stub, once a test, with the entry's key and its parameters as the API names them.
    expect(server.requests).toHaveLength(3);
    for (const request of server.requests) {
      expect(request.path).toBe('/v1/chat/completions');
      expect(request.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
      expect(request.body).toMatchObject({
        model: 'gpt-4o-mini',
        max_tokens: 50,
        top_p: 0.5,
        frequency_penalty: 0.25,
        presence_penalty: 0.125,
        stop: ['END'],
        seed: 7,
        temperature: 0,
      });
      expect(JSON.stringify(request.body.messages)).toContain('Say hi to');
      expect(request.body).not.toHaveProperty('response_format');
    }
    for (const file of ['run.jsonl', 'run.csv'])
      leaks.push(...canariesIn(file, readFileSync(join(project.root, file))));
    for (const file of stateFiles(project.root)) leaks.push(...canariesIn(file.name, file.bytes));
    expect(leaks).toEqual([]);
  });

  it("grade with defaultTest's provider at its own endpoint, with its own key", async () => {
    project.write(
      'graded.yaml',
      `prompts: ['Say hi to {{name}}']
providers: [echo]
defaultTest:
  options:
    provider:
      id: openai:chat:gpt-4o-mini
      config: { apiBaseUrl: '${server.baseURL}', apiKey: ${CANARY_KEY}, temperature: 0 }
tests:
  - vars: { name: Ada }
    assert: [{ type: llm-rubric, value: greets Ada }]
`,
    );
    server.script({ text: '{"reason": "it greets Ada", "pass": true, "score": 1}' });
    const result = await runCli(project.root, ['eval', 'graded.yaml', '--json'], bareEnv());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).totals).toMatchObject({ cells: 1, passed: 1 });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    expect(canariesIn('stdout', result.stdout)).toEqual([]);
  });

  it('hands the tools its config declares to the checks that validate tool calls', async () => {
    project.write(
      'tools.yaml',
      `prompts: ['What is the weather in {{city}}?']
providers:
  - id: openai:chat:gpt-4o-mini
    config:
      apiBaseUrl: '${server.baseURL}'
      apiKey: ${CANARY_KEY}
      tools:
        - type: function
          function:
            name: get_weather
            parameters:
              type: object
              properties: { city: { type: string } }
              required: [city]
tests:
  - vars: { city: Paris }
    assert: [{ type: is-valid-openai-tools-call }]
  - vars: { city: Oslo }
    assert: [{ type: is-valid-openai-tools-call }]
`,
    );
    const call = (name: string, args: Record<string, unknown>) =>
      JSON.stringify([{ type: 'function', function: { name, arguments: JSON.stringify(args) } }]);
    server.script(
      { text: call('get_weather', { city: 'Paris' }) },
      { text: call('get_weather', { town: 'Oslo' }) },
    );
    const result = await runCli(project.root, ['eval', 'tools.yaml', '--json'], bareEnv());
    expect(result.code, result.stderr).toBe(0);
    // The first call fits the declared tool; the second lacks its required argument.
    expect(JSON.parse(result.stdout).totals).toMatchObject({ cells: 2, passed: 1, failed: 1, undecided: 0 });
    expect(server.requests[0]?.body.tools).toBeUndefined();
  });

  it('refuses a provider plume does not run, at its line, saying what plume runs', async () => {
    project.write(
      'bad.yaml',
      "prompts: ['Say hi to {{name}}']\nproviders:\n  - echo\n  - id: bedrock:anthropic.claude-3-haiku\ntests:\n  - vars: { name: Ada }\n",
    );
    const result = await runCli(project.root, ['eval', 'bad.yaml'], bareEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.yaml:4');
    expect(result.stderr).toContain("plume does not run promptfoo's 'bedrock' provider");
    expect(result.stderr).toMatch(/openai:chat:MODEL/);
  });
});
