import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The built web app. Only the files found in its folder at start can be served: a request path
 * is looked up in that list, never joined to a file system path, so `..` leads nowhere.
 */
export class StaticAssets {
  readonly #files = new Map<string, string>();

  constructor(folder: string) {
    if (!existsSync(folder)) return;
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else this.#files.set(`/${relative(folder, path).split(sep).join('/')}`, path);
      }
    };
    walk(folder);
  }

  get built(): boolean {
    return this.#files.has('/index.html');
  }

  /** The asset at a URL path; the app's page for any other path (client-side routes). */
  respond(context: Context): Response {
    const path = this.#files.has(context.req.path) ? context.req.path : '/index.html';
    const file = this.#files.get(path);
    if (file === undefined) {
      return context.text('the web app is not built: run `npm run build:ui`', 404);
    }
    const hashed = path.startsWith('/assets/');
    return context.body(readFileSync(file), 200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
  }
}
