import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { damagedStoreError, findDamage } from '../store/damaged-store.ts';
import { PlumeError } from '../util/errors.ts';
import type { ServerContext } from './server-context.ts';

/** A JSON response with every secret value redacted. */
export function sendJson(
  context: Context,
  server: ServerContext,
  data: unknown,
  status: ContentfulStatusCode = 200,
): Response {
  const text = server.secrets.redact(JSON.stringify(data ?? null));
  return context.body(text, status, { 'content-type': 'application/json; charset=utf-8' });
}

const NOT_FOUND_CODES = new Set([
  'PROMPT_NOT_FOUND',
  'VERSION_NOT_FOUND',
  'LABEL_NOT_FOUND',
  'SUITE_NOT_FOUND',
  'OPTIMIZATION_NOT_FOUND',
]);

/** An error as a JSON body: user errors are 400 (404 for what does not exist, 503 for a damaged store), work taken over 409, the rest 500 without details. */
export function sendError(context: Context, server: ServerContext, error: unknown): Response {
  const damage = findDamage(error);
  // A damaged store is no bug of plume's: say which file and how to recover, as the CLI does.
  if (damage !== undefined) error = damagedStoreError(server.project.storePath, damage);
  if (error instanceof PlumeError && error.category !== 'internal') {
    const missing = NOT_FOUND_CODES.has(error.code) || /^no (run|cell) /.test(error.message);
    const status =
      error.category === 'provider'
        ? 502
        : error.category === 'superseded'
          ? 409
          : error.code === 'STORE_DAMAGED'
            ? 503
            : missing
              ? 404
              : 400;
    const body = { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
    return sendJson(context, server, { error: body }, status);
  }
  return sendJson(context, server, { error: { code: 'INTERNAL', message: 'internal error' } }, 500);
}

/** A 400 for a request body or query that does not fit. */
export function badRequest(message: string): PlumeError {
  return new PlumeError({ code: 'USAGE', message });
}
