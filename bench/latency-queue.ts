// A cell's latency against its wait for the provider's concurrency limit, on a local
// OpenAI-compatible stub that answers every call after a fixed delay (this process serves it).
// One prompt × --tests tests on an openai-compatible provider (4 calls at a time by default), cache
// off, at --max-concurrency 1, 4 and the default (32 cells in flight). The p50 latency should be the
// stub's delay at every concurrency; the queue wait grows with the cells waiting for a slot.
// Reproduce: node_modules/.bin/node bench/latency-queue.ts [--tests 32] [--delay 200]
import { parseArgs } from 'node:util';
import { bareEnv } from '../test/helpers/bare-env.ts';
import { startOpenAIStubServer } from '../test/helpers/openai-stub-server.ts';
import { runCli } from '../test/helpers/run-cli.ts';
import { createTempProject } from '../test/helpers/temp-project.ts';

const { values } = parseArgs({
  options: { tests: { type: 'string', default: '32' }, delay: { type: 'string', default: '200' } },
});
const tests = Number(values.tests);
const delay = Number(values.delay);

const server = await startOpenAIStubServer({ latencyMs: delay, recordRequests: false });
const project = createTempProject(
  { 'greet.prompt': 'Say hello to {{name}}.\n' },
  `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n`,
);
const rows = Array.from({ length: tests }, (_, index) => `  - vars: { name: N${index} }`).join('\n');
project.write('plume.suite.yaml', `prompts: [greet]\nmodels: ['stub:tiny']\ntests:\n${rows}\n`);

interface Column {
  latencyP50?: number;
  queueP50?: number;
  queueP95?: number;
}
const ms = (value: number | undefined): string => (value === undefined ? '–' : `${Math.round(value)} ms`);
console.log(`stub delay ${delay} ms, ${tests} cells, provider limit 4`);
console.log('max-concurrency  wall      p50 latency  queue p50  queue p95');
try {
  for (const concurrency of ['1', '4', 'default']) {
    const args = [
      'eval',
      '--json',
      '--no-cache',
      ...(concurrency === 'default' ? [] : ['--max-concurrency', concurrency]),
    ];
    const started = performance.now();
    const result = await runCli(project.root, args, bareEnv());
    const wall = performance.now() - started;
    const column = (JSON.parse(result.stdout) as { columns: Column[] }).columns[0]!;
    console.log(
      `${concurrency.padEnd(17)}${`${(wall / 1000).toFixed(2)} s`.padEnd(10)}${ms(column.latencyP50).padEnd(13)}${ms(column.queueP50).padEnd(11)}${ms(column.queueP95)}`,
    );
  }
} finally {
  await server.close();
  project.cleanup();
}
console.log('reproduce: node_modules/.bin/node bench/latency-queue.ts --tests 32 --delay 200');
