import { startServer } from '../../src/server/start-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

/** An environment with no real provider, so only echo answers. */
export const ENV = {
  PLUME_OFFLINE: '1',
  PLUME_LOCAL_MODEL: '',
  PLUME_AUTHOR: 'tester',
  OPENAI_API_KEY: '',
  ANTHROPIC_API_KEY: '',
};

const SUITE = `prompts: [greet, wave]
models: ['echo:default']
tests:
  - vars: { name: Ada }
    assert: [{ type: contains, value: hello }]
  - vars: { name: Bob }
    assert: [{ type: contains, value: Bob }]
  - vars: { name: Cy }
    assert: [{ type: contains, value: nowhere }]
`;

/** `plume <args> --json` in the project, parsed; throws when the command fails. */
export async function cliJson(project: TempProject, args: string[]) {
  const result = await runCli(project.root, [...args, '--json'], ENV);
  if (result.code !== 0) throw new Error(`plume ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** A project with two versions of a prompt and two runs of a suite, made with the real CLI. */
export interface FilledProject {
  project: TempProject;
  firstRun: string;
  secondRun: string;
  versions: string[];
}

export async function createFilledProject(): Promise<FilledProject> {
  const project = createTempProject({
    'greet.prompt': '---\ndescription: Greets someone\n---\nSay hello to {{name}}.\n',
    'wave.prompt': '---\ndescription: Waves\n---\nWave at {{name}} and move on.\n',
  });
  project.write('plume.suite.yaml', SUITE);
  const cli = (args: string[]) => cliJson(project, args);
  await cli(['lib', 'save', '-m', 'first']);
  const firstRun = (await cli(['eval'])).runId as string;
  project.writePrompt(
    'greet.prompt',
    '---\ndescription: Greets someone\n---\nSay hello warmly to {{name}}.\n',
  );
  await cli(['lib', 'save', 'greet', '-m', 'warmer']);
  const secondRun = (await cli(['eval'])).runId as string;
  const history = await cli(['lib', 'history', 'greet']);
  const versions = (history.versions as { hash: string }[]).map((version) => version.hash);
  return { project, firstRun, secondRun, versions };
}

/** Start the server over a project, as `plume ui` does. */
export function serve(
  project: TempProject,
  options: { env?: NodeJS.ProcessEnv; requireToken?: boolean; assetsDir?: string } = {},
) {
  return startServer({ ...options, project: project.project(), env: { ...ENV, ...options.env } });
}
