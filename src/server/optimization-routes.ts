import { Hono } from 'hono';
import { sendJson } from './api-response.ts';
import { optimizationDetail, optimizationListItem } from './optimization-summary.ts';
import type { ServerContext } from './server-context.ts';

/** Prompt optimizations: the list (newest first), and one with its trajectory and strategies. */
export function optimizationRoutes(server: ServerContext): Hono {
  const { optimizations } = server;
  const app = new Hono();
  app.get('/optimizations', (c) =>
    sendJson(
      c,
      server,
      optimizations.list().map((record) => optimizationListItem(record, optimizations)),
    ),
  );
  app.get('/optimizations/:id', (c) => {
    const record = optimizations.get(c.req.param('id'));
    return sendJson(c, server, optimizationDetail(record, optimizations));
  });
  return app;
}
