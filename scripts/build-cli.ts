// Bundles the CLI into dist/cli (run by `npm install` through `prepare`, or `npm run build:cli`).
// Loading some 400 modules one by one took a fifth of a short command's time; the bundle loads
// the command's code in a few files, split where the sources load lazily. bin/plume.js uses the
// bundle only while src/ is unchanged since it was built; otherwise it runs src/ directly.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import MagicString from 'magic-string';
import { build, type Plugin } from 'rolldown';
import { BUNDLE_DIR, STAMP_FILE, sourceSignature } from '../bin/source-signature.js';

/** Native addons and what loads them stay in node_modules; everything else is bundled. */
const EXTERNAL = [/^node:/, 'better-sqlite3', 'node-llama-cpp', /^@node-llama-cpp\//, 'playwright-core'];

const fromCommander = (importer: string | undefined): boolean =>
  importer !== undefined && /[\\/]node_modules[\\/]commander[\\/]/.test(importer);

/** Whether an import stays out of the bundle; commander's node:child_process goes to the plugin below. */
function isExternal(id: string, importer: string | undefined): boolean {
  if (id === 'node:child_process' && fromCommander(importer)) return false;
  return EXTERNAL.some((pattern) => (typeof pattern === 'string' ? id === pattern : pattern.test(id)));
}

const LAZY_CHILD_PROCESS = '\0commander-child-process';

/**
 * commander imports node:child_process for subcommands that are separate executables, which
 * plume has none of; loading it (and the 46 internal modules it pulls in) took about 6 ms of every
 * command's start. commander gets a stand-in whose `spawn`, the one function it calls, loads the
 * real module on its first call.
 */
const commanderChildProcessOnDemand: Plugin = {
  name: 'commander-child-process-on-demand',
  resolveId(source, importer) {
    return source === 'node:child_process' && fromCommander(importer) ? LAZY_CHILD_PROCESS : undefined;
  },
  load(id) {
    if (id !== LAZY_CHILD_PROCESS) return undefined;
    return "export default { spawn: (...args) => process.getBuiltinModule('node:child_process').spawn(...args) };";
  },
};

/**
 * A default or named import of a built-in module as the bundle prints it, on a line of its own. A
 * namespace import stays: it has a `default` that the module object lacks.
 */
const BUILTIN_IMPORT = /^import (?:([\w$]+)|\{([^}]*)\}) from "(node:[\w/]+)";$/gm;

/**
 * Each chunk's imports of Node's built-in modules become `globalThis.process.getBuiltinModule` calls
 * (globalThis: a chunk may bind a name `process` itself, as the MCP SDK does). An ESM
 * import of a built-in goes through a facade that reads every export of the module once, getters
 * included: `node:process` created the standard input stream, `node:fs` loaded its streams,
 * `node:util` its text decoder. Those facades cost a short command about 13 ms of its start (a
 * 20,000-cell cached run 25 ms), for modules that are plain objects without them. The line count
 * stays the same; the source map follows the edit.
 */
export function builtinImportsAsCalls(code: string): MagicString | undefined {
  const edited = new MagicString(code);
  for (const match of code.matchAll(BUILTIN_IMPORT)) {
    const [line, whole, named, module] = match;
    const binding = whole ?? `{${named!.replace(/\s+as\s+/g, ': ')}}`;
    edited.overwrite(
      match.index,
      match.index + line.length,
      `const ${binding} = globalThis.process.getBuiltinModule("${module}");`,
    );
  }
  return edited.hasChanged() ? edited : undefined;
}

const builtinsWithoutFacades: Plugin = {
  name: 'builtins-without-facades',
  renderChunk(code) {
    const edited = builtinImportsAsCalls(code);
    return edited === undefined
      ? null
      : { code: edited.toString(), map: edited.generateMap({ hires: true }) };
  },
};

/** Build the bundle of the package at `root` into `outDir`, and stamp it with what it was built from. */
export async function buildCli(root: string, outDir = join(root, BUNDLE_DIR)): Promise<void> {
  const signature = sourceSignature(root);
  rmSync(outDir, { recursive: true, force: true });
  await build({
    input: join(root, 'src', 'cli', 'main.ts'),
    platform: 'node',
    external: isExternal,
    plugins: [commanderChildProcessOnDemand, builtinsWithoutFacades],
    output: { dir: outDir, format: 'esm', sourcemap: true },
    logLevel: 'warn',
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, STAMP_FILE), signature);
}

if (import.meta.main) {
  const root = resolve(import.meta.dirname, '..');
  const started = performance.now();
  try {
    await buildCli(root);
    console.log(
      `plume: CLI bundled into ${BUNDLE_DIR} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    // An install must not fail for this: without a current bundle, plume runs from src/.
    rmSync(join(root, BUNDLE_DIR), { recursive: true, force: true });
    console.warn(
      `plume: could not bundle the CLI (${error instanceof Error ? error.message : error}); it runs from src/`,
    );
  }
}
