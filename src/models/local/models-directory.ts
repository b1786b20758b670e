import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where downloaded model files are kept: PLUME_MODELS_DIR, else $XDG_CACHE_HOME/plume/models,
 * else ~/.cache/plume/models. Shared by every project of the user, so a model is fetched once.
 */
export function modelsDirectory(env: NodeJS.ProcessEnv): string {
  if (env.PLUME_MODELS_DIR) return resolve(env.PLUME_MODELS_DIR);
  const cacheHome = env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache');
  return join(cacheHome, 'plume', 'models');
}
