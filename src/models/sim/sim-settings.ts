import { z } from 'zod';
import type { TechniqueId } from '../../library/techniques/technique.ts';
import { closestKey } from '../../spec/closest-key.ts';
import { PlumeError } from '../../util/errors.ts';
import { foldText } from './sim-text.ts';

/** Techniques with a settable effect; few-shot is counted by `demonstrations` instead. */
export type SimTechnique = Exclude<TechniqueId, 'few-shot'>;

/** Default logit shift of each technique found in a prompt (see docs/simulator.md). */
export const DEFAULT_EFFECTS: Readonly<Record<SimTechnique, number>> = {
  role: 0.2,
  'task-statement': 0.4,
  'output-format': 0.3,
  delimiters: 0.1,
  'chain-of-thought': 0.3,
  'step-decomposition': 0.2,
  'self-check': 0.1,
  constraints: 0.1,
  'audience-tone': 0,
};

/** Variables read for the gold answer, in order, when `goldVar` is not set. */
export const DEFAULT_GOLD_VARS: readonly string[] = ['expected', 'answer', 'label', 'gold'];

/** Where in a request a technique or phrase must be to count (see docs/simulator.md). */
export const SIM_PLACEMENTS = ['anywhere', 'before-input', 'after-input', 'system'] as const;
export type SimPlacement = (typeof SIM_PLACEMENTS)[number];

/** A wording the sim rewards (or punishes): `effect` is added when `text` is in the prompt, in `where`. */
export interface SimPhrase {
  text: string;
  effect: number;
  where: SimPlacement;
}

/** A treatment of tests whose variable `var` equals one of `values`: `effect` is added to the logit. */
export interface SimAttribute {
  var: string;
  values: readonly (string | number | boolean)[];
  effect: number;
}

/** The sim's settings with every default applied. */
export interface SimSettings {
  seed: number;
  /** Accuracy of a bare prompt on a test of average difficulty, in (0, 1). */
  base: number;
  effects: Readonly<Record<SimTechnique, number>>;
  /** Techniques whose effect counts only when they are in this part of the request. */
  placement: Readonly<Partial<Record<SimTechnique, SimPlacement>>>;
  /** Wordings with an effect of their own, on top of the techniques they may trigger. */
  phrases: readonly SimPhrase[];
  demonstrations: { perCorrect: number; perWrong: number; max: number };
  length: { words: number; perHundredWords: number };
  /** Standard deviation of the per-test logit random effect. */
  difficulty: number;
  attributes: readonly SimAttribute[];
  inputVar: string;
  /** Undefined: the first of DEFAULT_GOLD_VARS that is set. */
  goldVar: string | undefined;
  /** classify: the label set wrong answers are drawn from; undefined: see docs/simulator.md. */
  labels: readonly string[] | undefined;
  /** Folded input → gold answers known from the start, for judging demonstrations. */
  golds: ReadonlyMap<string, unknown>;
  /** Milliseconds each call takes before it answers (a provider's own time, for latency and queue-wait tests). */
  latencyMs: number;
}

const effectShape = Object.fromEntries(
  Object.keys(DEFAULT_EFFECTS).map((id) => [id, z.number().optional()]),
) as Record<SimTechnique, z.ZodOptional<z.ZodNumber>>;

const placementShape = Object.fromEntries(
  Object.keys(DEFAULT_EFFECTS).map((id) => [id, z.enum(SIM_PLACEMENTS).optional()]),
) as Record<SimTechnique, z.ZodOptional<z.ZodEnum<{ [K in SimPlacement]: K }>>>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const name = z.string().min(1);

