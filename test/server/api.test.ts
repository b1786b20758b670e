import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start-server.ts';
import { createFilledProject, type FilledProject, serve } from './served-project.ts';

let filled: FilledProject;
let server: RunningServer;

beforeAll(async () => {
  filled = await createFilledProject();
  server = await serve(filled.project);
});
afterAll(async () => {
  await server?.close();
  filled?.project.cleanup();
});

async function call<T = Record<string, unknown>>(path: string, init?: RequestInit): Promise<[number, T]> {
  const response = await fetch(new URL(path, server.url), init);
  return [response.status, (await response.json()) as T];
}
const send = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('library endpoints', () => {
  it('lists and searches prompts, and shows a prompt with its versions', async () => {
    const [, listing] = await call<{ prompts: { name: string; versions: number }[] }>('/api/prompts');
    expect(listing.prompts.map((prompt) => [prompt.name, prompt.versions])).toEqual([
      ['greet', 2],
      ['wave', 1],
    ]);
    const [, found] = await call<{ results: { name: string }[] }>('/api/prompts?q=warmly');
    expect(found.results.map((result) => result.name)).toEqual(['greet']);
    const [, history] = await call<{ versions: { message: string }[] }>('/api/prompts/greet');
    expect(history.versions.map((version) => version.message)).toEqual(['warmer', 'first']);
  });

  it('reads one version and diffs two', async () => {
    const [newest, oldest] = filled.versions;
    const [status, version] = await call<{ content: string }>(
      `/api/prompts/greet/versions/${oldest!.slice(0, 8)}`,
    );
    expect(status).toBe(200);
    expect(version.content).toContain('Say hello to {{name}}.');
    const [, diff] = await call(`/api/prompts/greet/diff?from=${oldest}&to=${newest}`);
    expect(JSON.stringify(diff)).toContain('warmly');
    const [missing] = await call('/api/prompts/greet/versions/0000000000');
    expect(missing).toBe(404);
  });

  it('moves a label and saves an edited version with its message', async () => {
    const [, oldest] = filled.versions;
    const [status] = await call('/api/prompts/greet/labels/production', send('PUT', { ref: oldest }));
    expect(status).toBe(200);
    const [, pinned] = await call<{ hash: string }>('/api/prompts/greet/versions/production');
    expect(pinned.hash).toBe(oldest);
    const content = '---\ndescription: Greets someone\n---\nSay a kind hello to {{name}}.\n';
    const [created, saved] = await call<{ created: boolean }>(
      '/api/prompts/greet/versions',
      send('POST', { content, message: 'kinder' }),
    );
    expect([created, saved.created]).toEqual([201, true]);
    const [, history] = await call<{ versions: { message: string }[] }>('/api/prompts/greet');
    expect(history.versions[0]!.message).toBe('kinder');
    const [invalid, error] = await call<{ error: { message: string } }>(
      '/api/prompts/greet/versions',
      send('POST', { content }),
    );
    expect(invalid).toBe(400);
    expect(error.error.message).toMatch(/message/);
  });
});

interface Page {
  total: number;
  rows: { testIndex: number; cells: { key: string; pass: boolean; excerpt: string; rating?: unknown }[] }[];
}

