import { isEmbeddingRef } from '../../models/embedding/embedding-ref.ts';
import type {
  Assertion,
  AssertionResult,
  AssertionType,
  AssertionTypeName,
  WrittenAssertion,
} from '../../spec/assertion.ts';
import type { ConnectedRef } from '../../spec/model.ts';
import { configError } from './assertion-config.ts';
import type { AssertionContext, CompareContext } from './assertion-context.ts';
import {
  type AssertionOutcome,
  type CellHandler,
  type CompareHandler,
  type ModelNeed,
  undecided,
} from './assertion-handler.ts';
import { loadedAssertionHandler } from './assertion-registry.ts';
import { readCheckProvider } from './check-provider.ts';
import { metricName } from './metric-name.ts';
import { checkTemplates, hasPlaceholder, renderDeep } from './render-template.ts';
import {
  CODE_NOT_ALLOWED,
  compileUserCode,
  DATA_CODE_NOT_ALLOWED,
  type UserCode,
  userCodeContext,
} from './user-code.ts';

/** Fields every compiled check shares. */
interface CompiledBase {
  readonly type: AssertionTypeName;
  readonly weight: number;
  readonly metric: string | undefined;
  /** The model kinds it calls (none for most checks). */
  readonly needsModels: readonly ModelNeed[];
  readonly needsCode: boolean;
  /** Reads the answer's token log-probabilities (perplexity). */
  readonly needsLogProbs: boolean;
  /** Whether that code came with test data, and so runs only when the run allows data's code. */
  readonly dataCode: boolean;
  /** The `provider` the check names (its judge or embedding model); undefined when it names none. */
  readonly provider: string | undefined;
  /** The judge a model-graded check names; undefined when it names none (the run's grader). */
  readonly judgeProvider: string | undefined;
  /** The embedding model of a check that embeds: the one it names, else undefined (the default one). */
  readonly embeddingProvider: string | undefined;
}

/** A check of one cell, parsed once and run on any number of cells. */
export interface CompiledCheck extends CompiledBase {
  readonly kind: 'cell';
  /**
   * The check's result: at once when its handler answers at once (most checks read only the
   * answer), else a promise (a judge, an embedding, a transform).
   */
  run(context: AssertionContext): AssertionResult | Promise<AssertionResult>;
}

/** A check ranking the outputs of one test's cells; one result per output. */
export interface CompiledComparison extends CompiledBase {
  readonly kind: 'compare';
  /** `results`: per output, the results of the test's other checks on its cell. */
  run(
    outputs: readonly string[],
    context: CompareContext,
    results: readonly (readonly AssertionResult[])[],
  ): Promise<AssertionResult[]>;
}

// Values with {{var}} placeholders are parsed per distinct rendering; this bounds that cache.
const RENDERED_CACHE_SIZE = 256;

/**
 * Parse one assertion once: its type's handler reads the value (compiling regexes, schemas and
 * code now), and the returned checker applies `transform`, `not-` negation and weight per cell.
 * Throws a PlumeError (CONFIG_INVALID) when the assertion is wrong. The handler must have been
 * loaded (loadAssertionHandlers, or prepareAssertions for a list). `origin` 'data': the check was
 * written in test data, so its code (if any) runs only when the run allows data's code; so does
 * code with {{vars}} in it when `dataVars` (the test's vars were written in test data).
 */
