import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

const SUITE =
  "prompts: [greet]\nmodels: ['echo:default']\ntests:\n  - vars: { name: Ada }\n    assert: [{ type: icontains, value: hello }]\n";

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

function greetProject(): TempProject {
  project = createTempProject({ 'greet.prompt': 'Say hello to {{name}}.\n' });
  project.write('plume.suite.yaml', SUITE);
  return project;
}

describe('numeric flags out of their range', () => {
  it.each([
    [
      ['eval', '--dry-run', '--repeat', '0'],
      "'--repeat <number>' argument '0' is invalid. It must be 1 or more.",
    ],
    [
      ['eval', '--dry-run', '--first-n', '-3'],
      "'--first-n <number>' argument '-3' is invalid. It must be 1 or more.",
    ],
    [['eval', '--dry-run', '--sample', '0'], "'--sample <number>' argument '0' is invalid"],
    [['eval', '--dry-run', '--max-concurrency', '0'], "'--max-concurrency <number>' argument '0' is invalid"],
    [
      ['eval', '--dry-run', '--fail-under', '150'],
      "'--fail-under <rate>' argument '150' is invalid. It must be a rate from 0 to 1",
    ],
    [['eval', '--dry-run', '--fail-under', '-0.5'], "'--fail-under <rate>' argument '-0.5' is invalid"],
    [['eval', '--dry-run', '--fail-under', '101%'], "'--fail-under <rate>' argument '101%' is invalid"],
    [
      ['run', 'greet', '--var', 'name=Ada', '--max-tokens', '-1'],
      "'--max-tokens <number>' argument '-1' is invalid. It must be 1 or more.",
    ],
    [
      ['run', 'greet', '--var', 'name=Ada', '-t', '-0.2'],
      "'-t, --temperature <number>' argument '-0.2' is invalid. It must be 0 or more.",
    ],
    [['optimize', '--dry-run', '--budget-calls', '0'], "'--budget-calls <number>' argument '0' is invalid"],
    [
      ['optimize', '--dry-run', '--budget-tokens', '-5'],
      "'--budget-tokens <number>' argument '-5' is invalid",
    ],
    [
      ['optimize', '--dry-run', '--budget-usd', '-1'],
      "'--budget-usd <amount>' argument '-1' is invalid. It must be more than 0.",
    ],
    [['runs', 'list', '-n', '0'], "'-n, --limit <number>' argument '0' is invalid"],
    [['lib', 'search', 'x', '-n', '-1'], "'-n, --limit <count>' argument '-1' is invalid"],
    [
      ['lib', 'diff', 'a', 'b', '-U', '-1'],
      "'-U, --context <lines>' argument '-1' is invalid. It must be 0 or more.",
    ],
    [
      ['ui', '--port', '70000'],
      "'-p, --port <number>' argument '70000' is invalid. It must be from 0 to 65535.",
    ],
  ])('plume %j is refused with exit 2, naming the flag and its range', async (args, message) => {
    const result = await runCli(greetProject().root, args, bareEnv());
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
  });

  it('still takes a rate as 0.8, 80 or 80%', async () => {
    const root = greetProject().root;
    for (const rate of ['0.8', '80', '80%', '1', '0']) {
      const result = await runCli(root, ['eval', '--fail-under', rate], bareEnv());
      expect(result.stderr).not.toContain('is invalid');
      expect(result.code).toBe(0);
    }
  });
});

describe('flags that cannot go together', () => {
  it.each([
    [
      ['--resume', 'a', '--retry-errors', 'b'],
      "'--resume <run>' cannot be used with option '--retry-errors <run>'",
    ],
    [['--resume', 'a', '--replay', 'b'], "'--resume <run>' cannot be used with option '--replay <run>'"],
    [
      ['--retry-errors', 'a', '--replay', 'b'],
      "'--retry-errors <run>' cannot be used with option '--replay <run>'",
    ],
    // An earlier run fixes the tests and repeats: these would be ignored.
    [['--resume', 'a', '--repeat', '3'], "'--resume <run>' cannot be used with option '--repeat <number>'"],
    [['--replay', 'a', '--first-n', '2'], "'--replay <run>' cannot be used with option '--first-n <number>'"],
    [
      ['--retry-errors', 'a', '--pattern', 'x'],
      "'--retry-errors <run>' cannot be used with option '--pattern <regex>'",
    ],
  ])('plume eval %j is refused with exit 2', async (args, message) => {
    const result = await runCli(greetProject().root, ['eval', ...args], bareEnv());
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
  });

  it.each([
    [['--budget-calls', '50'], "'--resume <id>' cannot be used with option '--budget-calls <number>'"],
    [['--strategies', 'opro'], "'--resume <id>' cannot be used with option '--strategies <list>'"],
    [['--seed', '3'], "'--resume <id>' cannot be used with option '--seed <number>'"],
  ])(
    'plume optimize --resume with %j, a setting the optimization keeps, is refused',
    async (args, message) => {
      const result = await runCli(greetProject().root, ['optimize', '--resume', 'a', ...args], bareEnv());
      expect(result.stderr).toContain(message);
      expect(result.code).toBe(2);
    },
  );

  it('plume optimize --resume still goes with --no-save', async () => {
    const result = await runCli(greetProject().root, ['optimize', '--resume', 'a', '--no-save'], bareEnv());
    expect(result.stderr).toContain("no optimization 'a'");
  });
});
