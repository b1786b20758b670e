import { z } from 'zod';

/** Every kind of check plume can run on an output; names follow promptfoo's where it has one. */
export const ASSERTION_TYPES = [
  'equals',
  'contains',
  'icontains',
  'contains-any',
  'contains-all',
  'icontains-any',
  'icontains-all',
  'starts-with',
  'regex',
  'is-json',
  'contains-json',
  'json-schema',
  'javascript',
  'levenshtein',
  'rouge-n',
  'bleu',
  'character-count',
  'word-count',
  'token-count',
  'latency',
  'cost',
  'is-refusal',
  'language',
  'readability',
  'similar',
  'llm-rubric',
  'factuality',
  'g-eval',
  'select-best',
  // Model-graded and provider-based checks of promptfoo.
  'model-graded-closedqa',
  'model-graded-factuality',
  'answer-relevance',
  'context-faithfulness',
  'context-recall',
  'context-relevance',
  'conversation-relevance',
  'classifier',
  'moderation',
  'perplexity',
  'perplexity-score',
  'similar:cosine',
  'similar:dot',
  'similar:euclidean',
  // Model-free checks from promptfoo: markup, SQL, tool calls, finish reason, metrics, code, people.
  'is-xml',
  'contains-xml',
  'is-html',
  'contains-html',
  'is-sql',
  'contains-sql',
  'is-valid-function-call',
  'is-valid-openai-function-call',
  'is-valid-openai-tools-call',
  'tool-call-f1',
  'finish-reason',
  'gleu',
  'meteor',
  'max-score',
  'human',
  'webhook',
  'python',
] as const;

/** A base assertion type, without the `not-` prefix. */
export type AssertionType = (typeof ASSERTION_TYPES)[number];
/** A type as users write it: a base type, or `not-` and a base type to negate it. */
export type AssertionTypeName = AssertionType | `not-${AssertionType}`;

const TYPE_NAMES = [
  ...ASSERTION_TYPES,
  ...ASSERTION_TYPES.map((type) => `not-${type}` as const),
] as unknown as [AssertionTypeName, ...AssertionTypeName[]];

/** `type` of an assertion: a base type or its `not-` negation. */
export const assertionTypeNameSchema = z.enum(TYPE_NAMES);

const weightSchema = z
  .number()
  .nonnegative()
  .finite()
  .describe('Share of this check in the weighted mean score (default 1; 0 = recorded, not counted)');
const metricSchema = z
  .string()
  .min(1)
  .describe(
    "Named metric this check reports its score under; {{var}} placeholders are filled from the test's variables",
  );

/**
 * A check's grader (or embedding model) written as promptfoo writes a provider: its id and a
 * config, of which plume reads the endpoint and key (`apiBaseUrl`, `apiKey`, `apiKeyEnvar`, `headers`).
 */
export const checkProviderObjectSchema = z
  .object({
    id: z.string().min(1),
    label: z.string().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type CheckProviderObject = z.infer<typeof checkProviderObjectSchema>;

/** One check on an output, as written in a suite (`assert:` of a test or of `defaultTest`). */
export const assertionSchema = z
  .object({
    type: assertionTypeNameSchema,
    value: z.unknown().optional().describe('What to compare with; its shape depends on the type'),
    threshold: z.number().finite().optional().describe('Pass mark; its meaning depends on the type'),
    weight: weightSchema.optional(),
    metric: metricSchema.optional(),
    provider: z
      .union([z.string().min(1), checkProviderObjectSchema])
      .optional()
      .describe(
        '`provider:model` of the judge or embedding model, or `{ id, config }` with its own endpoint',
      ),
    rubricPrompt: z.string().min(1).optional().describe('Replaces the judge prompt of model-graded checks'),
    transform: z.string().min(1).optional().describe('JavaScript expression applied to `output` first'),
    contextTransform: z
      .string()
      .min(1)
      .optional()
      .describe(
        'JavaScript expression giving the retrieved context of context-* checks (instead of the `context` var)',
      ),
    config: z.record(z.string(), z.unknown()).optional().describe('Extra options of this type'),
  })
  .strict();
/** A check as a suite writes it. */
export type WrittenAssertion = z.infer<typeof assertionSchema>;
/**
 * A check as its type's handler reads it: its grader by reference alone (a written
 * `{ id, config }` is read into that reference and an endpoint the run reaches it through).
 */
export type Assertion = Omit<WrittenAssertion, 'provider'> & { provider?: string };

/** A group of checks that passes when all pass, or when their weighted score reaches `threshold`. */
export const assertionSetSchema = z
  .object({
    type: z.literal('assert-set'),
    assert: z.array(assertionSchema).min(1),
    threshold: z.number().min(0).max(1).optional(),
    weight: weightSchema.optional(),
    metric: metricSchema.optional(),
  })
  .strict();
export type AssertionSet = z.infer<typeof assertionSetSchema>;

/** An entry of an `assert:` list: one check or a group. */
export const assertionEntrySchema = z.discriminatedUnion('type', [assertionSetSchema, assertionSchema]);
export type AssertionEntry = z.infer<typeof assertionEntrySchema>;

/** The verdict of one check (or group) on one cell, as stored with the cell. */
export interface AssertionResult {
  type: AssertionTypeName | 'assert-set';
  pass: boolean;
  /** 0..1, after negation. */
  score: number;
  reason: string;
  weight: number;
  metric?: string;
  /** The check could not decide (bad judge answer, no model, code not allowed); never a pass. */
  error?: true;
  /** Results of a group's checks. */
  children?: AssertionResult[];
}

/** The verdict of all checks of a test on one cell. */
export interface AssertionsResult {
  /** false when undecided too: read `undecided` first. */
  pass: boolean;
  /** The checks could not decide (checksVerdict): the verdict is neither pass nor fail. */
  undecided?: true;
  /** Weighted mean of the decided counted checks' scores, 0..1 (0 when none decided). */
  score: number;
  reason: string;
  /** Weighted mean score per named metric. */
  metrics: Record<string, number>;
  results: AssertionResult[];
}
