import type { Project } from '../../library/project.ts';
import { parseDuration } from '../../models/duration.ts';
import { CacheStore } from '../../store/cache-store.ts';
import { CallLog } from '../../store/call-log.ts';
import { openDatabase } from '../../store/database.ts';
import { PlumeError } from '../../util/errors.ts';
import { type CliContext, contextProject, emit, type RegisterCommand } from '../context.ts';

interface ClearOptions {
  model?: string;
  olderThan?: string;
}

/** `plume cache stats|clear`: the response cache in the project's store. */
export const registerCache: RegisterCommand = (program, context) => {
  const cache = program.command('cache').description('inspect or clear the response cache');
  cache
    .command('stats')
    .description('entries, size and hits of the response cache, and the totals of the call log')
    .action(() => showStats(context));
  cache
    .command('clear')
    .description('remove cached answers: all of them, one model or provider, or the old ones')
    .option('-m, --model <ref>', 'only this provider:model (or every model of a provider)')
    .option('--older-than <duration>', "only entries older than this, such as '12h' or '7d'")
    .action((options: ClearOptions) => clearCache(context, options));
};

function withStore<T>(project: Project, use: (cache: CacheStore, log: CallLog) => T): T {
  const db = openDatabase(project.storePath);
  try {
    return use(new CacheStore(db), new CallLog(db));
  } finally {
    db.close();
  }
}

function showStats(context: CliContext): void {
  const project = contextProject(context);
  const { stats, calls } = withStore(project, (cache, log) => ({
    stats: cache.stats(),
    calls: log.summary(),
  }));
  emit(context, { ...stats, calls }, () =>
    [
      `${stats.entries} cached answers, ${formatBytes(stats.bytes)}, ${stats.hits} hits`,
      ...stats.models.map(
        (model) => `  ${model.modelId}: ${model.entries} answers, ${formatBytes(model.bytes)}`,
      ),
      `calls logged: ${calls.calls} (${calls.cached} from the cache, ${calls.errors} failed), ` +
        `${calls.inputTokens} tokens in, ${calls.outputTokens} out, $${calls.costUsd.toFixed(4)} spent`,
    ].join('\n'),
  );
}

function clearCache(context: CliContext, options: ClearOptions): void {
  const project = contextProject(context);
  const before =
    options.olderThan === undefined
      ? undefined
      : Date.now() - parseDuration(options.olderThan, '--older-than');
  const filter = { ...modelFilter(options.model), before };
  const removed = withStore(project, (cache) => cache.clear(filter));
  emit(context, { removed, model: options.model ?? null, olderThan: options.olderThan ?? null }, () => {
    const scope = [
      options.model ? `of ${options.model}` : '',
      options.olderThan ? `older than ${options.olderThan}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    return `removed ${removed} cached answer${removed === 1 ? '' : 's'}${scope ? ` ${scope}` : ''}`;
  });
}

/** `provider:model` clears one model; a bare provider name clears all its models. */
function modelFilter(model: string | undefined): { modelId?: string; provider?: string } {
  if (model === undefined) return {};
  const trimmed = model.trim();
  if (trimmed === '' || trimmed.startsWith(':') || trimmed.endsWith(':')) {
    throw new PlumeError({
      code: 'USAGE',
      message: `--model '${model}' names no model`,
      hint: 'give provider:model, or a provider name to clear all of its models',
    });
  }
  return trimmed.includes(':') ? { modelId: trimmed } : { provider: trimmed };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
