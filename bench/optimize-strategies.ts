// Prompt optimization on the sim test instrument: for each strategy, calls spent, the lift over
// the starting prompt measured on held-out tests, and the true lift (the sim knows each prompt's
// accuracy), with racing and with exhaustive evaluation of every candidate.
// --scenario picks the planted truth: `default` (below), `placement` (an output-format instruction
// helps only before the input) or `phrasing` (only one wording of it helps); --plans restricts the
// strategy plans run (`edits;edits+few-shot`).
// Reproduce: node_modules/.bin/node bench/optimize-strategies.ts [--seeds 5] [--tests 300] [--budget 1500] [--min-batch 16] [--scenario default] [--plans edits;few-shot]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSuite } from '../src/eval/suite/load-suite.ts';
import { Library } from '../src/library/library.ts';
import { loadProject } from '../src/library/project.ts';
import { createModelRegistry } from '../src/models/registry.ts';
import { simTrueAccuracy } from '../src/models/sim/sim-truth.ts';
import { APPROXIMATE_TOKEN_COUNTER } from '../src/models/token-counter.ts';
import { type OptimizationSettings, optimizePrompt } from '../src/optimize/optimize-prompt.ts';
import { DEFAULT_SPLIT } from '../src/optimize/split-tests.ts';
import type { StrategyName } from '../src/optimize/strategies/index.ts';
import type { Message } from '../src/spec/model.ts';
import { openDatabase } from '../src/store/database.ts';
import { OptimizationStore } from '../src/store/optimization-store.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    tests: { type: 'string', default: '300' },
    budget: { type: 'string', default: '1500' },
    'min-batch': { type: 'string', default: '16' },
    scenario: { type: 'string', default: 'default' },
    plans: { type: 'string', default: 'edits;few-shot;edits+few-shot;ape;opro;protegi' },
  },
});
const SEEDS = Number(values.seeds);
const TESTS = Number(values.tests);
const BUDGET = Number(values.budget);
const MIN_BATCH = Number(values['min-batch']);
const LABELS = ['positive', 'negative', 'neutral'];
// The planted truths. default: a role sentence and a chain-of-thought trigger help, long prompts
// hurt a little, each correct demonstration helps; the starting prompt has none of these.
const NO_EFFECTS = {
  role: 0,
  'task-statement': 0,
  'output-format': 0,
  delimiters: 0,
  'chain-of-thought': 0,
  'step-decomposition': 0,
  'self-check': 0,
  constraints: 0,
  'audience-tone': 0,
};
const SCENARIOS: Record<string, Record<string, unknown>> = {
  default: {
    base: 0.35,
    effects: { role: 0.8, 'chain-of-thought': 0.6, 'task-statement': 0.2, constraints: -0.2 },
    demonstrations: { perCorrect: 0.2 },
    labels: LABELS,
  },
  // Stating the answer format is worth +1.2, but only before the input (the start has its input first).
  placement: {
    base: 0.35,
    effects: { ...NO_EFFECTS, 'output-format': 1.2 },
    placement: { 'output-format': 'before-input' },
    labels: LABELS,
  },
  // One wording of the answer format is worth +1.2; the technique as such, nothing.
  phrasing: {
    base: 0.35,
    effects: NO_EFFECTS,
    phrases: [{ text: 'respond in exactly this format', effect: 1.2 }],
    labels: LABELS,
  },
};
const SIM = SCENARIOS[values.scenario];
if (SIM === undefined) throw new Error(`--scenario: one of ${Object.keys(SCENARIOS).join(', ')}`);
const START = 'Label: {{input}}\n';

