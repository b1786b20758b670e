import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

const COUNT = '---\ninput:\n  schema:\n    count: integer\n---\nCount to {{count}}.\n';

describe('plume eval --dry-run: test variables against the input schema', () => {
  it('warns once a prompt, at its schema field, of the tests whose variables do not match', async () => {
    project = createTempProject({ 'count.prompt': COUNT });
    project.write(
      'plume.suite.yaml',
      "prompts: [count]\nmodels: ['echo:default']\ntests:\n  - vars: { count: 3 }\n  - vars: { count: abc }\n  - vars: { count: [1] }\n",
    );
    const result = await runCli(project.root, ['eval', '--dry-run', '--json'], bareEnv());
    expect(result.code, result.stderr).toBe(0);
    const { warnings } = JSON.parse(result.stdout) as { warnings: string[] };
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /prompts\/count\.prompt:4(:\d+)?: prompt 'count': variable 'count' must be integer/,
    );
    expect(warnings[0]).toContain('and 1 more test');
  });
});
