import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

const ENV = { PLUME_AUTHOR: 'tester' };
const plume = (args: string[]) => runCli(project!.root, args, ENV);

const FRONT_MATTER = '---\ndescription: Route a ticket   # spacing kept\nconfig:\n  temperature: 0.2\n---\n';
const TRIAGE = `${FRONT_MATTER}Which team handles this ticket?\n\nTicket: {{ticket}}\n`;

describe('plume techniques', () => {
  it('lists the ten techniques as a table and as JSON', async () => {
    project = createTempProject();
    const table = await plume(['techniques', 'list']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+PHRASINGS\s+SUMMARY$/);
    expect(lines).toHaveLength(11);
    expect(lines[1]).toMatch(/^role\s+Role \/ persona\s+4\s+Tell the model who it is/);
    const json = await plume(['techniques', 'list', '--json']);
    const rows = JSON.parse(json.stdout) as { id: string; phrasings: { number: number; text: string }[] }[];
    expect(rows.map((row) => row.id)).toContain('chain-of-thought');
    expect(rows).toHaveLength(10);
    const format = rows.find((row) => row.id === 'output-format')!;
    expect(format.phrasings.map((phrasing) => phrasing.number)).toEqual([1, 2, 3, 4, 5]);
    expect(format.phrasings[3]!.text).toMatch(/^Respond in exactly this format: /);
  });

  it('shows the phrasings, and applies the one --phrasing names before the input', async () => {
    project = createTempProject({ 'triage.prompt': TRIAGE });
    const shown = await plume(['techniques', 'show', 'output-format']);
    expect(shown.stdout).toContain('── phrasings');
    expect(shown.stdout).toMatch(/\n2\. imperative\n {3}Answer with only /);
    const applied = await plume([
      'techniques',
      'apply',
      'output-format',
      'triage',
      '--phrasing',
      '4',
      '--format',
      'the team name alone',
    ]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toBe(
      `${FRONT_MATTER}Which team handles this ticket?\n\nRespond in exactly this format: the team name alone.\n\nTicket: {{ticket}}\n`,
    );
    const missing = await plume(['techniques', 'apply', 'output-format', 'triage', '--phrasing', '9']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('output-format has 5 phrasings; phrasing 9 is not one of them');
    const junk = await plume(['techniques', 'apply', 'output-format', 'triage', '--phrasing', 'two']);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toContain("--phrasing 'two' is not a phrasing number");
  });

  it('shows a technique with its example before and after', async () => {
    project = createTempProject();
    const result = await plume(['techniques', 'show', 'delimiters']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Delimiters around inputs (delimiters)');
    expect(result.stdout).toContain('── before ──\nSummarize the email below');
    expect(result.stdout).toContain('── after ──');
    expect(result.stdout).toContain('learnprompting.org');
  });

  it('treats an unknown technique as a user error with a suggestion', async () => {
    project = createTempProject();
    const result = await plume(['techniques', 'show', 'chain-of-thougth']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown technique 'chain-of-thougth'");
    expect(result.stderr).toContain("did you mean 'chain-of-thought'?");
    const apply = await plume(['techniques', 'apply', 'nope', 'triage']);
    expect(apply.code).toBe(2);
  });

  it('prints the applied prompt, front matter untouched, without saving', async () => {
    project = createTempProject({ 'triage.prompt': TRIAGE });
    const result = await plume(['techniques', 'apply', 'role', 'triage', '--role', 'support lead']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      `${FRONT_MATTER}You are a support lead.\n\nWhich team handles this ticket?\n\nTicket: {{ticket}}\n`,
    );
    expect(readFileSync(join(project.promptsDir, 'triage.prompt'), 'utf8')).toBe(TRIAGE);
  });

  it('passes the options each technique reads', async () => {
    project = createTempProject({ 'triage.prompt': TRIAGE });
    const constraints = await plume([
      'techniques',
      'apply',
      'constraints',
      'triage',
      '--constraint',
      'Answer with one team name',
      '--constraint',
      'at most 3 words',
    ]);
    expect(constraints.stdout).toContain('Constraints:\n- Answer with one team name.\n- at most 3 words.\n');
    const fewShot = await plume([
      'techniques',
      'apply',
      'few-shot',
      'triage',
      '--example',
      'VPN down => network',
    ]);
    expect(fewShot.stdout).toContain('Examples:\n\nInput: VPN down\nOutput: network\n\nTicket: {{ticket}}');
    const missing = await plume(['techniques', 'apply', 'few-shot', 'triage']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--example');
  });

  it('saves the result as a child version and rewrites the file', async () => {
    project = createTempProject({ 'triage.prompt': TRIAGE });
    const result = await plume(['techniques', 'apply', 'chain-of-thought', 'triage', '--save', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const applied = JSON.parse(result.stdout) as { version: string; saved: string; content: string };
    expect(applied.content).toContain('Think step by step');
    expect(readFileSync(join(project.promptsDir, 'triage.prompt'), 'utf8')).toBe(applied.content);
    const history = JSON.parse((await plume(['lib', 'history', 'triage', '--json'])).stdout) as {
      versions: { hash: string; parentHash?: string; message: string }[];
    };
    const child = history.versions.find((version) => version.hash === applied.saved);
    expect(child?.parentHash).toBe(applied.version);
    expect(child?.message).toBe('apply technique chain-of-thought');
  });

  it('records an edit of an older version without touching the file', async () => {
    project = createTempProject({ 'triage.prompt': TRIAGE });
    await plume(['lib', 'save', 'triage', '-m', 'first']);
    await plume(['lib', 'label', 'triage', 'production']);
    const edited = `${TRIAGE}Answer with one team name.\n`;
    project.writePrompt('triage.prompt', edited);
    const result = await plume([
      'techniques',
      'apply',
      'self-check',
      'triage@production',
      '--save',
      '-m',
      'check',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Before answering, check your answer');
    expect(result.stdout).not.toContain('one team name');
    expect(result.stderr).toMatch(/saved triage@[0-9a-f]{7} .*the file was left as it is/);
    expect(readFileSync(join(project.promptsDir, 'triage.prompt'), 'utf8')).toBe(edited);
  });

  it('says so and saves nothing when the prompt already uses the technique', async () => {
    project = createTempProject({
      'triage.prompt': `${FRONT_MATTER}Think step by step about {{ticket}}.\n`,
    });
    const result = await plume(['techniques', 'apply', 'chain-of-thought', 'triage', '--save']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('already uses Chain of thought (chain-of-thought); nothing changed');
    const history = JSON.parse((await plume(['lib', 'history', 'triage', '--json'])).stdout) as {
      versions: unknown[];
    };
    expect(history.versions).toHaveLength(1);
  });
});
