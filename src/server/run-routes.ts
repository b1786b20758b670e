import { Hono } from 'hono';
import { z } from 'zod';
import { compareRunsNamed } from '../eval/report/compare-runs.ts';
import { buildNamedRunReport } from '../eval/report/named-run-report.ts';
import { projectReadScope } from '../library/project.ts';
import { badRequest, sendJson } from './api-response.ts';
import { columnPairs } from './column-pairs.ts';
import { readBody } from './read-body.ts';
import type { ServerContext } from './server-context.ts';

const ratingBody = z
  .object({
    pass: z.boolean().optional(),
    score: z.number().int().min(1).max(5).optional(),
    comment: z.string().max(10_000).optional(),
    ideal: z.string().max(100_000).optional(),
    author: z.string().max(200).optional(),
  })
  .strict()
  .refine((rating) => Object.values(rating).some((value) => value !== undefined), 'a rating needs a field');

/** Most rows in one page of a run's matrix. */
export const MOST_ROWS = 500;

/** Runs: the list, a run's report, its cells paged and filtered, one cell, ratings, and comparing two runs. */
export function runRoutes(server: ServerContext): Hono {
  const { runs, ratings } = server;
  const app = new Hono();
  app.get('/runs', (c) => sendJson(c, server, runs.listRuns(integer(c.req.query('limit'), 50, 1, 1000))));
  app.get('/runs/:id', (c) => sendJson(c, server, runs.getRun(c.req.param('id'))));
  app.get('/runs/:id/report', async (c) => {
    const scope = projectReadScope(server.project);
    // `?by=language&by=group`: the pass rates broken down by those test variables as well.
    const by = c.req.queries('by')?.filter((name) => name !== '');
    const report = await buildNamedRunReport(
      runs,
      c.req.param('id'),
      (suiteFile) => ({ suiteFile, scope }),
      by?.length ? { by } : {},
    );
    return sendJson(c, server, report);
  });
  app.get('/runs/:id/cells', (c) => {
    const run = runs.getRun(c.req.param('id'));
    const since = c.req.query('changedSince')?.trim();
    const page = ratings.matrixPage(run.id, {
      offset: integer(c.req.query('offset'), 0, 0, Number.MAX_SAFE_INTEGER),
      limit: integer(c.req.query('limit'), 100, 1, MOST_ROWS),
      failuresOnly: flag(c.req.query('failures')),
      search: c.req.query('q')?.trim() || undefined,
      flaky: flag(c.req.query('flaky')),
      failing: c.req.query('failing')?.trim() || undefined,
      ...(since ? { changedSince: { runId: since, columns: columnPairs(run, runs.getRun(since)) } } : {}),
    });
    return sendJson(c, server, page);
  });
  app.get('/runs/:id/cells/:key', (c) => {
    const { id, key } = c.req.param();
    return sendJson(c, server, { cell: ratings.cell(id, key), rating: ratings.rating(id, key) ?? null });
  });
  app.patch('/runs/:id/cells/:key/rating', async (c) => {
    const { id, key } = c.req.param();
    const body = await readBody(c, ratingBody);
    return sendJson(c, server, ratings.rate(id, key, body));
  });
  app.get('/runs/:id/ratings', (c) => sendJson(c, server, ratings.ratings(c.req.param('id'))));
  app.get('/compare', async (c) => {
    const before = c.req.query('before');
    const after = c.req.query('after');
    if (!before || !after) throw badRequest('a comparison needs `before` and `after` run ids');
    const scope = projectReadScope(server.project);
    return sendJson(
      c,
      server,
      await compareRunsNamed(runs, before, after, (suiteFile) => ({ suiteFile, scope })),
    );
  });
  return app;
}

function flag(text: string | undefined): boolean {
  return text === '1' || text === 'true';
}

function integer(text: string | undefined, fallback: number, least: number, most: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < least || value > most) {
    throw badRequest(`expected a whole number from ${least} to ${most}, got '${text}'`);
  }
  return value;
}
