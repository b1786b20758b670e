import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PlumeError } from '../../util/errors.ts';
import { DEFAULT_SUITE_FILES } from './load-suite.ts';

/** The suite file in the working folder, else at the project root. */
export function findSuiteFile(cwd: string, projectRoot: string): string {
  for (const folder of new Set([cwd, projectRoot])) {
    for (const name of DEFAULT_SUITE_FILES) {
      const path = join(folder, name);
      if (existsSync(path)) return path;
    }
  }
  throw new PlumeError({
    code: 'SUITE_NOT_FOUND',
    message: `no suite file in ${projectRoot}`,
    hint: `name one (plume eval path/to/suite.yaml) or write ${DEFAULT_SUITE_FILES[0]}`,
  });
}
