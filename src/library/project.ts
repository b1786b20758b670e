import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type ProjectConfig, projectConfigSchema } from '../spec/project-config.ts';
import { PlumeError } from '../util/errors.ts';
import { ReadScope } from '../util/read-scope.ts';
import { parseYamlSource, validateYaml, type YamlSource } from '../util/yaml-source.ts';

export const CONFIG_FILE = 'plume.yaml';
export const STATE_DIR = '.plume';

/** A plume project: a root folder, its plume.yaml (optional) and where its files live. */
export interface Project {
  root: string;
  /** Path of plume.yaml, undefined when the project has none (defaults apply). */
  configPath: string | undefined;
  /** Where in plume.yaml a setting is written (`['providers', 'x']`), for errors found when it is used. */
  locateConfig?: YamlSource['locate'];
  config: ProjectConfig;
  promptsDir: string;
  /** The embedded SQLite store. */
  storePath: string;
  /** Downloaded model files and other caches. */
  cacheDir: string;
}

/** The nearest folder at or above `start` holding plume.yaml, else `start` itself. */
export function findProjectRoot(start: string): string {
  let current = resolve(start);
  for (;;) {
    if (existsSync(join(current, CONFIG_FILE))) return current;
    const parent = dirname(current);
    if (parent === current) return resolve(start);
    current = parent;
  }
}

/**
 * Load the project that contains `start`; errors in plume.yaml are reported with file:line.
 * `env` may move the store (PLUME_STORE) and caches (PLUME_CACHE_DIR).
 */
export function loadProject(start: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Project {
  const root = findProjectRoot(start);
  const configPath = join(root, CONFIG_FILE);
  const hasConfig = existsSync(configPath);
  const source = hasConfig ? parseYamlSource(readFileSync(configPath, 'utf8'), configPath) : undefined;
  const config = source ? validateYaml(source, projectConfigSchema) : projectConfigSchema.parse({});
  const promptsDir = resolve(root, config.prompts);
  if (source) checkPromptsFolder(source, config.prompts, promptsDir);
  const stateDir = join(root, STATE_DIR);
  return {
    root,
    configPath: hasConfig ? configPath : undefined,
    ...(source === undefined ? {} : { locateConfig: source.locate }),
    config,
    promptsDir,
    storePath: env.PLUME_STORE ?? join(stateDir, 'plume.db'),
    cacheDir: env.PLUME_CACHE_DIR ?? join(stateDir, 'cache'),
  };
}

const scopes = new WeakMap<Project, ReadScope>();

/**
 * The folders a project's suites, test data and prompts may read: its root, its prompts folder,
 * and the allowRead folders of plume.yaml (relative to it). Made once per project.
 */
export function projectReadScope(project: Project): ReadScope {
  let scope = scopes.get(project);
  if (scope === undefined) {
    const base = project.configPath === undefined ? project.root : dirname(project.configPath);
    const allowed = project.config.allowRead.map((folder) => resolve(base, folder));
    scope = new ReadScope([project.root, project.promptsDir, ...allowed]);
    scopes.set(project, scope);
  }
  return scope;
}

// A prompts folder named in plume.yaml must be there: a typo would otherwise read as a project
// without prompts, or as every partial missing. The default folder may be missing (no prompts yet).
function checkPromptsFolder(source: YamlSource, written: string, promptsDir: string): void {
  const value = source.value as { prompts?: unknown } | null;
  if (value === null || typeof value !== 'object' || value.prompts === undefined) return;
  if (statSync(promptsDir, { throwIfNoEntry: false })?.isDirectory()) return;
  const what = existsSync(promptsDir) ? 'is not a folder' : 'does not exist';
  throw new PlumeError({
    code: 'CONFIG_INVALID',
    message: `prompts: the prompts folder '${written}' ${what} (${promptsDir})`,
    location: source.locate(['prompts']),
    hint: 'create the folder, or fix the path in prompts: (relative to plume.yaml)',
  });
}
