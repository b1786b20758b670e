// promptfoo's `extensions`: a beforeAll hook that adds a test and a defaultTest check, a
// beforeEach hook that changes each test's vars, in JavaScript (the sandbox) and Python, through
// the real CLI with the echo model.
import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

const CONFIG = (extension: string) =>
  [
    "prompts: ['Rephrase in {{language}}: {{body}}']",
    'providers: [echo]',
    `extensions: ['${extension}']`,
    'tests:',
    "  - vars: { body: 'Hello', language: Norwegian }",
    '    assert: [{ type: icontains, value: pirate norwegian }]',
    '',
  ].join('\n');

// As promptfoo's examples write them: one function for every hook, told which by its name.
const JS_HOOKS = `let counter = 0;
async function extensionHook(hookName, context) {
  if (hookName === 'beforeAll') {
    console.log('Setting up', context.suite.tests.length);
    context.suite.tests.push({ vars: { body: 'Good day', language: 'Spanish' }, assert: [{ type: 'icontains', value: 'pirate spanish' }] });
    context.suite.defaultTest.assert.push({ type: 'icontains', value: 'rephrase' });
    return context;
  } else if (hookName === 'beforeEach') {
    context.test.vars.language = 'Pirate ' + context.test.vars.language;
    return context;
  } else if (hookName === 'afterEach') {
    counter++;
  }
}
module.exports = extensionHook;
`;

const PY_HOOKS = `def extension_hook(hook_name, context):
    if hook_name == "beforeAll":
        print("setting up")
        context["suite"]["tests"].append({"vars": {"body": "Good day", "language": "Spanish"}, "assert": [{"type": "icontains", "value": "pirate spanish"}]})
        context["suite"]["defaultTest"]["assert"].append({"type": "icontains", "value": "rephrase"})
        return context
    elif hook_name == "beforeEach":
        context["test"]["vars"]["language"] = "Pirate " + context["test"]["vars"]["language"]
        return context
`;

async function evaluate(): Promise<{
  code: number;
  stderr: string;
  cells: { cells: number; passed: number };
}> {
  const result = await runCli(project!.root, ['eval', 'promptfooconfig.yaml', '--json'], bareEnv());
  const report = result.stdout === '' ? undefined : JSON.parse(result.stdout);
  return {
    code: result.code,
    stderr: result.stderr,
    cells: { cells: report?.totals?.cells ?? 0, passed: report?.totals?.passed ?? 0 },
  };
}

describe("promptfoo's extensions", () => {
  for (const [language, file, hooks, extension] of [
    ['JavaScript', 'hooks.js', JS_HOOKS, 'file://hooks.js'],
    ['Python', 'hooks.py', PY_HOOKS, 'file://hooks.py:extension_hook'],
  ] as const) {
    it(`runs a ${language} file's beforeAll and beforeEach hooks: a test added, every test's vars changed`, async () => {
      project = createTempProject({});
      project.write(file, hooks);
      project.write('promptfooconfig.yaml', CONFIG(extension));
      const dry = await runCli(project.root, ['eval', 'promptfooconfig.yaml', '--dry-run'], bareEnv());
      expect(dry.stderr).toContain('their afterEach and afterAll hooks (reports on the results) do not run');
      expect(dry.stdout).toContain('would run 2 cells');
      const result = await evaluate();
      expect(result.code, result.stderr).toBe(0);
      // Both tests, each with its own check and the one beforeAll added to defaultTest, passed:
      // the echo shows the language as beforeEach left it.
      expect(result.cells).toEqual({ cells: 2, passed: 2 });
    });
  }

  it('takes a function named after its hook for that hook alone, called with the context', async () => {
    project = createTempProject({});
    project.write(
      'hooks.js',
      'export function beforeEach(context) { context.test.vars.language = "Pirate " + context.test.vars.language; return context; }\n',
    );
    project.write('promptfooconfig.yaml', CONFIG('file://hooks.js:beforeEach'));
    const result = await evaluate();
    expect(result.code, result.stderr).toBe(0);
    expect(result.cells).toEqual({ cells: 1, passed: 1 });
  });

  it('refuses the suite when a beforeAll hook throws, or returns tests that are not tests, or code is not allowed', async () => {
    project = createTempProject({});
    project.write(
      'hooks.js',
      'module.exports = (name) => { if (name === "beforeAll") throw new Error("no setup"); };\n',
    );
    project.write('promptfooconfig.yaml', CONFIG('file://hooks.js'));
    const refused = () => runCli(project!.root, ['eval', 'promptfooconfig.yaml'], bareEnv());
    let result = await refused();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /promptfooconfig\.yaml:3:\d+: extension file:\/\/hooks\.js: its beforeAll hook threw: no setup/,
    );

    project.write(
      'hooks.js',
      'module.exports = (name, context) => { if (name === "beforeAll") { context.suite.tests = [42]; return context; } };\n',
    );
    result = await refused();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('extensions: the suite a beforeAll hook returned is invalid: tests');

    project.write('hooks.js', 'module.exports = () => undefined;\n');
    const noCode = await runCli(project.root, ['eval', 'promptfooconfig.yaml', '--no-code'], bareEnv());
    expect(noCode.code).toBe(2);
    expect(noCode.stderr).toContain('extensions are code (promptfoo hooks), and this run allows none');
  });

  it('leaves the cells undecided, with why, when a beforeEach hook throws', async () => {
    project = createTempProject({});
    project.write(
      'hooks.js',
      'module.exports = (name) => { if (name === "beforeEach") throw new Error("bad vars"); };\n',
    );
    project.write('promptfooconfig.yaml', CONFIG('file://hooks.js'));
    const result = await runCli(project.root, ['eval', 'promptfooconfig.yaml'], bareEnv());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toContain('its beforeEach hook threw: bad vars');
  });
});