/** What a suite may write under a model's `config.sim`; every key optional, unknown keys refused. */
export const simSettingsSchema = z.strictObject({
  seed: z.number().int().optional(),
  base: z.number().gt(0).lt(1).optional(),
  effects: z.strictObject(effectShape).optional(),
  placement: z.strictObject(placementShape).optional(),
  phrases: z
    .array(
      z.strictObject({
        text: z.string().refine((text) => text.trim() !== '', 'a phrase needs some text'),
        effect: z.number(),
        where: z.enum(SIM_PLACEMENTS).optional(),
      }),
    )
    .optional(),
  demonstrations: z
    .strictObject({
      perCorrect: z.number().optional(),
      perWrong: z.number().optional(),
      max: z.number().int().nonnegative().optional(),
    })
    .optional(),
  length: z
    .strictObject({
      words: z.number().int().nonnegative().optional(),
      perHundredWords: z.number().optional(),
    })
    .optional(),
  difficulty: z.number().nonnegative().optional(),
  attributes: z
    .array(z.strictObject({ var: name, values: z.array(scalar).min(1), effect: z.number() }))
    .optional(),
  inputVar: name.optional(),
  goldVar: name.optional(),
  labels: z.array(name).min(1).optional(),
  golds: z.record(z.string(), z.unknown()).optional(),
  latencyMs: z.number().nonnegative().max(600_000).optional(),
});

/** The settings as written in a suite, before defaults. */
export type SimSettingsInput = z.input<typeof simSettingsSchema>;

const parsed = new WeakMap<object, SimSettings>();

/**
 * Validate `config.sim` and apply the defaults. A user error (CONFIG_INVALID) names the setting
 * as `sim.<path>`, with the closest known key for a typo. Results are remembered per object.
 */
export function parseSimSettings(input: unknown): SimSettings {
  if (input === undefined || input === null) return withDefaults({});
  if (typeof input === 'object') {
    const known = parsed.get(input);
    if (known !== undefined) return known;
  }
  const result = simSettingsSchema.safeParse(input);
  if (!result.success) {
    // A misspelt key also leaves the key it meant missing: report the typo, which is the cause.
    const { issues } = result.error;
    throw settingsError(issues.find((issue) => issue.code === 'unrecognized_keys') ?? issues[0]!);
  }
  const settings = withDefaults(result.data);
  if (typeof input === 'object') parsed.set(input, settings);
  return settings;
}

function withDefaults(input: z.output<typeof simSettingsSchema>): SimSettings {
  return {
    seed: input.seed ?? 0,
    base: input.base ?? 0.5,
    effects: { ...DEFAULT_EFFECTS, ...definedOnly(input.effects ?? {}) },
    placement: Object.fromEntries(
      Object.entries(input.placement ?? {}).filter(([, where]) => where !== undefined),
    ) as Partial<Record<SimTechnique, SimPlacement>>,
    phrases: (input.phrases ?? []).map((phrase) => ({ ...phrase, where: phrase.where ?? 'anywhere' })),
    demonstrations: {
      perCorrect: input.demonstrations?.perCorrect ?? 0.25,
      perWrong: input.demonstrations?.perWrong ?? -0.5,
      max: input.demonstrations?.max ?? 8,
    },
    length: {
      words: input.length?.words ?? 300,
      perHundredWords: input.length?.perHundredWords ?? -0.2,
    },
    difficulty: input.difficulty ?? 1,
    attributes: input.attributes ?? [],
    inputVar: input.inputVar ?? 'input',
    goldVar: input.goldVar,
    labels: input.labels,
    golds: new Map(Object.entries(input.golds ?? {}).map(([key, gold]) => [foldText(key), gold])),
    latencyMs: input.latencyMs ?? 0,
  };
}

function definedOnly(record: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
  return out;
}

const HINT = 'see docs/simulator.md for the settings of the sim test instrument';

function settingsError(issue: z.core.$ZodIssue): PlumeError {
  const path = issue.path.map(String);
  const at = ['sim', ...path].join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const known = knownKeysAt(path);
    const close = closestKey(key, known);
    const few = key === 'few-shot' && path.join('.') === 'effects';
    return new PlumeError({
      code: 'CONFIG_INVALID',
      message: `${at}.${key} is not a setting of the sim${close ? ` (did you mean '${[at, close].join('.')}'?)` : ''}`,
      hint: few
        ? 'demonstrations are counted by sim.demonstrations (perCorrect, perWrong, max), not by an effect'
        : `known here: ${known.join(', ')}; ${HINT}`,
    });
  }
  return new PlumeError({ code: 'CONFIG_INVALID', message: `${at}: ${issue.message}`, hint: HINT });
}

/** The keys the settings object at `path` may hold (array indexes skipped). */
function knownKeysAt(path: readonly string[]): string[] {
  let schema: z.ZodType = simSettingsSchema;
  for (const segment of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodType>)[segment]!;
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
}
