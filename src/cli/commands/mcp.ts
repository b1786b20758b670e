import type { RegisterCommand } from '../context.ts';

/** `plume mcp`: an MCP server on stdio, for coding agents (see docs/mcp.md). */
export const registerMcp: RegisterCommand = (program, context) => {
  program
    .command('mcp')
    .description(
      'serve the project to a coding agent over MCP (stdio): prompts, renders, runs, suites, reports',
    )
    .action(async () => {
      const { serveMcp } = await import('../mcp/mcp-server.ts');
      await serveMcp(context, process.stdin, process.stdout);
    });
};
