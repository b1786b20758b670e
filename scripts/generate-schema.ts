// Writes the JSON Schema of suite files for editors: node scripts/generate-schema.ts [--check]
// With --check it writes nothing and exits 1 when the committed file is stale.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUITE_SCHEMA_PATH, suiteJsonSchema } from '../src/eval/suite/suite-json-schema.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, SUITE_SCHEMA_PATH);
const text = suiteJsonSchema();

if (process.argv.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error(`${SUITE_SCHEMA_PATH} is stale: run node scripts/generate-schema.ts`);
    process.exit(1);
  }
  console.log(`${SUITE_SCHEMA_PATH} is up to date`);
} else {
  writeFileSync(target, text);
  console.log(`wrote ${SUITE_SCHEMA_PATH}`);
}
