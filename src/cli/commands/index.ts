import type { RegisterCommand } from '../context.ts';

export type { RegisterCommand } from '../context.ts';

/**
 * Every command's module, loaded only when needed: `plume eval` never loads the web server, and
 * `plume init` no model provider. Keyed by the command names a module registers, in the order
 * `plume --help` lists them.
 */
export const COMMAND_MODULES: Readonly<Record<string, () => Promise<RegisterCommand>>> = {
  init: async () => (await import('./init.ts')).registerInit,
  render: async () => (await import('./render.ts')).registerRender,
  run: async () => (await import('./run.ts')).registerRun,
  eval: async () => (await import('./eval.ts')).registerEval,
  import: async () => (await import('./import.ts')).registerImport,
  runs: async () => (await import('./runs.ts')).registerRuns,
  lib: async () => (await import('./lib.ts')).registerLib,
  techniques: async () => (await import('./techniques.ts')).registerTechniques,
  optimize: async () => (await import('./optimize.ts')).registerOptimize,
  models: async () => (await import('./models.ts')).registerModels,
  cache: async () => (await import('./cache.ts')).registerCache,
  ui: async () => (await import('./ui.ts')).registerUi,
  mcp: async () => (await import('./mcp.ts')).registerMcp,
};

// `plume compare` is registered by the runs module, beside `plume runs compare`; `plume
// optimizations` by the optimize module.
const ALIASES: Readonly<Record<string, string>> = { compare: 'runs', optimizations: 'optimize' };

/**
 * The commands to register for `argv`: only the one it names, or all of them for help, no
 * command, or a name that is not a command (so commander can list them and suggest one).
 */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const name = commandName(argv);
  const module = name === undefined ? undefined : (ALIASES[name] ?? name);
  const loaders =
    module !== undefined && Object.hasOwn(COMMAND_MODULES, module)
      ? [COMMAND_MODULES[module]!]
      : Object.values(COMMAND_MODULES);
  return Promise.all(loaders.map((load) => load()));
}

/** The first word of `argv` that is not an option (nor the value of -C/--cwd). */
function commandName(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (word === '-C' || word === '--cwd') index++;
    else if (word === 'help') return undefined;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}
