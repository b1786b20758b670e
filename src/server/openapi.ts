/** One operation of the API, as the OpenAPI document describes it. */
interface Operation {
  method: 'get' | 'put' | 'post' | 'patch';
  path: string;
  summary: string;
  query?: string[];
  body?: Record<string, string>;
  stream?: boolean;
}

const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/api/prompts', summary: 'list the prompts, or search them', query: ['q'] },
  { method: 'get', path: '/api/prompts/{name}', summary: "a prompt's versions and labels" },
  {
    method: 'get',
    path: '/api/prompts/{name}/versions/{ref}',
    summary: 'one version (hash prefix or label)',
  },
  { method: 'get', path: '/api/prompts/{name}/diff', summary: 'diff of two versions', query: ['from', 'to'] },
  {
    method: 'put',
    path: '/api/prompts/{name}/labels/{label}',
    summary: 'move a label to a version',
    body: { ref: 'string' },
  },
  {
    method: 'post',
    path: '/api/prompts/{name}/versions',
    summary: 'save an edited version with a message',
    body: { content: 'string', message: 'string', parent: 'string', author: 'string', writeFile: 'boolean' },
  },
  { method: 'get', path: '/api/runs', summary: 'the runs, newest first', query: ['limit'] },
  { method: 'get', path: '/api/runs/{id}', summary: 'a run: status, manifest, totals' },
  {
    method: 'get',
    path: '/api/runs/{id}/report',
    summary:
      "a run's report: pass rates with intervals; every pair compared (n, both pass rates, B − A unadjusted and at its Holm level, raw and adjusted p, methods, decision, verdict); flaky tests and failed cells numbered from 1 with their labels; named metrics per column; with `by`, the pass rates per value of those test variables, with a test across values",
    query: ['by'],
  },
  {
    method: 'get',
    path: '/api/runs/{id}/variables',
    summary: "the variables of a run's tests, each with how many tests set it (what a breakdown can be by)",
  },
  {
    method: 'get',
    path: '/api/runs/{id}/cells',
    summary:
      "a page of a run's matrix rows (test × repeat), filtered: failures, text, flaky (outcome differs across repeats), changedSince (a run id: outcome differs from that run's), failing (a metric name or check type that fails)",
    query: ['offset', 'limit', 'failures', 'q', 'flaky', 'changedSince', 'failing'],
  },
  {
    method: 'get',
    path: '/api/runs/{id}/cells/{key}/messages',
    summary:
      "the messages a cell sent, rendered again from the manifest's prompt version and the suite's variables; { available: false, reason } when they cannot be known",
  },
  {
    method: 'get',
    path: '/api/runs/{id}/agreement',
    summary:
      "each model-graded check's agreement with people's pass/fail ratings: Cohen's kappa with its 95% interval, the ratings it rests on, raw agreement",
  },
  {
    method: 'get',
    path: '/api/runs/{id}/distributions',
    summary: 'latency and cost per column: five-number summaries and histograms over shared bins',
  },
  {
    method: 'get',
    path: '/api/runs/{id}/checks',
    summary: "the names of a run's checks, with their failures",
  },
  { method: 'get', path: '/api/runs/{id}/cells/{key}', summary: 'one cell in full, with its rating' },
  {
    method: 'patch',
    path: '/api/runs/{id}/cells/{key}/rating',
    summary: "rate a cell: the fields given replace those of the person's rating, the others stay",
    body: { pass: 'boolean', score: 'integer', comment: 'string', ideal: 'string', author: 'string' },
  },
  { method: 'get', path: '/api/runs/{id}/ratings', summary: "a run's ratings" },
  {
    method: 'get',
    path: '/api/compare',
    summary:
      'compare two runs column by column: each pair as a comparison record, and the tests that regressed or improved, numbered from 1 with their labels',
    query: ['before', 'after'],
  },
  {
    method: 'get',
    path: '/api/optimizations',
    summary:
      'the prompt optimizations, newest first: prompt, model, status, calls spent, and once finished the held-out lift with its 95% interval and whether the winner was saved',
  },
  {
    method: 'get',
    path: '/api/optimizations/{id}',
    summary:
      'an optimization: settings, status, report (start and winner bodies, validation rates on the same tests, held-out verdict), outcome (whether the winner was saved or written, and why), spend and budget, spending (one row per part — baseline, each strategy, held-out test, graders — adding up to the spend), the trajectory (best validation pass rate so far on the same validation tests after each improvement, by calls spent), the number of candidates tried (the starting prompt not counted), and per strategy its outcome, spend and the candidates it tried',
  },
  {
    method: 'post',
    path: '/api/playground/render',
    summary: 'render a prompt with variables',
    body: { prompt: 'string', vars: 'object' },
  },
  {
    method: 'post',
    path: '/api/playground/run',
    summary: 'run a prompt on one model: server-sent events `text`, then `finish` or `error`',
    body: { prompt: 'string', vars: 'object', model: 'string' },
    stream: true,
  },
];

/** The API described as OpenAPI 3.1, served at /api/openapi.json. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    const parameters = [
      ...[...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
        name: match[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...(operation.query ?? []).map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
    ];
    const body = operation.body && {
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: Object.fromEntries(Object.entries(operation.body).map(([k, type]) => [k, { type }])),
          },
        },
      },
    };
    const type = operation.stream ? 'text/event-stream' : 'application/json';
    paths[operation.path] = {
      ...paths[operation.path],
      [operation.method]: {
        summary: operation.summary,
        parameters,
        ...(body ? { requestBody: body } : {}),
        responses: {
          '200': { description: 'success', content: { [type]: {} } },
          '400': { description: 'a user error: { error: { code, message, hint } }' },
          '401': { description: 'missing or wrong access token (server bound beyond loopback)' },
          '404': { description: 'no such prompt, version, run, cell or optimization' },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'plume web app API', version },
    components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
