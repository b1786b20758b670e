import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Library } from '../library/library.ts';
import type { Project } from '../library/project.ts';
import { createModelRegistry } from '../models/registry.ts';
import { openDatabase } from '../store/database.ts';
import { OptimizationStore } from '../store/optimization-store.ts';
import { RatingStore } from '../store/rating-store.ts';
import { RunQueries } from '../store/run-queries.ts';
import { RunStore } from '../store/run-store.ts';
import { PlumeError } from '../util/errors.ts';
import { packageRoot } from '../util/package-info.ts';
import { createAccessToken, isLoopback } from './access-token.ts';
import { createApp } from './create-app.ts';
import { StaticAssets } from './static-assets.ts';

/** Where the built web app lives in this package. */
export const UI_DIST = join(packageRoot(), 'ui', 'dist');

/** Options of `startServer`. */
export interface StartOptions {
  project: Project;
  env: NodeJS.ProcessEnv;
  /** Default 127.0.0.1; any other address requires the access token. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** The built web app; default ui/dist. */
  assetsDir?: string;
  /** Require the access token even on loopback (a shared machine). */
  requireToken?: boolean;
}

/** A running server. */
export interface RunningServer {
  url: string;
  /** Set when the server listens beyond loopback: every request must carry it. */
  token: string | undefined;
  close(): Promise<void>;
}

/** Open the project's store and serve the API and the web app. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { project, env } = options;
  const host = options.host ?? '127.0.0.1';
  const db = openDatabase(project.storePath);
  const library = Library.open(project, { env });
  const models = createModelRegistry(project, env, { download: false });
  const context = {
    project,
    library,
    runs: new RunStore(db),
    ratings: new RatingStore(db),
    queries: new RunQueries(db),
    optimizations: new OptimizationStore(db),
    models,
    secrets: models.secrets,
  };
  const token = isLoopback(host) && !options.requireToken ? undefined : createAccessToken();
  const assets = new StaticAssets(options.assetsDir ?? UI_DIST);
  const app = createApp(context, { ...(token ? { token } : {}), loopbackOnly: isLoopback(host), assets });
  const port = options.port ?? 0;
  const server = await new Promise<ReturnType<typeof serve>>((ready, fail) => {
    const started = serve({ fetch: app.fetch, hostname: host, port }, () => ready(started));
    started.once('error', fail);
  }).catch(async (cause: NodeJS.ErrnoException) => {
    await models.close();
    library.close();
    db.close();
    throw new PlumeError({
      code: 'USAGE',
      message: `cannot listen on ${host}:${port} (${cause.code ?? 'error'})`,
      ...(cause.code === 'EADDRINUSE'
        ? { hint: 'that port is taken: pass another with --port, or --port 0' }
        : {}),
      cause,
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    token,
    close: async () => {
      await new Promise<void>((done) => {
        server.close(() => done());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await models.close();
      library.close();
      db.close();
    },
  };
}