export function compileAssertion(
  written: WrittenAssertion,
  origin?: 'data',
  dataVars = false,
): CompiledCheck | CompiledComparison {
  const grader = readCheckProvider(written.provider);
  const assertion: Assertion =
    grader.ref === written.provider ? (written as Assertion) : { ...written, provider: grader.ref };
  const connected = typeof grader.asked === 'object' ? grader.asked : undefined;
  const negated = assertion.type.startsWith('not-');
  const type = baseType(assertion.type);
  const handler = loadedAssertionHandler(type);
  if (handler === undefined) throw new Error(`the handler of "${type}" assertions is not loaded`);
  const transform =
    assertion.transform === undefined ? undefined : compileUserCode(assertion.transform, 'transform');
  const needsModels = handler.needsModel === undefined ? [] : [handler.needsModel].flat();
  const needsCode =
    transform !== undefined ||
    assertion.contextTransform !== undefined ||
    (handler.kind === 'cell' && handler.needsCode === true);
  const base: CompiledBase = {
    type: assertion.type,
    weight: assertion.weight ?? 1,
    metric: assertion.metric,
    needsModels,
    provider: assertion.provider,
    embeddingProvider: embeddingProviderOf(needsModels, assertion.provider),
    judgeProvider: judgeProviderOf(needsModels, assertion.provider),
    needsLogProbs: handler.kind === 'cell' && handler.needsLogProbs === true,
    needsCode,
    // Code with {{vars}} in it is filled in from the test's vars: data's, when they come from a tests file.
    dataCode:
      needsCode &&
      (origin === 'data' ||
        (dataVars &&
          handler.kind === 'cell' &&
          handler.needsCode === true &&
          hasPlaceholder(assertion.value))),
  };
  const metricFor = metricName(assertion.metric);
  const toResult = (outcome: AssertionOutcome, vars: Readonly<Record<string, unknown>>): AssertionResult => {
    const flipped = negated && !outcome.error && !outcome.broken;
    const metric = metricFor(vars);
    const score = Number.isFinite(outcome.score) ? Math.min(1, Math.max(0, outcome.score)) : 0;
    return {
      type: assertion.type,
      pass: flipped ? !outcome.pass : outcome.pass,
      score: flipped ? 1 - score : score,
      reason: outcome.reason,
      weight: base.weight,
      ...(metric !== undefined && { metric }),
      ...(outcome.error && { error: true as const }),
    };
  };

  if (handler.kind === 'compare') {
    if (negated) throw configError(`"${assertion.type}": a comparison cannot be negated`);
    if (transform) throw configError(`"${assertion.type}": transform is not supported on comparisons`);
    return compileComparison(handler, assertion, base, toResult, connected);
  }
  const outcome = cellOutcome(handler, configResolver(handler, assertion), transform);
  return {
    ...base,
    kind: 'cell',
    run: (context) => {
      // Refused before anything is filled in: the allowCode check alone would take data's code for the suite's.
      if (base.dataCode && context.allowCode && context.allowDataCode !== true)
        return toResult(undecided(DATA_CODE_NOT_ALLOWED), context.vars);
      const settled = outcome(connected === undefined ? context : throughEndpoint(context, connected));
      return isPromise(settled)
        ? settled.then((done) => toResult(done, context.vars))
        : toResult(settled, context.vars);
    },
  };
}

/**
 * One cell's outcome before negation: transform, the config for its vars, then the check; never
 * throws, and settles at once when the handler does (no promise per check per cell).
 */
function cellOutcome(
  handler: CellHandler,
  configFor: (vars: Readonly<Record<string, unknown>>) => unknown,
  transform: UserCode | undefined,
): (context: AssertionContext) => AssertionOutcome | Promise<AssertionOutcome> {
  const check = (cell: AssertionContext): AssertionOutcome | Promise<AssertionOutcome> => {
    let config: unknown;
    try {
      config = configFor(cell.vars);
    } catch (error) {
      return undecided(`the value, filled in from the test's vars, is invalid: ${messageOf(error)}`);
    }
    let outcome: AssertionOutcome | Promise<AssertionOutcome>;
    try {
      outcome = handler.check(config, cell);
    } catch (error) {
      return undecided(`the check failed: ${messageOf(error)}`);
    }
    return isPromise(outcome)
      ? outcome.catch((error: unknown) => undecided(`the check failed: ${messageOf(error)}`))
      : outcome;
  };
  if (!transform) return check;
  return async (context) => {
    const transformed = await applyTransform(transform, context);
    if (typeof transformed !== 'string') return transformed;
    return check({ ...context, output: transformed });
  };
}

