// plume eval vs promptfoo eval on every built-in provider path: the shape of promptfoo's own
// benchmark config (2 prompts × N tests, each test with its own contains, regex and javascript
// checks), each tool's provider pointed at the same local stub speaking that provider's wire format
// (test/helpers/openai-stub-server.ts, served by this process: only the tools' children are timed),
// the same concurrency, response caches off. plume's suite sets `allowCode: true` for the javascript
// check. CPU and peak RSS are the child's (GNU time), so the stub does not count.
// promptfoo is installed apart from the project, e.g.:
//   npm install --prefix /tmp/promptfoo-bench promptfoo@0.123.1
// Reproduce: node_modules/.bin/node bench/provider-paths.ts [--tests 10000] [--concurrency 8]
//            [--paths openai,anthropic,google,mistral,ollama,openai-compatible] [--no-promptfoo]
//            [--promptfoo /tmp/promptfoo-bench] [--cpu-prof <folder for plume's CPU profiles>]
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { type OpenAIStubServer, startOpenAIStubServer } from '../test/helpers/openai-stub-server.ts';
import {
  type ChildCost,
  machineReference,
  NODE,
  PLUME_BIN,
  PROMPTS,
  plumeTotals,
  timeChild,
  verdict,
} from './eval-bench-kit.ts';

const { values } = parseArgs({
  options: {
    tests: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '8' },
    paths: { type: 'string', default: 'openai,anthropic,google,mistral,ollama,openai-compatible' },
    promptfoo: { type: 'string', default: '/tmp/promptfoo-bench' },
    'no-promptfoo': { type: 'boolean', default: false },
    /** Write a CPU profile of each plume child into this folder (node --cpu-prof). */
    'cpu-prof': { type: 'string' },
  },
});
const tests = Number(values.tests);
const concurrency = Number(values.concurrency);

/** How each tool reaches the stub on one provider path. */
interface ProviderPath {
  /** plume's provider entry under `providers:` (its type and baseURL). */
  plume: (stub: OpenAIStubServer) => string;
  /** promptfoo's provider, its config pointing at the stub. */
  promptfoo: (stub: OpenAIStubServer) => string;
  /** Environment both tools need (keys, promptfoo's base URL variables). */
  env: (stub: OpenAIStubServer) => Record<string, string>;
}

const PATHS: Record<string, ProviderPath> = {
  openai: {
    plume: (stub) => `type: openai\n    baseURL: ${stub.baseURL}`,
    promptfoo: (stub) => `openai:chat:tiny\n    config: { apiBaseUrl: '${stub.baseURL}' }`,
    env: () => ({ OPENAI_API_KEY: 'stub' }),
  },
  anthropic: {
    plume: (stub) => `type: anthropic\n    baseURL: ${stub.baseURL}`,
    promptfoo: (stub) => `anthropic:messages:tiny\n    config: { apiBaseUrl: '${stub.origin}' }`,
    env: () => ({ ANTHROPIC_API_KEY: 'stub' }),
  },
  google: {
    plume: (stub) => `type: google\n    baseURL: ${stub.origin}/v1beta`,
    promptfoo: (stub) => `google:tiny\n    config: { apiBaseUrl: '${stub.origin}' }`,
    env: () => ({ GOOGLE_GENERATIVE_AI_API_KEY: 'stub', GOOGLE_API_KEY: 'stub', GEMINI_API_KEY: 'stub' }),
  },
  mistral: {
    plume: (stub) => `type: mistral\n    baseURL: ${stub.baseURL}`,
    promptfoo: (stub) => `mistral:tiny\n    config: { apiBaseUrl: '${stub.baseURL}' }`,
    env: () => ({ MISTRAL_API_KEY: 'stub' }),
  },
  ollama: {
    plume: (stub) => `type: ollama\n    baseURL: ${stub.origin}/api`,
    promptfoo: () => 'ollama:chat:tiny',
    env: (stub) => ({ OLLAMA_BASE_URL: stub.origin }),
  },
  'openai-compatible': {
    plume: (stub) => `type: openai-compatible\n    baseURL: ${stub.baseURL}`,
    // promptfoo has no provider of this name: an OpenAI-compatible server is its openai provider.
    promptfoo: (stub) => `openai:chat:tiny\n    config: { apiBaseUrl: '${stub.baseURL}' }`,
    env: () => ({ OPENAI_API_KEY: 'stub' }),
  },
};

