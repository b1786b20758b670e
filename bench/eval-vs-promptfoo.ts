// plume eval vs promptfoo eval on the same suite (2 prompts × N tests × 3 deterministic assertions:
// contains, regex, a length bound), the same local OpenAI-compatible stub (served by this process),
// the same concurrency, response caches off, results written to each tool's own store.
// promptfoo is installed apart from the project, e.g.:
//   npm install --prefix /tmp/promptfoo-bench promptfoo@0.123.1
// Reproduce: node_modules/.bin/node bench/eval-vs-promptfoo.ts [--tests 10000] [--concurrency 8]
//            [--promptfoo /tmp/promptfoo-bench]
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startOpenAIStubServer } from '../test/helpers/openai-stub-server.ts';
import {
  type ChildCost,
  CONTAINS,
  createPlumeProject,
  MAX_LENGTH,
  NODE,
  PLUME_BIN,
  PROMPTS,
  plumeTotals,
  REGEX,
  REPO_ROOT,
  timeChild,
  timePlumeEval,
  verdict,
} from './eval-bench-kit.ts';

const { values } = parseArgs({
  options: {
    tests: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '8' },
    promptfoo: { type: 'string', default: '/tmp/promptfoo-bench' },
  },
});
const tests = Number(values.tests);
const concurrency = Number(values.concurrency);
const promptfooRoot = join(values.promptfoo, 'node_modules/promptfoo');
const promptfooBin = join(promptfooRoot, 'dist/src/entrypoint.js');
const promptfooVersion = (
  JSON.parse(readFileSync(join(promptfooRoot, 'package.json'), 'utf8')) as { version: string }
).version;

function promptfooConfig(baseURL: string): string {
  const prompts = PROMPTS.map((text) => `  - '${text}'`).join('\n');
  return `prompts:\n${prompts}\nproviders:\n  - id: openai:chat:tiny\n    config:\n      apiBaseUrl: ${baseURL}\n      apiKey: stub\n      temperature: 0.7\n      max_tokens: 256\ndefaultTest:\n  assert:\n    - { type: contains, value: '${CONTAINS}' }\n    - { type: regex, value: '${REGEX}' }\n    - { type: javascript, value: 'output.length <= ${MAX_LENGTH}' }\ntests: file://tests.jsonl\n`;
}

const PROMPTFOO_ENV = {
  PROMPTFOO_DISABLE_TELEMETRY: '1',
  PROMPTFOO_DISABLE_UPDATE: '1',
  PROMPTFOO_DISABLE_SHARING: '1',
  NODE_NO_WARNINGS: '1',
};

function describe(label: string, cost: ChildCost, cells: number): void {
  console.log(
    `${label.padEnd(26)} wall ${cost.wallSeconds.toFixed(2)} s  CPU ${cost.cpuSeconds.toFixed(2)} s = ${((cost.cpuSeconds * 1000) / cells).toFixed(3)} ms/cell  peak ${cost.peakRssMiB.toFixed(0)} MiB`,
  );
}

async function versions(): Promise<{ plume: ChildCost; promptfoo: ChildCost }> {
  await timeChild(NODE, [promptfooBin, '--version'], { cwd: REPO_ROOT, env: PROMPTFOO_ENV }); // warm
  return {
    plume: await timeChild(NODE, [PLUME_BIN, '--version'], { cwd: REPO_ROOT }),
    promptfoo: await timeChild(NODE, [promptfooBin, '--version'], { cwd: REPO_ROOT, env: PROMPTFOO_ENV }),
  };
}

const server = await startOpenAIStubServer({ recordRequests: false });
const root = await createPlumeProject(server.baseURL, tests);
try {
  console.log(
    `plume vs promptfoo ${promptfooVersion}, Node ${process.version}, 2 prompts × ${tests} tests × 3 assertions, concurrency ${concurrency}, caches off`,
  );
  const version = await versions();
  console.log(
    `--version                  plume ${(version.plume.wallSeconds * 1000).toFixed(0)} ms ${version.plume.peakRssMiB.toFixed(0)} MiB   promptfoo ${(version.promptfoo.wallSeconds * 1000).toFixed(0)} ms ${version.promptfoo.peakRssMiB.toFixed(0)} MiB`,
  );
  const plume = await timePlumeEval(root, ['--no-cache', '--max-concurrency', String(concurrency)]);
  const cells = plumeTotals(plume).cells;
  describe('plume eval', plume, cells);
  writeFileSync(join(root, 'promptfooconfig.yaml'), promptfooConfig(server.baseURL));
  const before = server.requestCount;
  const promptfoo = await timeChild(
    NODE,
    [promptfooBin, 'eval', '-c', 'promptfooconfig.yaml', '--no-cache', '--no-table', '--no-progress-bar'],
    {
      cwd: root,
      env: {
        ...PROMPTFOO_ENV,
        PROMPTFOO_CONFIG_DIR: join(root, '.promptfoo'),
        PROMPTFOO_MAX_CONCURRENCY: String(concurrency),
        PROMPTFOO_PASS_RATE_THRESHOLD: '0',
      },
    },
  );
  const promptfooCalls = server.requestCount - before;
  if (promptfooCalls !== cells) {
    throw new Error(
      `promptfoo made ${promptfooCalls} calls for ${cells} cells (exit ${promptfoo.code}): ${promptfoo.stderr.slice(-2000)}`,
    );
  }
  describe(`promptfoo eval (${promptfooCalls} calls)`, promptfoo, cells);
  const cpuRatio = promptfoo.cpuSeconds / plume.cpuSeconds;
  console.log(
    `CPU per cell               promptfoo / plume = ${cpuRatio.toFixed(1)}×  ${verdict(cpuRatio, 20, 'at least')}`,
  );
  console.log(
    `wall                       promptfoo / plume = ${(promptfoo.wallSeconds / plume.wallSeconds).toFixed(1)}×`,
  );
  console.log(
    `peak RSS                   promptfoo / plume = ${(promptfoo.peakRssMiB / plume.peakRssMiB).toFixed(1)}×`,
  );
  console.log(
    `--version wall             promptfoo / plume = ${(version.promptfoo.wallSeconds / version.plume.wallSeconds).toFixed(1)}×`,
  );
  console.log(
    `reproduce: node_modules/.bin/node bench/eval-vs-promptfoo.ts --tests ${tests} --concurrency ${concurrency} --promptfoo ${values.promptfoo}`,
  );
} finally {
  await server.close();
  rmSync(root, { recursive: true, force: true });
}
