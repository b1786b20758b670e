import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { isFileRef } from '../library/library-refs.ts';
import { PlumeError } from '../util/errors.ts';
import { sendJson } from './api-response.ts';
import { readBody } from './read-body.ts';
import type { ServerContext } from './server-context.ts';

// The library's prompts only: a path would let a page read any file the server can.
const promptRef = z
  .string()
  .min(1)
  .refine(
    (ref) => !isFileRef(ref),
    'give the name of a prompt of the library (name, name@label), not a path',
  );
const renderBody = z
  .object({ prompt: promptRef, vars: z.record(z.string(), z.unknown()).default({}) })
  .strict();
const runBody = renderBody.extend({ model: z.string().min(1).optional() }).strict();

/** The playground: render a prompt with variables; run it on one model, streaming the answer. */
export function playgroundRoutes(server: ServerContext): Hono {
  const app = new Hono();
  app.post('/playground/render', async (c) => {
    const body = await readBody(c, renderBody);
    const resolved = await server.library.resolve(body.prompt);
    const rendered = await resolved.render(body.vars);
    return sendJson(c, server, { prompt: resolved.name, version: resolved.version.hash, ...rendered });
  });
  // Server-sent events: `text` deltas, then one `finish` (tokens, cost, latency) or one `error`.
  app.post('/playground/run', async (c) => {
    const body = await readBody(c, runBody);
    const resolved = await server.library.resolve(body.prompt);
    const rendered = await resolved.render(body.vars);
    const modelRef = body.model ?? rendered.model ?? (await server.models.defaultModelRef());
    const model = await server.models.get(modelRef);
    const params = { ...server.project.config.defaults, ...rendered.params };
    const request = { messages: rendered.messages, params, outputSchema: rendered.outputSchema };
    const send = (event: string, data: unknown) => ({
      event,
      data: server.secrets.redact(JSON.stringify(data)),
    });
    return streamSSE(c, async (stream) => {
      try {
        for await (const event of model.stream(request, { signal: c.req.raw.signal })) {
          if (event.type === 'text') await stream.writeSSE(send('text', { text: event.text }));
          else {
            const { text: _text, ...result } = event.result;
            await stream.writeSSE(send('finish', { model: model.id, ...result }));
          }
        }
      } catch (error) {
        const message = error instanceof PlumeError ? error.message : 'the model call failed';
        await stream.writeSSE(send('error', { message }));
      }
    });
  });
  return app;
}
