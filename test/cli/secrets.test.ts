import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CANARY_ENV,
  CANARY_HEADER,
  CANARY_KEY,
  canariesIn,
  canaryConfig,
  leakyReply,
  stateFiles,
} from '../helpers/credential-canaries.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

const SUITE = `prompts:
  - { raw: 'Tell {{name}} what you were sent.', label: tell }
models: ['lab:m1']
tests:
  - vars: { name: Ada }
    assert: [{ type: contains, value: sent }]
  - vars: { name: fail }
    assert: [{ type: contains, value: sent }]
`;

let project: TempProject;
let server: OpenAIStubServer;
beforeEach(async () => {
  server = await startOpenAIStubServer({ respond: leakyReply });
  project = createTempProject(
    { 'tell.prompt': 'Tell {{name}} what you were sent.\n' },
    canaryConfig(server.baseURL),
  );
  project.write('plume.suite.yaml', SUITE);
});
afterEach(async () => {
  project.cleanup();
  await server.close();
});

describe('credentials of a provider', () => {
  it('are sent, and appear nowhere plume writes: output, errors, exports, the store', async () => {
    const leaks: string[] = [];
    const cli = async (args: string[]) => {
      const result = await runCli(project.root, args, CANARY_ENV);
      leaks.push(...canariesIn(`stdout of ${args.join(' ')}`, result.stdout));
      leaks.push(...canariesIn(`stderr of ${args.join(' ')}`, result.stderr));
      return result;
    };
    const run = await cli(['eval', '--json', '-o', 'run.jsonl']);
    // The test named `fail` gets the provider's error, whose message carries the header: exit 3.
    expect(run.code).toBe(3);
    const runId = JSON.parse(run.stdout).runId as string;
    await cli(['eval', '-o', 'again.md']);
    const exported = await cli(['runs', 'export', runId]);
    expect(exported.stdout).toContain('[redacted:LAB2_CRED]');
    expect(exported.stdout).toContain('[redacted:LAB_HEADER]');
    await cli(['runs', 'export', runId, '-o', 'run.csv']);
    await cli(['runs', 'show', runId, '--json']);
    const streamed = await cli(['run', 'tell', '--var', 'name=Bob', '-m', 'lab:m1', '--no-cache']);
    expect(streamed.stdout).toBe('you sent auth=Bearer [redacted:LAB2_CRED] lab=[redacted:LAB_HEADER]\n');
    const refused = await cli(['run', 'tell', '--var', 'name=fail', '-m', 'lab:m1']);
    expect(refused.code).toBe(3);
    await cli(['run', 'tell', '--var', 'name=Cy', '-m', 'lab:m1', '--json']);

    // The server did receive them: the test would pass for nothing otherwise.
    expect(server.requests.every((request) => request.headers.authorization === `Bearer ${CANARY_KEY}`)).toBe(
      true,
    );
    expect(server.requests.every((request) => request.headers['x-lab'] === CANARY_HEADER)).toBe(true);
    for (const file of ['run.jsonl', 'again.md', 'run.csv']) {
      leaks.push(...canariesIn(file, readFileSync(join(project.root, file))));
    }
    for (const file of stateFiles(project.root)) leaks.push(...canariesIn(file.name, file.bytes));
    expect(leaks).toEqual([]);
  });

  it('read from an unset variable stop the call with what to set', async () => {
    const { LAB_HEADER: _unset, ...env } = CANARY_ENV;
    const result = await runCli(project.root, ['run', 'tell', '--var', 'name=Bob', '-m', 'lab:m1'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "provider 'lab' sends the header X-Lab from LAB_HEADER, which is not set",
    );
    expect(server.requestCount).toBe(0);
    const listed = await runCli(project.root, ['models', '--json'], env);
    const lab = JSON.parse(listed.stdout).providers.find(
      (provider: { name: string }) => provider.name === 'lab',
    );
    expect(lab).toMatchObject({ available: false, detail: 'LAB_HEADER is not set (header X-Lab)' });
  });

  it('written neither as text nor as { env: NAME } are refused where they stand in plume.yaml', async () => {
    project.write(
      'plume.yaml',
      canaryConfig(server.baseURL).replace('{ env: LAB_HEADER }', '{ variable: LAB_HEADER }'),
    );
    const result = await runCli(
      project.root,
      ['run', 'tell', '--var', 'name=Bob', '-m', 'lab:m1'],
      CANARY_ENV,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/plume\.yaml:8:\d+: providers\.lab\.headers\.X-Lab/);
  });
});
