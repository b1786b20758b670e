import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

const GREET = 'Say hello to {{name}}.\n';

describe('checks whose code is in a file', () => {
  it('reads file://check.js and file://check.py[:function] relative to the suite', async () => {
    project = createTempProject({ 'greet.prompt': GREET });
    project.write(
      'checks/named.js',
      'module.exports = (output, context) => output.includes(context.vars.name);\n',
    );
    project.write(
      'checks/polite.py',
      'def get_assert(output, context):\n    return "hello" in output.lower()\n\ndef shout(output, context):\n    return output.isupper()\n',
    );
    project.write(
      'plume.suite.yaml',
      [
        'allowCode: true',
        'prompts: [greet]',
        "models: ['echo:default']",
        'defaultTest:',
        '  assert: [{ type: javascript, value: file://checks/named.js }]',
        'tests:',
        '  - vars: { name: Ada }',
        '    assert:',
        '      - type: python',
        '        value: file://checks/polite.py',
        '      - type: not-python',
        '        value: file://checks/polite.py:shout',
        '  - vars: { name: Bob }',
        '    assert: [{ type: not-python, value: file://checks/polite.py }]',
        '',
      ].join('\n'),
    );
    const result = await runCli(project.root, ['eval', '--json'], bareEnv());
    expect(result.code).toBe(0);
    // Ada passes every check; Bob's output is polite, so his not-python fails.
    const report = JSON.parse(result.stdout) as { columns: { passRate: { estimate: number } }[] };
    expect(report.columns[0]!.passRate.estimate).toBe(0.5);
  }, 60_000);

  it('reads other file:// values as data (JSON, YAML) or text', async () => {
    project = createTempProject({ 'greet.prompt': GREET });
    project.write('expected/word.txt', 'hello');
    project.write('schemas/object.yaml', 'type: object\n');
    const suite = (extra: string) =>
      `prompts: [greet]\nmodels: ['echo:default']\ntests:\n  - vars: { name: Ada }\n    assert:\n      - { type: icontains, value: file://expected/word.txt }\n      - { type: not-is-json, value: file://schemas/object.yaml }\n${extra}`;
    project.write('plume.suite.yaml', suite(''));
    const passed = await runCli(project.root, ['eval', '--json'], bareEnv());
    expect(passed.code).toBe(0);
    expect(JSON.parse(passed.stdout).columns[0].passRate.estimate).toBe(1);
    project.write('schemas/broken.json', '{ not json');
    project.write(
      'plume.suite.yaml',
      suite('      - { type: json-schema, value: file://schemas/broken.json }\n'),
    );
    const broken = await runCli(project.root, ['eval'], bareEnv());
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/schemas\/broken\.json is not valid JSON/);
  }, 60_000);

  it('refuses a code file outside the project, at the suite line', async () => {
    project = createTempProject({ 'greet.prompt': GREET });
    project.write(
      'plume.suite.yaml',
      "allowCode: true\nprompts: [greet]\nmodels: ['echo:default']\ntests:\n  - assert: [{ type: javascript, value: file://../../etc/check.js }]\n",
    );
    const result = await runCli(project.root, ['eval'], bareEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/outside the project/);
  }, 60_000);
});
