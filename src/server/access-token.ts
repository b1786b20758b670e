import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/** A fresh random token for a server bound beyond loopback. */
export function createAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether a host name only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Requires the token on every request: `Authorization: Bearer <token>`, or `?token=` (the URL
 * printed at start, which the page then keeps as a cookie so its own requests carry it).
 */
export function requireToken(token: string): MiddlewareHandler {
  const expected = Buffer.from(token);
  const matches = (given: string | undefined) =>
    given !== undefined && given.length === token.length && timingSafeEqual(Buffer.from(given), expected);
  return async (context, next) => {
    const header = context.req.header('authorization');
    const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    const query = context.req.query('token');
    const cookie = /(?:^|;\s*)plume_token=([^;]+)/.exec(context.req.header('cookie') ?? '')?.[1];
    if (!matches(bearer) && !matches(query) && !matches(cookie)) {
      return context.json(
        { error: { code: 'UNAUTHORIZED', message: 'this server needs its access token' } },
        401,
      );
    }
    await next();
    if (matches(query)) {
      context.header('set-cookie', `plume_token=${token}; HttpOnly; SameSite=Strict; Path=/`, {
        append: true,
      });
    }
  };
}
