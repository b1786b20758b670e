#!/usr/bin/env node
// Entry point: answers --version without loading the CLI, then runs the CLI: its bundle in
// dist/cli while that matches src/, else the TypeScript sources directly (Node 22.18+ strips types).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `error: plume needs Node 22.18 or newer; this is Node ${process.versions.node}.\n` +
      '  hint: run it through `npx plume` or `npm run plume --` inside the project, which use the Node 24 it installs,\n' +
      '        or install Node 24 from https://nodejs.org\n',
  );
  process.exit(2);
}

// Node's modules are taken with process.getBuiltinModule, not imported: an import of node:fs
// builds its ES module facade, which reads every export and so loads fs/promises, readline and
// the streams (3-5 ms of every command).
const { readFileSync } = process.getBuiltinModule('node:fs');
const { join } = process.getBuiltinModule('node:path');
const { fileURLToPath, pathToFileURL } = process.getBuiltinModule('node:url');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
  process.exit(0);
}

// A reader that stops early (`plume runs export | head`) is not an error. Nor is a terminal that
// closed (EIO, once SIGHUP came): what is printed has nowhere to go, so it is dropped, and the work
// stops as the signal says (a run is stored as interrupted, exit 129) instead of dying mid-write.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (error.code === 'EIO') {
      stream.write = (_chunk, encoding, done) => {
        (typeof encoding === 'function' ? encoding : done)?.();
        return true;
      };
      return;
    }
    throw error;
  });
}

// Memory: V8 grows its young generation up to 64 MiB under a steady stream of short-lived
// objects (one per cell of a run) and keeps it, and grows the old generation by large steps.
// Holding the young generation at its start size and growing the old one by 20% steps took a
// 20,000-cell run from 183-190 to 132-134 MiB at its peak, for 5-10% more CPU per cell
// (bench/eval-speed.ts). Set here, before anything is allocated: later the heap has already grown.
// A long run lets it grow once, to a fixed size (src/cli/young-generation.ts).
const v8 = process.getBuiltinModule('node:v8');
v8.setFlagsFromString('--semi-space-growth-factor=1');
v8.setFlagsFromString('--heap-growing-percent=20');

process.getBuiltinModule('node:module').enableCompileCache?.();
// The bundle in dist/cli (scripts/build-cli.ts) while it matches src/; else src/ itself.
const { BUNDLE_DIR, bundleIsCurrent } = await import('./source-signature.js');
const root = fileURLToPath(new URL('..', import.meta.url));
const fromBundle = !process.env.PLUME_FROM_SOURCE && bundleIsCurrent(root);
if (fromBundle && process.env.PLUME_DEBUG) process.setSourceMapsEnabled(true);
const entry = fromBundle ? join(root, BUNDLE_DIR, 'main.js') : join(root, 'src', 'cli', 'main.ts');
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(args);