describe('run endpoints', () => {
  it('lists runs newest first and reports one with intervals', async () => {
    const [, runs] = await call<{ id: string; status: string }[]>('/api/runs');
    expect(runs.map((run) => run.id)).toEqual([filled.secondRun, filled.firstRun]);
    const [, report] = await call<{
      columns: { name: string; passRate: { lower: number; upper: number } }[];
    }>(`/api/runs/${filled.secondRun}/report`);
    expect(report.columns).toHaveLength(2);
    const [, run] = await call<{ totals: { cells: number } }>(`/api/runs/${filled.secondRun}`);
    expect(run.totals.cells).toBe(6);
    expect(report.columns[0]!.passRate.lower).toBeLessThan(report.columns[0]!.passRate.upper);
    const [unknown] = await call('/api/runs/nope');
    expect(unknown).toBe(404);
  });

  it('pages the matrix rows, filters failures and searches outputs', async () => {
    const base = `/api/runs/${filled.secondRun}/cells`;
    const [, first] = await call<Page>(`${base}?offset=0&limit=2`);
    const [, rest] = await call<Page>(`${base}?offset=2&limit=2`);
    expect([first.total, first.rows.length, rest.rows.length]).toEqual([3, 2, 1]);
    expect([...first.rows, ...rest.rows].map((row) => row.testIndex)).toEqual([0, 1, 2]);
    expect(first.rows[0]!.cells).toHaveLength(2);
    const [, failures] = await call<Page>(`${base}?failures=1`);
    // Ada fails on `wave` (no "hello"), Cy fails everywhere; Bob passes both.
    expect(failures.rows.map((row) => row.testIndex)).toEqual([0, 2]);
    const [, found] = await call<Page>(`${base}?q=BOB`);
    expect(found.rows.map((row) => row.testIndex)).toEqual([1]);
    const [bad] = await call(`${base}?limit=100000`);
    expect(bad).toBe(400);
  });

  it('shows one cell in full and stores ratings', async () => {
    const base = `/api/runs/${filled.secondRun}/cells`;
    const [, page] = await call<Page>(`${base}?limit=1`);
    const key = page.rows[0]!.cells[0]!.key;
    const [, full] = await call<{ cell: { output: string; assertions: unknown[] }; rating: null }>(
      `${base}/${key}`,
    );
    expect(full.cell.output).toBe('Say hello warmly to Ada.');
    expect(full.cell.assertions).toHaveLength(1);
    expect(full.rating).toBeNull();
    const rating = { pass: false, score: 2, comment: 'too terse', ideal: 'Hello Ada, welcome!' };
    const [status, stored] = await call(`${base}/${key}/rating`, send('PATCH', rating));
    expect(status).toBe(200);
    expect(stored).toMatchObject(rating);
    const [, again] = await call<Page>(`${base}?limit=1`);
    expect(again.rows[0]!.cells[0]!.rating).toMatchObject(rating);
    const [, merged] = await call(`${base}/${key}/rating`, send('PATCH', { score: 4 }));
    expect(merged).toMatchObject({ ...rating, score: 4 });
    const [, ratings] = await call<unknown[]>(`/api/runs/${filled.secondRun}/ratings`);
    expect(ratings).toHaveLength(1);
    expect((await call(`${base}/${key}/rating`, send('PATCH', { score: 7 })))[0]).toBe(400);
    expect((await call(`${base}/${key}/rating`, send('PATCH', {})))[0]).toBe(400);
    expect((await call(`${base}/ffff/rating`, send('PATCH', { pass: true })))[0]).toBe(404);
  });

  it('compares two runs', async () => {
    const [, comparison] = await call<{ columns: { drift: { changedOutputs: number } }[] }>(
      `/api/compare?before=${filled.firstRun}&after=${filled.secondRun}`,
    );
    expect(comparison.columns.map((column) => column.drift.changedOutputs)).toEqual([3, 0]);
    expect((await call('/api/compare?before=x'))[0]).toBe(400);
  });
});

describe('playground and documentation', () => {
  it('renders a prompt and streams its answer as server-sent events', async () => {
    const [, rendered] = await call<{ messages: { content: string }[] }>(
      '/api/playground/render',
      send('POST', { prompt: 'greet', vars: { name: 'Zoe' } }),
    );
    expect(rendered.messages.at(-1)!.content).toContain('Zoe');
    const response = await fetch(
      new URL('/api/playground/run', server.url),
      send('POST', { prompt: 'wave', vars: { name: 'Zoe' }, model: 'echo:default' }),
    );
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = parseEvents(await response.text());
    const text = events.filter((event) => event.event === 'text').map((event) => event.data.text);
    expect(text.join('')).toBe('Wave at Zoe and move on.');
    expect(events.at(-1)).toMatchObject({ event: 'finish', data: { model: 'echo:default' } });
    expect(events.at(-1)!.data).toHaveProperty('latencyMs');
  });

  it('describes every endpoint in an OpenAPI document', async () => {
    const [, document] = await call<{ openapi: string; paths: Record<string, object> }>('/api/openapi.json');
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/api/runs/{id}/cells');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/runs/{id}/agreement',
        '/api/runs/{id}/distributions',
        '/api/runs/{id}/checks',
        '/api/runs/{id}/variables',
        '/api/runs/{id}/cells/{key}/messages',
      ]),
    );
    expect(Object.keys(document.paths)).toHaveLength(23);
  });
});

function parseEvents(body: string): { event: string; data: Record<string, unknown> }[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim().length > 0)
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null';
      return { event, data: JSON.parse(data) };
    });
}
