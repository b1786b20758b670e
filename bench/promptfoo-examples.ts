// How many of promptfoo's own example configs plume runs fully and with the same per-cell
// verdicts as promptfoo, both pointed at the same local stub (an OpenAI-compatible server of this
// process answering `echo: <last message>`, so the same rendered prompt gets the same answer).
// The corpus is made by bench/promptfoo-examples-corpus.ts (a seeded sample of
// examples/*/promptfooconfig*.yaml). Each config is classified offline-runnable or not by the
// rule in promptfoo-examples-kit.ts; each offline one is copied twice, its providers (and inline
// graders) rewritten to `openai:chat:<model>` at the stub, everything else as written, and run by
// promptfoo (--no-cache -o out.json --filter-first-n N) and by plume (eval --json --no-cache
// --first-n N -o cells.jsonl, with a plume.yaml pointing `openai` at the stub). Only the first N
// tests run (default 10), the same for both tools. Cells are matched by prompt index × provider ×
// test index × repeat (plume's errored and undecided cells both match promptfoo's error: a cell
// with no verdict). Outcomes: same (ran, same cells, same verdicts), different (ran, some
// verdict or cell differs: silently wrong), refused-located (exit 2 with file:line), refused-badly
// (any other failure), and promptfoo-failed (promptfoo itself could not run it: not counted).
// promptfoo is installed apart from the project: npm install --prefix /tmp/promptfoo-bench promptfoo@0.123.1
// Reproduce: node_modules/.bin/node bench/promptfoo-examples.ts [--corpus /tmp/pf-examples]
//            [--plume <checkout>] [--promptfoo /tmp/promptfoo-bench] [--first-n 10] [--only <text>]
//            [--timeout 120] [--report results.json]
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startOpenAIStubServer } from '../test/helpers/openai-stub-server.ts';
import { NODE, REPO_ROOT, timeChild } from './eval-bench-kit.ts';
import {
  blockerKey,
  blockerKind,
  type Cells,
  offlineBlocker,
  plumeCells,
  pointAtStub,
  promptfooCells,
  providersKey,
  readConfig,
  writeConfig,
} from './promptfoo-examples-kit.ts';

// promptfoo has three outcomes (pass, fail, error), plume four: its errored and undecided cells are
// both promptfoo's error, a cell with no verdict (a failed call, a transform that threw).
const NO_VERDICT: ReadonlySet<string> = new Set(['error', 'undecided']);

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '/tmp/pf-examples' },
    plume: { type: 'string', default: REPO_ROOT },
    promptfoo: { type: 'string', default: '/tmp/promptfoo-bench' },
    'first-n': { type: 'string', default: '10' },
    only: { type: 'string' },
    timeout: { type: 'string', default: '120' },
    report: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const corpus = resolve(values.corpus);
const firstN = values['first-n'];
const plumeBin = join(resolve(values.plume), 'bin/plume.js');
const promptfooBin = join(values.promptfoo, 'node_modules/promptfoo/dist/src/entrypoint.js');
const timeoutSeconds = Number(values.timeout);
const manifest = JSON.parse(readFileSync(join(corpus, 'corpus.json'), 'utf8')) as {
  commit: string;
  seed: number;
  population: number;
  configs: string[];
};

type Outcome =
  | 'same'
  | 'different'
  | 'refused-located'
  | 'refused-badly'
  | 'promptfoo-failed'
  | 'not-offline';
interface ConfigResult {
  config: string;
  outcome: Outcome;
  detail: string;
  cells?: { promptfoo: number; plume: number; agreeing: number };
  /** Everything plume refuses in a refused config, as `plume import promptfoo --dry-run` lists it. */
  refusals?: { path?: string; message: string }[];
}

const ENV = {
  PROMPTFOO_DISABLE_TELEMETRY: '1',
  PROMPTFOO_DISABLE_UPDATE: '1',
  PROMPTFOO_DISABLE_SHARING: '1',
  PROMPTFOO_DISABLE_REDTEAM_REMOTE_GENERATION: '1',
  PROMPTFOO_PASS_RATE_THRESHOLD: '0',
  NODE_NO_WARNINGS: '1',
};

