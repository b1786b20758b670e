import type { SuiteFileInput } from '../../spec/suite.ts';

/** Type-checks a TypeScript suite config: `export default defineSuite({ prompts, models, tests })`. */
export function defineSuite(suite: SuiteFileInput): SuiteFileInput {
  return suite;
}
