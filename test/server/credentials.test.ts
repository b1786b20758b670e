import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start-server.ts';
import {
  CANARY_ENV,
  CANARY_KEY,
  canariesIn,
  canaryConfig,
  leakyReply,
  stateFiles,
} from '../helpers/credential-canaries.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { serve } from './served-project.ts';

// The echo model repeats the key given as a variable: a run stored while the key was not known
// (set later, or stored by an older plume), whose cells hold it in clear.
const SUITE = `prompts:
  - { raw: 'Repeat {{name}}.', label: repeat }
models: ['echo:default']
tests:
  - vars: { name: '${CANARY_KEY}' }
`;

let stub: OpenAIStubServer;
let project: TempProject;
let server: RunningServer;
let runId: string;

beforeAll(async () => {
  stub = await startOpenAIStubServer({ respond: leakyReply });
  project = createTempProject(
    { 'tell.prompt': 'Tell {{name}} what you were sent.\n' },
    canaryConfig(stub.baseURL),
  );
  project.write('plume.suite.yaml', SUITE);
  const { LAB2_CRED: _unknown, ...before } = CANARY_ENV;
  const result = await runCli(project.root, ['eval', '--json'], before);
  expect(result.code).toBe(0);
  runId = JSON.parse(result.stdout).runId as string;
  // The premise: the store does hold the key.
  expect(stateFiles(project.root).some((file) => canariesIn(file.name, file.bytes).length > 0)).toBe(true);
  server = await serve(project, { env: CANARY_ENV });
});
afterAll(async () => {
  await server?.close();
  await stub?.close();
  project?.cleanup();
});

async function text(path: string, init?: RequestInit): Promise<string> {
  const response = await fetch(new URL(path, server.url), init);
  return response.text();
}

function playground(name: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'tell', vars: { name }, model: 'lab:m1' }),
  };
}

describe('the web API', () => {
  it("redacts a provider's key by its value, whatever the variable's name", async () => {
    const cells = await text(`/api/runs/${runId}/cells`);
    expect(canariesIn('cells', cells)).toEqual([]);
    expect(cells).toContain('Repeat [redacted:LAB2_CRED].');
  });

  it('lets no credential through a streamed answer, though each is split across pieces', async () => {
    const streamed = await text('/api/playground/run', playground('Ada'));
    expect(canariesIn('stream', streamed)).toEqual([]);
    const deltas = [...streamed.matchAll(/^event: text\ndata: (.*)$/gm)].map(
      (match) => JSON.parse(match[1]!).text,
    );
    expect(deltas.join('')).toBe('you sent auth=Bearer [redacted:LAB2_CRED] lab=[redacted:LAB_HEADER]');
    expect(stub.requests.at(-1)!.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
  });

  it('lets no credential through an error', async () => {
    const refused = await text('/api/playground/run', playground('fail'));
    expect(refused).toContain('event: error');
    expect(canariesIn('error', refused)).toEqual([]);
  });
});
