// Writes the JSON Schemas of suite files and of plume.yaml for editors:
// node scripts/generate-schema.ts [--check]
// With --check it writes nothing and exits 1 when a committed file is stale.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUITE_SCHEMA_PATH, suiteJsonSchema } from '../src/eval/suite/suite-json-schema.ts';
import { PROJECT_SCHEMA_PATH, projectJsonSchema } from '../src/library/project-json-schema.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
let stale = false;

for (const [path, text] of [
  [SUITE_SCHEMA_PATH, suiteJsonSchema()],
  [PROJECT_SCHEMA_PATH, projectJsonSchema()],
] as const) {
  const target = join(root, path);
  if (check) {
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current === text) console.log(`${path} is up to date`);
    else {
      console.error(`${path} is stale: run node scripts/generate-schema.ts`);
      stale = true;
    }
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${path}`);
  }
}
if (stale) process.exit(1);
