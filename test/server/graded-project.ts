import {
  type OpenAIStubServer,
  type StubRequest,
  startOpenAIStubServer,
} from '../helpers/openai-stub-server.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { cliJson } from './served-project.ts';

const SUITE = `prompts: [greet]
models: ['stub:tiny']
repeats: 2
defaultTest:
  assert: [{ type: llm-rubric, value: greets the person, provider: 'stub:judge' }]
tests:
  - vars: { name: Ada }
  - vars: { name: Bob }
  - vars: { name: Cy }
  - vars: { name: Dee }
    assert: [{ type: contains, value: hello, metric: greeting }]
`;

/**
 * A project graded by a judge model, run twice with the real CLI against a local stub of the
 * OpenAI wire format. The model greets Ada and Dee, never Bob, and Cy on one repeat only (a flaky
 * test); after the prompt is made warmer it greets Bob and Cy too. The judge passes an answer
 * when it contains "hello".
 */
export interface GradedProject {
  project: TempProject;
  stub: OpenAIStubServer;
  firstRun: string;
  secondRun: string;
  close(): Promise<void>;
}

export async function createGradedProject(): Promise<GradedProject> {
  const asked = new Map<string, number>();
  const stub = await startOpenAIStubServer({ respond: (request) => ({ text: answer(request, asked) }) });
  const project = createTempProject(
    { 'greet.prompt': 'Say hello to {{name}}.\n' },
    `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${stub.baseURL}\nprices:\n  "stub:tiny": { input: 1, output: 2 }\n`,
  );
  project.write('plume.suite.yaml', SUITE);
  const cli = (args: string[]) => cliJson(project, args);
  await cli(['lib', 'save', '-m', 'first']);
  const firstRun = (await cli(['eval'])).runId as string;
  project.writePrompt('greet.prompt', 'Say hello warmly to {{name}}.\n');
  await cli(['lib', 'save', 'greet', '-m', 'warmer']);
  const secondRun = (await cli(['eval'])).runId as string;
  return {
    project,
    stub,
    firstRun,
    secondRun,
    close: async () => {
      await stub.close();
      project.cleanup();
    },
  };
}

function answer(request: StubRequest, asked: Map<string, number>): string {
  const content = String(request.body.messages?.at(-1)?.content ?? '');
  if (request.body.model === 'judge') {
    const pass = /hello/.test(content);
    return JSON.stringify({ pass, score: pass ? 1 : 0, reason: pass ? 'greets' : 'does not greet' });
  }
  const name = /to (\w+)\./.exec(content)?.[1] ?? 'you';
  const warm = content.includes('warmly');
  const times = (asked.get(content) ?? 0) + 1;
  asked.set(content, times);
  const greets = name === 'Bob' ? warm : name === 'Cy' ? warm || times === 1 : true;
  return greets ? `hello ${name}` : `bye ${name}`;
}
