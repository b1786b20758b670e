import { mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { plumeVersion } from '../../util/package-info.ts';
import { safeJsonParse } from '../../util/safe-json.ts';
import { type CapturedCommand, type CliContext, contextProject } from '../context.ts';
import { MCP_TOOLS, type McpTool } from './mcp-tools.ts';

/**
 * Serve plume's tools over MCP on `input`/`output` (stdio) until the client closes the
 * connection. Every tool runs its plume command in this process with its output captured, so
 * nothing but the protocol reaches `output`; anything a dependency logs goes to stderr.
 */
export async function serveMcp(context: CliContext, input: Readable, output: Writable): Promise<void> {
  const server = new McpServer({ name: 'plume', version: plumeVersion() });
  for (const tool of MCP_TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        annotations: { readOnlyHint: !tool.spends, openWorldHint: tool.spends, destructiveHint: false },
      },
      (args: Record<string, unknown>) => callTool(context, tool, args),
    );
  }
  const restore = logsToStderr();
  try {
    const closed = new Promise<void>((done) => {
      server.server.onclose = () => done();
    });
    await server.connect(new StdioServerTransport(input, output));
    // The client is gone when its end of the pipe closes.
    input.once('end', () => void server.close());
    await closed;
  } finally {
    restore();
  }
}

/** Run a tool's command under --json; its JSON is the answer, an `{ error }` a tool error. */
export async function callTool(
  context: CliContext,
  tool: McpTool,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  if (typeof args.suite === 'string') {
    const outside = suiteOutsideProject(context, args.suite);
    if (outside !== undefined) return failure(outside);
  }
  const vars = args.vars as Record<string, unknown> | undefined;
  const folder = vars === undefined ? undefined : mkdtempSync(join(tmpdir(), 'plume-mcp-'));
  try {
    const varsFile = folder === undefined ? undefined : join(folder, 'vars.json');
    if (varsFile !== undefined) writeFileSync(varsFile, JSON.stringify(vars), { mode: 0o600 });
    const argv = tool.argv(args as never, varsFile);
    if (tool.name === 'run_suite') {
      const refusal = await overBudget(context, argv, args.maxCalls as number);
      if (refusal !== undefined) return refusal;
    }
    return answerOf(await run(context, argv));
  } finally {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  }
}

async function run(context: CliContext, argv: string[]): Promise<CapturedCommand> {
  if (context.runCommand === undefined) throw new Error('the MCP server needs main to run its commands');
  return context.runCommand([...argv, '--json']);
}

// The suite's estimate, before any call: refused when the calls it would make exceed the budget.
async function overBudget(
  context: CliContext,
  argv: string[],
  maxCalls: number,
): Promise<CallToolResult | undefined> {
  const estimate = await run(context, [...argv, '--dry-run']);
  const parsed = parsedJson(estimate.stdout) as { cells?: number; cachedCells?: number; error?: unknown };
  if (parsed?.error !== undefined || typeof parsed?.cells !== 'number') return answerOf(estimate);
  const calls = parsed.cells - (parsed.cachedCells ?? 0);
  if (calls <= maxCalls) return undefined;
  return failure(
    `the suite would make ${calls} model calls (${parsed.cells} cells, ${parsed.cachedCells ?? 0} cached), over maxCalls ${maxCalls}; ` +
      'raise maxCalls, or run fewer tests (estimate_suite shows the cells, tokens and cost)',
  );
}

function answerOf(result: CapturedCommand): CallToolResult {
  const parsed = parsedJson(result.stdout);
  if (parsed === undefined) {
    // No JSON: the command failed before it could say why in JSON (a usage error).
    return failure(result.stderr.trim() || `plume exited with ${result.code}`);
  }
  const isError = typeof parsed === 'object' && parsed !== null && 'error' in parsed;
  return { content: [{ type: 'text', text: result.stdout.trim() }], ...(isError ? { isError: true } : {}) };
}

function failure(message: string): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify({ error: { message } }) }], isError: true };
}

function parsedJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  const parsed = safeJsonParse(text);
  return parsed.ok ? parsed.value : undefined;
}

// A suite an agent names must be a file of the project (real paths: no link leading out).
function suiteOutsideProject(context: CliContext, suite: string): string | undefined {
  const root = realpathSync(contextProject(context).root);
  const path = resolve(context.cwd, suite);
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return `no suite file ${suite} in the project`;
  const inside = relative(root, realpathSync(path));
  if (inside.startsWith(`..${sep}`) || inside === '..' || resolve(inside) === inside) {
    return `the suite ${suite} is outside the project (${root}); name a suite file in it`;
  }
  return undefined;
}

// While the protocol owns stdout, console output of any dependency goes to stderr.
function logsToStderr(): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug };
  const toStderr = (...items: unknown[]) => console.error(...items);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  return () => Object.assign(console, saved);
}
