import type { MiddlewareHandler } from 'hono';
import { isLoopback } from './access-token.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Keeps other web pages out of a local server. A change must be sent as JSON, which a page of
 * another origin can only do after a CORS preflight this server never grants (no cross-site
 * form posts). On loopback, the Host must be a loopback name too, so a DNS-rebound name that
 * points at 127.0.0.1 gets nothing.
 */
export function requestGuard(loopbackOnly: boolean): MiddlewareHandler {
  return async (context, next) => {
    if (loopbackOnly) {
      const host = hostName(context.req.header('host') ?? '');
      if (!isLoopback(host)) {
        return context.json({ error: { code: 'FORBIDDEN', message: `host '${host}' is not served` } }, 403);
      }
    }
    const type = context.req.header('content-type') ?? '';
    if (!SAFE_METHODS.has(context.req.method) && !type.startsWith('application/json')) {
      return context.json(
        { error: { code: 'UNSUPPORTED', message: 'send changes as application/json' } },
        415,
      );
    }
    await next();
  };
}

/** `127.0.0.1:4321` → `127.0.0.1`; `[::1]:4321` → `::1`. */
function hostName(header: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(header);
  return bracketed ? bracketed[1]! : header.replace(/:\d+$/, '');
}
