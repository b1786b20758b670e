import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * Who records a version: the explicit option, else PLUME_AUTHOR, else git's user.name (read
 * from the config files, not by starting git), else the OS user.
 */
export function resolveAuthor(explicit: string | undefined, env: NodeJS.ProcessEnv, root: string): string {
  if (explicit?.trim()) return explicit.trim();
  if (env.PLUME_AUTHOR?.trim()) return env.PLUME_AUTHOR.trim();
  const home = env.HOME ?? homedir();
  const configs = [
    join(root, '.git', 'config'),
    join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'git', 'config'),
    join(home, '.gitconfig'),
  ];
  for (const file of configs) {
    const name = gitUserName(file);
    if (name) return name;
  }
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** `name` under `[user]` in a git config file, if the file exists and sets one. */
export function gitUserName(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let inUser = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*([^\]\s"]+)[^\]]*\]/.exec(line);
    if (section) inUser = section[1]!.toLowerCase() === 'user';
    else if (inUser) {
      const entry = /^name\s*=\s*(.*)$/i.exec(line);
      if (entry) return entry[1]!.replace(/^"(.*)"$/, '$1').trim() || undefined;
    }
  }
  return undefined;
}