/**
 * Which embedding model a check embeds with: the `provider` of a check that only embeds; for one
 * that also asks a judge, `provider` only when it names an embedding model (`openai:embedding:...`).
 */
function embeddingProviderOf(needs: readonly ModelNeed[], provider: string | undefined): string | undefined {
  if (!needs.includes('embedding') || provider === undefined) return undefined;
  return !needs.includes('judge') || isEmbeddingRef(provider) ? provider : undefined;
}

/** Which judge a check asks: its `provider`, unless that names the embedding model of a check that also embeds. */
function judgeProviderOf(needs: readonly ModelNeed[], provider: string | undefined): string | undefined {
  if (!needs.includes('judge') || provider === undefined) return undefined;
  return needs.includes('embedding') && isEmbeddingRef(provider) ? undefined : provider;
}

/** An assertion's type without `not-`. */
export function baseType(type: AssertionTypeName): AssertionType {
  return (type.startsWith('not-') ? type.slice(4) : type) as AssertionType;
}

/** Whether a handler's answer is still to come. */
export function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function compileComparison(
  handler: CompareHandler,
  assertion: Assertion,
  base: CompiledBase,
  toResult: (outcome: AssertionOutcome, vars: Readonly<Record<string, unknown>>) => AssertionResult,
  connected: ConnectedRef | undefined,
): CompiledComparison {
  const configFor = configResolver(handler, assertion);
  return {
    ...base,
    kind: 'compare',
    async run(outputs, context, results) {
      let outcomes: AssertionOutcome[];
      const asking = connected === undefined ? context : throughEndpoint(context, connected);
      try {
        outcomes = await handler.compare(configFor(context.vars), outputs, asking, results);
      } catch (error) {
        outcomes = outputs.map(() => undecided(`the comparison failed: ${messageOf(error)}`));
      }
      return outcomes.map((outcome) => toResult(outcome, context.vars));
    },
  };
}

/**
 * The context of a check that names its model with its own endpoint (`provider: { id, config }`):
 * its calls of that reference go to that endpoint.
 */
function throughEndpoint<C extends Pick<AssertionContext, 'judge' | 'embed' | 'moderate'>>(
  context: C,
  connected: ConnectedRef,
): C {
  const { judge, embed, moderate } = context;
  const asked = <T>(provider: T) => (provider === connected.ref ? connected : provider);
  return {
    ...context,
    judge: judge && ((request, provider) => judge(request, asked(provider))),
    embed: embed && ((texts, provider) => embed(texts, asked(provider))),
    moderate: moderate && ((text, provider) => moderate(text, asked(provider))),
  };
}

/** The handler's parsed config: parsed now, or per distinct rendering when the value uses {{vars}}. */
function configResolver(
  handler: CellHandler | CompareHandler,
  assertion: Assertion,
): (vars: Readonly<Record<string, unknown>>) => unknown {
  if (!hasPlaceholder(assertion.value)) {
    const config = handler.parse(assertion);
    return () => config;
  }
  checkTemplates(assertion.value);
  const rendered = new Map<string, unknown>();
  return (vars) => {
    const value = renderDeep(assertion.value, vars);
    const key = JSON.stringify(value);
    if (rendered.has(key)) return rendered.get(key);
    if (rendered.size >= RENDERED_CACHE_SIZE) rendered.clear();
    const config = handler.parse({ ...assertion, value });
    rendered.set(key, config);
    return config;
  };
}

/** The transformed output, or the outcome to record when it cannot be had. */
async function applyTransform(
  transform: UserCode,
  context: AssertionContext,
): Promise<string | AssertionOutcome> {
  if (!context.allowCode) return undecided(CODE_NOT_ALLOWED);
  const result = await transform.run(context.output, userCodeContext(context));
  if (!result.ok) return undecided(`the transform ${result.reason}`);
  return typeof result.value === 'string' ? result.value : (JSON.stringify(result.value) ?? '');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