/** N tests, each with its own three checks (the stub answers `echo: <prompt>`; all pass). */
async function writeTests(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  for (let index = 0; index < count; index++) {
    const name = `user-${index}`;
    const assert = [
      { type: 'contains', value: name },
      { type: 'regex', value: `^echo: .*${name}` },
      { type: 'javascript', value: 'output.length < 200 && output.includes(context.vars.name)' },
    ];
    if (!out.write(`${JSON.stringify({ vars: { name }, assert })}\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
}

/** One folder holding both tools' configs over the same tests.jsonl. */
function writeConfigs(root: string, path: ProviderPath, stub: OpenAIStubServer): void {
  mkdirSync(join(root, 'prompts'), { recursive: true });
  writeFileSync(
    join(root, 'plume.yaml'),
    // The provider's own limit (8, 4 or 2) would cap --max-concurrency.
    `prompts: prompts\nproviders:\n  stub:\n    ${path.plume(stub)}\n    concurrency: 64\ncache:\n  enabled: true\n`,
  );
  PROMPTS.forEach((text, index) => {
    writeFileSync(join(root, 'prompts', `p${index + 1}.prompt`), `${text}\n`);
  });
  writeFileSync(
    join(root, 'plume.suite.yaml'),
    "prompts: [p1, p2]\nmodels: ['stub:tiny']\nallowCode: true\ntests: file://tests.jsonl\n",
  );
  const prompts = PROMPTS.map((text) => `  - '${text}'`).join('\n');
  writeFileSync(
    join(root, 'promptfooconfig.yaml'),
    `prompts:\n${prompts}\nproviders:\n  - id: ${path.promptfoo(stub)}\ntests: file://tests.jsonl\n`,
  );
}

const PROMPTFOO_ENV = {
  PROMPTFOO_DISABLE_TELEMETRY: '1',
  PROMPTFOO_DISABLE_UPDATE: '1',
  PROMPTFOO_DISABLE_SHARING: '1',
  NODE_NO_WARNINGS: '1',
};

async function runPromptfoo(root: string, env: Record<string, string>): Promise<ChildCost> {
  const bin = join(values.promptfoo, 'node_modules/promptfoo/dist/src/entrypoint.js');
  const args = [bin, 'eval', '-c', 'promptfooconfig.yaml', '--no-cache', '--no-table', '--no-progress-bar'];
  return timeChild(NODE, args, {
    cwd: root,
    env: {
      ...env,
      ...PROMPTFOO_ENV,
      PROMPTFOO_CONFIG_DIR: join(root, '.promptfoo'),
      PROMPTFOO_MAX_CONCURRENCY: String(concurrency),
      PROMPTFOO_PASS_RATE_THRESHOLD: '0',
    },
  });
}

function line(label: string, cost: ChildCost, cells: number): string {
  const ms = (cost.cpuSeconds * 1000) / cells;
  return `${label.padEnd(28)} CPU ${cost.cpuSeconds.toFixed(2).padStart(7)} s = ${ms.toFixed(3)} ms/cell  peak ${cost.peakRssMiB.toFixed(0).padStart(4)} MiB  wall ${cost.wallSeconds.toFixed(1)} s`;
}

const version = values['no-promptfoo']
  ? undefined
  : (
      JSON.parse(readFileSync(join(values.promptfoo, 'node_modules/promptfoo/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
console.log(
  `plume vs promptfoo ${version ?? '(not run)'}, Node ${process.version}, 2 prompts × ${tests} tests × 3 checks each (contains, regex, javascript), concurrency ${concurrency}, caches off`,
);
const testsRoot = mkdtempSync(join(tmpdir(), 'plume-provider-paths-'));
await writeTests(join(testsRoot, 'tests.jsonl'), tests);
const tested = readFileSync(join(testsRoot, 'tests.jsonl'));
try {
  for (const name of values.paths.split(',')) {
    const path = PATHS[name];
    if (path === undefined) throw new Error(`unknown path ${name}: one of ${Object.keys(PATHS).join(', ')}`);
    const stub = await startOpenAIStubServer({ recordRequests: false });
    const root = mkdtempSync(join(tmpdir(), `plume-path-${name}-`));
    try {
      writeConfigs(root, path, stub);
      writeFileSync(join(root, 'tests.jsonl'), tested);
      const env = path.env(stub);
      const plume = await timeChild(
        NODE,
        [
          ...(values['cpu-prof'] === undefined
            ? []
            : ['--cpu-prof', `--cpu-prof-dir=${join(values['cpu-prof'], name)}`]),
          PLUME_BIN,
          'eval',
          '--json',
          '--no-cache',
          '--max-concurrency',
          String(concurrency),
        ],
        { cwd: root, env },
      );
      if (plume.code !== 0)
        throw new Error(`plume eval failed (${plume.code}): ${plume.stderr.slice(-2000)}`);
      const totals = plumeTotals(plume);
      if (totals.passed !== totals.cells || stub.requestCount !== totals.cells) {
        throw new Error(
          `${name}: plume passed ${totals.passed} of ${totals.cells} cells in ${stub.requestCount} calls`,
        );
      }
      console.log(line(`${name}: plume`, plume, totals.cells));
      // A shared machine's speed varies by the minute: its reference work, next to each pair of runs.
      console.log(
        `${name}: machine reference ${machineReference().toFixed(0)} ms (about 30 ms when the machine is quiet)`,
      );
      if (values['no-promptfoo']) continue;
      const before = stub.requestCount;
      const promptfoo = await runPromptfoo(root, env);
      const calls = stub.requestCount - before;
      if (calls !== totals.cells) {
        throw new Error(
          `${name}: promptfoo made ${calls} calls for ${totals.cells} cells (exit ${promptfoo.code}): ${promptfoo.stderr.slice(-2000)}`,
        );
      }
      console.log(line(`${name}: promptfoo`, promptfoo, totals.cells));
      const ratio = promptfoo.cpuSeconds / plume.cpuSeconds;
      console.log(
        `${name}: CPU per cell promptfoo / plume = ${ratio.toFixed(1)}× ${verdict(ratio, 20, 'at least')}; plume peak ${verdict(plume.peakRssMiB, 150, 'at most')} MiB`,
      );
    } finally {
      await stub.close();
      rmSync(root, { recursive: true, force: true });
    }
  }
  console.log(
    `reproduce: node_modules/.bin/node bench/provider-paths.ts --tests ${tests} --concurrency ${concurrency} --paths ${values.paths}${values['no-promptfoo'] ? ' --no-promptfoo' : ` --promptfoo ${values.promptfoo}`}`,
  );
} finally {
  rmSync(testsRoot, { recursive: true, force: true });
}
