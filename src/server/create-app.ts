import { Hono } from 'hono';
import { plumeVersion } from '../util/package-info.ts';
import { requireToken } from './access-token.ts';
import { sendError, sendJson } from './api-response.ts';
import { libraryRoutes } from './library-routes.ts';
import { openApiDocument } from './openapi.ts';
import { optimizationRoutes } from './optimization-routes.ts';
import { playgroundRoutes } from './playground-routes.ts';
import { requestGuard } from './request-guard.ts';
import { runInsightRoutes } from './run-insight-routes.ts';
import { runRoutes } from './run-routes.ts';
import type { ServerContext } from './server-context.ts';
import type { StaticAssets } from './static-assets.ts';

/** Options of the app: a token to require (beyond loopback), and the built web app to serve. */
export interface AppOptions {
  token?: string;
  /** Answer only requests addressed to a loopback name (the server listens on loopback). */
  loopbackOnly?: boolean;
  assets?: StaticAssets;
}

/** The HTTP app: the JSON API under /api, the built web app everywhere else. */
export function createApp(server: ServerContext, options: AppOptions = {}): Hono {
  const app = new Hono();
  app.onError((error, c) => sendError(c, server, error));
  app.use('*', requestGuard(options.loopbackOnly ?? false));
  if (options.token !== undefined) app.use('*', requireToken(options.token));
  app.use('*', async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
  });
  const api = new Hono();
  api.get('/openapi.json', (c) => sendJson(c, server, openApiDocument(plumeVersion())));
  api.route('/', libraryRoutes(server));
  api.route('/', runRoutes(server));
  api.route('/', runInsightRoutes(server));
  api.route('/', playgroundRoutes(server));
  api.route('/', optimizationRoutes(server));
  api.all('*', (c) =>
    sendJson(c, server, { error: { code: 'NOT_FOUND', message: 'no such endpoint' } }, 404),
  );
  app.route('/api', api);
  app.get('*', (c) => {
    if (options.assets === undefined) return c.text('not found', 404);
    return options.assets.respond(c);
  });
  return app;
}