const server = await startOpenAIStubServer({ recordRequests: false });
const work = mkdtempSync(join(tmpdir(), 'pf-examples-run-'));
const results: ConfigResult[] = [];
try {
  for (const config of manifest.configs.filter((name) => !values.only || name.includes(values.only))) {
    const result = await runOne(config);
    results.push(result);
    console.log(`${result.outcome.padEnd(16)} ${config}  ${result.detail}`);
  }
} finally {
  await server.close();
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
summarize(results);

async function runOne(config: string): Promise<ConfigResult> {
  const folder = join(corpus, dirname(config));
  let written: Record<string, unknown> | undefined;
  try {
    written = readConfig(join(corpus, config));
  } catch (error) {
    return { config, outcome: 'promptfoo-failed', detail: `not YAML: ${String(error).slice(0, 80)}` };
  }
  if (written === undefined) return { config, outcome: 'promptfoo-failed', detail: 'not a mapping' };
  const blocker = offlineBlocker(written, folder);
  if (blocker !== undefined) return { config, outcome: 'not-offline', detail: blocker };
  const slug = config.replace(/[^\w.-]+/g, '_');
  const [promptfooDir, plumeDir] = ['promptfoo', 'plume'].map((tool) => {
    const target = join(work, slug, tool);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(folder, target, { recursive: true });
    return target;
  }) as [string, string];
  const file = basename(config);
  const forPromptfoo = pointAtStub(written, folder, server.baseURL);
  writeFileSync(join(promptfooDir, file), writeConfig(forPromptfoo));
  writeFileSync(join(plumeDir, file), writeConfig(pointAtStub(written, folder, undefined)));
  writeFileSync(
    join(plumeDir, 'plume.yaml'),
    `providers:\n  openai:\n    baseURL: ${server.baseURL}\n    concurrency: 8\n`,
  );
  const labels = (forPromptfoo[providersKey(forPromptfoo)] as { label: string }[]).map(
    (provider) => provider.label,
  );
  const [promptfoo, plume] = await Promise.all([runPromptfoo(promptfooDir, file), runPlume(plumeDir, file)]);
  if (!existsSync(join(promptfooDir, 'out.json'))) {
    return { config, outcome: 'promptfoo-failed', detail: lastLine(promptfoo.stderr || promptfoo.stdout) };
  }
  const plumeRan = existsSync(join(plumeDir, 'cells.jsonl')) && plume.code <= 1;
  const ours = plumeRan ? plumeCells(join(plumeDir, 'cells.jsonl')) : new Map();
  const repeats = 1 + Math.max(0, ...[...ours.keys()].map((key) => Number(key.split('|')[3])));
  const theirs = promptfooCells(join(promptfooDir, 'out.json'), labels, repeats);
  if (theirs.size === 0) return { config, outcome: 'promptfoo-failed', detail: 'promptfoo ran no cell' };
  if (!plumeRan) return { ...refusal(config, plume), refusals: await refusals(plumeDir, file) };
  return compare(config, theirs, ours);
}

function runPromptfoo(dir: string, file: string) {
  const env = {
    ...ENV,
    PROMPTFOO_CONFIG_DIR: join(dir, '.promptfoo'),
    OPENAI_API_KEY: 'stub',
    OPENAI_BASE_URL: server.baseURL,
    OPENAI_API_BASE_URL: server.baseURL,
  };
  const args = [promptfooBin, 'eval', '-c', file, '--no-cache', '--no-table', '--no-progress-bar'];
  return timeChild(
    'timeout',
    [String(timeoutSeconds), NODE, ...args, '-o', 'out.json', '--filter-first-n', firstN],
    {
      cwd: dir,
      env,
    },
  );
}

function runPlume(dir: string, file: string) {
  const args = [plumeBin, 'eval', file, '--json', '--no-cache', '--first-n', firstN, '--max-errors', '100%'];
  return timeChild('timeout', [String(timeoutSeconds), NODE, ...args, '-o', 'cells.jsonl'], {
    cwd: dir,
    env: { OPENAI_API_KEY: 'stub', PLUME_DEBUG: '' },
  });
}

/** What `plume import promptfoo --dry-run` says plume does not take; undefined where it cannot say. */
async function refusals(dir: string, file: string): Promise<ConfigResult['refusals']> {
  const args = [plumeBin, 'import', 'promptfoo', file, '--dry-run', '--json'];
  const run = await timeChild('timeout', [String(timeoutSeconds), NODE, ...args], { cwd: dir });
  try {
    return (JSON.parse(run.stdout) as { notCarried: { path?: string; message: string }[] }).notCarried;
  } catch {
    return undefined;
  }
}

function refusal(config: string, plume: { code: number; stdout: string; stderr: string }): ConfigResult {
  let error: { message?: string; location?: { file?: string; line?: number } } | undefined;
  try {
    error = (JSON.parse(plume.stdout) as { error?: typeof error }).error;
  } catch {
    // Not a JSON error: a crash or a timeout.
  }
  const message = error?.message ?? lastLine(plume.stderr) ?? `exit ${plume.code}`;
  const located = plume.code === 2 && error?.location?.line !== undefined;
  return {
    config,
    outcome: located ? 'refused-located' : 'refused-badly',
    detail: `exit ${plume.code}: ${located ? `${basename(error!.location!.file ?? '')}:${error!.location!.line}: ` : ''}${message}`,
  };
}

function compare(config: string, theirs: Cells, ours: Cells): ConfigResult {
  let agreeing = 0;
  const differences: string[] = [];
  for (const [key, verdict] of theirs) {
    const mine = ours.get(key);
    if (mine === verdict || (mine !== undefined && NO_VERDICT.has(mine) && NO_VERDICT.has(verdict)))
      agreeing++;
    else differences.push(`${key} promptfoo ${verdict} plume ${mine ?? 'missing'}`);
  }
  for (const key of ours.keys()) if (!theirs.has(key)) differences.push(`${key} only in plume`);
  const cells = { promptfoo: theirs.size, plume: ours.size, agreeing };
  if (differences.length === 0) return { config, outcome: 'same', detail: `${agreeing} cells agree`, cells };
  return {
    config,
    outcome: 'different',
    detail: `${agreeing}/${theirs.size} agree; ${differences.slice(0, 3).join('; ')}`,
    cells,
  };
}

/** What a failed run said: its error's first line, else its last line (without stacks and reports). */
function lastLine(text: string): string {
  // Without the report /usr/bin/time -v appends to the child's stderr.
  const lines = text
    .split(/\n(Command exited with|\s*Command being timed:)/)[0]!
    .split('\n')
    .map((line) => line.trim())
    // A crash's stack and Node's version line say less than the error above them.
    .filter((line) => line !== '' && !/^(at |Node\.js v|\^+$|[}\]])/.test(line));
  return (lines.find((line) => /^\w*Error: /.test(line)) ?? lines.at(-1) ?? '').slice(0, 200);
}