/** A proposer server: each proposal adds a role or a reasoning trigger, or only rewords. */
async function startProposer(): Promise<{ url: string; close: () => Promise<void> }> {
  let count = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const meta = String(JSON.parse(body).messages?.at(-1)?.content ?? '');
      count++;
      const variants = [
        'You are a meticulous annotator. Give the label of this review.',
        'Think step by step, then give the label of this review.',
        'Give the label of this review.',
        'Read the review and answer with its label.',
      ];
      const text = meta.includes('<critique>')
        ? '<critique>The prompt does not say who answers.</critique>'
        : `<prompt>${variants[count % variants.length]}\n\n{{input}}</prompt>`;
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: `p${count}`,
          object: 'chat.completion',
          created: 0,
          model: 'writer',
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
          usage: { prompt_tokens: Math.ceil(meta.length / 4), completion_tokens: 20, total_tokens: 0 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function makeProject(seed: number, proposerUrl: string): string {
  const root = mkdtempSync(join(tmpdir(), 'plume-bench-optimize-'));
  mkdirSync(join(root, 'prompts'));
  writeFileSync(join(root, 'prompts', 'classify.prompt'), START);
  writeFileSync(
    join(root, 'plume.yaml'),
    `prompts: prompts\ncache: { enabled: false }\nproviders:\n  writer: { type: openai-compatible, baseURL: '${proposerUrl}', maxRetries: 0 }\n`,
  );
  const tests = Array.from({ length: TESTS }, (_, index) => ({
    vars: { input: `customer review number ${index}`, label: LABELS[index % 3]! },
  }));
  writeFileSync(join(root, 'tests.jsonl'), tests.map((test) => JSON.stringify(test)).join('\n'));
  writeFileSync(
    join(root, 'plume.suite.json'),
    JSON.stringify({
      prompts: ['classify'],
      models: [{ id: 'sim:classify', config: { temperature: 0, sim: { ...SIM, seed } } }],
      defaultTest: { assert: [{ type: 'equals', value: '{{label}}' }] },
      tests: 'file://tests.jsonl',
    }),
  );
  return root;
}

interface Outcome {
  calls: number;
  heldOutLift: number;
  significant: boolean;
  trueLift: number;
  seconds: number;
}

async function optimizeOnce(
  strategies: StrategyName[],
  exhaustive: boolean,
  seed: number,
  proposerUrl: string,
): Promise<Outcome> {
  const root = makeProject(seed, proposerUrl);
  const project = loadProject(root, {});
  const db = openDatabase(project.storePath);
  const library = Library.open(project, { cwd: root, env: {} });
  const registry = createModelRegistry(project, {}, { db, download: false });
  try {
    const suite = await loadSuite(join(root, 'plume.suite.json'));
    const settings: OptimizationSettings = {
      promptRef: 'classify',
      suiteFile: suite.file,
      model: 'sim:classify',
      proposer: 'writer:writer',
      strategies,
      budget: { calls: BUDGET },
      split: DEFAULT_SPLIT,
      seed,
      search: { candidates: 8, iterations: 3, minBatch: MIN_BATCH, exhaustive },
      concurrency: 8,
    };
    const started = performance.now();
    const report = await optimizePrompt({
      settings,
      resources: {
        library,
        store: new OptimizationStore(db),
        suite,
        model: await registry.get('sim:classify'),
        params: suite.models[0]!.params,
        price: undefined,
        proposer: await registry.get('writer:writer'),
        proposerPrice: undefined,
        tokenCounter: APPROXIMATE_TOKEN_COUNTER,
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const truth = async (body: string) => {
      const prompt = await library.draft('classify', body);
      const vars = Array.from({ length: TESTS }, (_, index) => ({
        input: `customer review number ${index}`,
        label: LABELS[index % 3]!,
      }));
      const messages: Message[][] = [];
      for (const entry of vars) messages.push((await prompt.render(entry)).messages);
      return simTrueAccuracy({ ...SIM, seed }, 'classify', messages, vars);
    };
    return {
      calls: report.spent.calls,
      heldOutLift: report.heldOut?.lift ?? 0,
      significant: report.heldOut?.significant ?? false,
      trueLift: (await truth(report.winner.body)) - (await truth(report.start.body)),
      seconds,
    };
  } finally {
    library.close();
    await registry.close();
    db.close();
    rmSync(root, { recursive: true, force: true });
  }
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const pp = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} pp`;

const proposer = await startProposer();
try {
  console.log(
    `plume optimize on sim:classify, scenario ${values.scenario} — ${TESTS} tests (30/40/30 split), budget ${BUDGET} calls, first racing rung ${MIN_BATCH} tests, ${SEEDS} seeds, Node ${process.version}`,
  );
  console.log(
    `${'strategy'.padEnd(16)}${'search'.padEnd(12)}${'calls'.padStart(8)}${'held-out lift'.padStart(16)}${'significant'.padStart(13)}${'true lift'.padStart(12)}${'s/run'.padStart(8)}`,
  );
  const plans = values.plans.split(';').map((plan) => plan.split('+') as StrategyName[]);
  for (const strategies of plans) {
    for (const exhaustive of [false, true]) {
      const outcomes: Outcome[] = [];
      for (let seed = 1; seed <= SEEDS; seed++)
        outcomes.push(await optimizeOnce(strategies, exhaustive, seed, proposer.url));
      console.log(
        `${strategies.join('+').padEnd(16)}${(exhaustive ? 'exhaustive' : 'racing').padEnd(12)}${mean(
          outcomes.map((o) => o.calls),
        )
          .toFixed(0)
          .padStart(
            8,
          )}${pp(mean(outcomes.map((o) => o.heldOutLift))).padStart(16)}${`${outcomes.filter((o) => o.significant).length}/${outcomes.length}`.padStart(13)}${pp(mean(outcomes.map((o) => o.trueLift))).padStart(12)}${mean(
          outcomes.map((o) => o.seconds),
        )
          .toFixed(2)
          .padStart(8)}`,
      );
    }
  }
  console.log(
    'calls: target and proposer calls, held-out test included; true lift: sim accuracy of the winner minus the start over all tests.',
  );
  console.log(
    `reproduce: node_modules/.bin/node bench/optimize-strategies.ts --seeds ${SEEDS} --tests ${TESTS} --budget ${BUDGET} --min-batch ${MIN_BATCH} --scenario ${values.scenario} --plans '${values.plans}'`,
  );
} finally {
  await proposer.close();
}
