import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PlumeError } from '../../util/errors.ts';
import { parseYamlSource, type YamlSource } from '../../util/yaml-source.ts';
import { suiteError } from './suite-error.ts';

const CODE_EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs']);
const DATA_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Read a suite file: YAML or JSON with positions, or a TypeScript/JavaScript config whose default
 * export (an object, or a function returning one) is the suite. Configs have no line numbers.
 */
export async function readSuiteSource(file: string): Promise<YamlSource> {
  if (!existsSync(file)) {
    throw new PlumeError({
      code: 'SUITE_NOT_FOUND',
      message: `suite file not found: ${file}`,
      location: { file },
      hint: 'check the path, or run plume init to write an example suite',
    });
  }
  const extension = extname(file).toLowerCase();
  if (DATA_EXTENSIONS.has(extension))
    return parseYamlSource(readFileSync(file, 'utf8'), file, 0, 'SUITE_INVALID');
  if (CODE_EXTENSIONS.has(extension))
    return { file, value: await importConfig(file), locate: () => ({ file }), lineOf: () => undefined };
  throw suiteError(`unsupported suite file type '${extension}'`, { file }, 'use .yaml, .yml, .json, or .ts');
}

async function importConfig(file: string): Promise<unknown> {
  // The modification time in the URL makes an edited config load afresh in a long-lived process.
  const url = `${pathToFileURL(file).href}?mtime=${statSync(file).mtimeMs}`;
  let module: { default?: unknown };
  try {
    module = (await import(url)) as { default?: unknown };
  } catch (error) {
    throw new PlumeError({
      code: 'SUITE_INVALID',
      message: `the suite config failed to load: ${error instanceof Error ? error.message : String(error)}`,
      location: { file },
      hint: 'run it with node to see the full error',
      cause: error,
    });
  }
  const exported = typeof module.default === 'function' ? await module.default() : module.default;
  if (exported === undefined) {
    throw suiteError(
      'the suite config has no default export',
      { file },
      'write `export default { prompts, tests }`',
    );
  }
  return exported;
}