function summarize(all: ConfigResult[]): void {
  const count = (outcome: Outcome) => all.filter((result) => result.outcome === outcome).length;
  const offline = all.filter((result) => result.outcome !== 'not-offline');
  const compared = offline.filter((result) => result.outcome !== 'promptfoo-failed');
  const same = count('same');
  console.log(
    `\n${all.length} configs (seed ${manifest.seed}, ${manifest.population} in promptfoo ${manifest.commit.slice(0, 12)}), first ${firstN} tests each`,
  );
  console.log(
    `not offline-runnable ${count('not-offline')}; offline ${offline.length}, of which promptfoo failed on ${count('promptfoo-failed')}`,
  );
  for (const outcome of ['same', 'different', 'refused-located', 'refused-badly'] as const) {
    console.log(`  ${outcome.padEnd(16)} ${count(outcome)}`);
  }
  const rate = compared.length === 0 ? 0 : same / compared.length;
  console.log(
    `full-and-same on offline configs promptfoo runs: ${same}/${compared.length} = ${(rate * 100).toFixed(0)}% (target 90%)`,
  );
  const agreeing = all.reduce((sum, result) => sum + (result.cells?.agreeing ?? 0), 0);
  const cells = all.reduce((sum, result) => sum + (result.cells?.promptfoo ?? 0), 0);
  console.log(`cells agreeing where both ran: ${agreeing}/${cells}`);
  // Each refused config counts once for each thing plume refuses in it (all of them, as
  // `plume import promptfoo --dry-run` lists them; the eval's own first message without it).
  const blockers = new Map<string, number>();
  for (const result of all.filter((each) => each.outcome.startsWith('refused'))) {
    const keys = new Set(
      result.refusals?.map((item) => blockerKey(item.path, item.message)) ?? [
        blockerKey(undefined, result.detail.replace(/^exit \d+: /, '')),
      ],
    );
    for (const key of keys) blockers.set(key, (blockers.get(key) ?? 0) + 1);
  }
  // By kind: how many refused configs each kind stops, and how many it alone stops.
  const kinds = new Map<string, { configs: number; alone: number }>();
  for (const result of all.filter((each) => each.outcome.startsWith('refused') && each.refusals)) {
    const found = new Set(result.refusals!.map((item) => blockerKind(item.path, item.message)));
    for (const kind of found) {
      const entry = kinds.get(kind) ?? { configs: 0, alone: 0 };
      entry.configs++;
      if (found.size === 1) entry.alone++;
      kinds.set(kind, entry);
    }
  }
  console.log('refused configs by what stops them (configs; configs stopped by that alone):');
  for (const [kind, { configs, alone }] of [...kinds].sort((a, b) => b[1].configs - a[1].configs))
    console.log(`  ${String(configs).padStart(2)}; ${String(alone).padStart(2)} alone  ${kind}`);
  console.log('top blockers:');
  for (const [key, n] of [...blockers].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`  ${n}× ${key}`);
  if (values.report) writeFileSync(values.report, `${JSON.stringify({ manifest, results: all }, null, 2)}\n`);
  console.log(
    `reproduce: node_modules/.bin/node bench/promptfoo-examples.ts --corpus ${corpus} --plume ${resolve(values.plume)} --promptfoo ${values.promptfoo} --first-n ${firstN}`,
  );
}
