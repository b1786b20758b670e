import { startServer } from '../../server/start-server.ts';
import { type CliContext, contextProject, emit, note, type RegisterCommand } from '../context.ts';
import { integerBetween } from '../options.ts';

interface UiOptions {
  port: number;
  host: string;
}

/** `plume ui`: the web app over the project's store, until interrupted. */
export const registerUi: RegisterCommand = (program, context) => {
  program
    .command('ui')
    .description('start the local web app (library, runs, ratings, playground) and print its URL')
    .option('-p, --port <number>', 'port to listen on (0: any free port)', integerBetween(0, 65_535), 4321)
    .option(
      '--host <address>',
      'address to listen on; beyond loopback every request needs the token',
      '127.0.0.1',
    )
    .action((options: UiOptions) => serveUi(context, options));
};

async function serveUi(context: CliContext, options: UiOptions): Promise<void> {
  const server = await startServer({
    project: contextProject(context),
    env: context.env,
    host: options.host,
    port: options.port,
  });
  const url = server.token === undefined ? server.url : `${server.url}?token=${server.token}`;
  emit(context, { url: server.url, token: server.token ?? null }, () =>
    [`plume web app: ${url}`, ...(server.token ? [`access token: ${server.token}`] : [])].join('\n'),
  );
  note(context, 'press Ctrl+C to stop');
  // Listeners removed once the server has stopped, not `once`: see withWorkspace.
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await stopped;
  await server.close();
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
}
