import { Hono } from 'hono';
import { z } from 'zod';
import { badRequest, sendJson } from './api-response.ts';
import { readBody } from './read-body.ts';
import type { ServerContext } from './server-context.ts';

const saveBody = z
  .object({
    content: z.string().min(1),
    message: z.string().min(1),
    parent: z.string().optional(),
    author: z.string().optional(),
    writeFile: z.boolean().optional(),
  })
  .strict();
const labelBody = z.object({ ref: z.string().min(1) }).strict();

/** The prompt library: list and search, a prompt's versions, one version, a diff, labels, saving. */
export function libraryRoutes(server: ServerContext): Hono {
  const { library } = server;
  const app = new Hono();
  app.get('/prompts', (c) => {
    const query = c.req.query('q')?.trim();
    if (query) return sendJson(c, server, { results: library.search(query, 50) });
    return sendJson(c, server, library.list());
  });
  app.get('/prompts/:name', (c) => {
    const name = c.req.param('name');
    return sendJson(c, server, { ...library.history(name), labels: library.labels(name) });
  });
  app.get('/prompts/:name/versions/:ref', (c) => {
    const { version } = library.lookup(`${c.req.param('name')}@${c.req.param('ref')}`);
    return sendJson(c, server, version);
  });
  app.get('/prompts/:name/diff', (c) => {
    const name = c.req.param('name');
    const from = c.req.query('from');
    const to = c.req.query('to');
    if (!from || !to) throw badRequest('a diff needs `from` and `to` (version hashes or labels)');
    return sendJson(c, server, library.diff(`${name}@${from}`, `${name}@${to}`));
  });
  app.put('/prompts/:name/labels/:label', async (c) => {
    const body = await readBody(c, labelBody);
    const name = c.req.param('name');
    const ref = body.ref.includes('@') ? body.ref : `${name}@${body.ref}`;
    return sendJson(c, server, await library.label(name, c.req.param('label'), ref));
  });
  app.post('/prompts/:name/versions', async (c) => {
    const body = await readBody(c, saveBody);
    const saved = await library.save({ name: c.req.param('name'), ...body });
    return sendJson(c, server, saved, 201);
  });
  return app;
}
