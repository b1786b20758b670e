import { Hono } from 'hono';
import { breakdownVariables } from '../eval/report/breakdown.ts';
import { sendJson } from './api-response.ts';
import { cellMessages } from './cell-messages.ts';
import { judgeAgreement } from './judge-agreement.ts';
import type { ServerContext } from './server-context.ts';

/** Bins of the cost and latency histograms. */
const BINS = 20;

/**
 * What the run page shows besides the matrix: model-graded checks' agreement with people, cost
 * and latency spreads per column, the checks' names (for the matrix filter), the tests' variables
 * (for the breakdown's choice), a cell's messages.
 */
export function runInsightRoutes(server: ServerContext): Hono {
  const { runs, ratings, queries } = server;
  const app = new Hono();
  app.get('/runs/:id/agreement', async (c) => {
    const run = runs.getRun(c.req.param('id'));
    return sendJson(c, server, await judgeAgreement(queries.ratedVerdicts(run.id)));
  });
  app.get('/runs/:id/distributions', (c) => {
    const run = runs.getRun(c.req.param('id'));
    return sendJson(c, server, {
      latencyMs: queries.distribution(run.id, 'latencyMs', BINS),
      costUsd: queries.distribution(run.id, 'costUsd', BINS),
    });
  });
  app.get('/runs/:id/checks', (c) => {
    const run = runs.getRun(c.req.param('id'));
    return sendJson(c, server, queries.checkNames(run.id));
  });
  app.get('/runs/:id/variables', (c) => sendJson(c, server, breakdownVariables(runs, c.req.param('id'))));
  app.get('/runs/:id/cells/:key/messages', async (c) => {
    const { id, key } = c.req.param();
    const run = runs.getRun(id);
    return sendJson(c, server, await cellMessages(server, run, ratings.cell(id, key)));
  });
  return app;
}
