import type { Context } from 'hono';
import type { z } from 'zod';
import { safeJsonParse } from '../util/safe-json.ts';
import { badRequest } from './api-response.ts';

/** The request's JSON body checked against a schema, or a 400 saying what is wrong. */
export async function readBody<T>(context: Context, schema: z.ZodType<T>): Promise<T> {
  const parsed = safeJsonParse<unknown>(await context.req.text());
  if (!parsed.ok) throw badRequest('the request body is not JSON');
  const result = schema.safeParse(parsed.value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badRequest(
      `invalid request body: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return result.data;
}
