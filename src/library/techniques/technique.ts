/** The techniques of the catalogue, by id. */
export type TechniqueId =
  | 'role'
  | 'task-statement'
  | 'output-format'
  | 'delimiters'
  | 'few-shot'
  | 'chain-of-thought'
  | 'step-decomposition'
  | 'self-check'
  | 'constraints'
  | 'audience-tone';

/** A worked example: a prompt body before and after the technique. */
export interface TechniqueExample {
  before: string;
  after: string;
}

/** What `apply` may be told; each technique documents which fields it reads and its defaults. */
export interface TechniqueOptions {
  /** role: who the model is ("an experienced support agent"). */
  role?: string;
  /** task-statement: the task in one sentence. */
  task?: string;
  /** output-format: the format asked for ("JSON with keys label and reason", "one word"). */
  format?: string;
  /** few-shot: the demonstrations to include. */
  demonstrations?: readonly Demonstration[];
  /** constraints: limits to state ("at most 50 words"). */
  constraints?: readonly string[];
  /** audience-tone: who reads the answer and in what tone. */
  audience?: string;
  tone?: string;
  /** Which of the technique's phrasings to write, from 1 (the default); see Technique.phrasings. */
  phrasing?: number;
}

/**
 * One wording of a technique. A technique offers several, of different lengths and registers
 * ("Output format: …", "Answer with only …", "Respond in exactly this format: …"): models answer
 * them differently, so the optimizer tries each as a candidate of its own.
 */
export interface TechniquePhrasing {
  /** A few words telling the wordings apart, for people ("label", "imperative, strict"). */
  name: string;
  /** The text this wording adds, for the options given (each falls back to its default). */
  render(options: TechniqueOptions): string;
}

/** One input with the answer it should get. */
export interface Demonstration {
  input: string;
  output: string;
}

/**
 * A prompting technique as data plus a transformation: what it is, why it helps, an example, how
 * to tell whether a prompt body already uses it, and how to apply it to one.
 */
export interface Technique {
  id: TechniqueId;
  /** Short display name ("Role / persona"). */
  name: string;
  /** One line for `plume techniques list`. */
  summary: string;
  /** A paragraph for `plume techniques show`: what it does, when it helps, when it hurts. */
  explanation: string;
  example: TechniqueExample;
  /** The wordings it can add, the default first; `apply` writes the one `options.phrasing` names. */
  phrasings: readonly TechniquePhrasing[];
  /** True when the body already uses the technique (applying it again would change nothing). */
  detect(body: string): boolean;
  /**
   * The body with the technique applied, in the phrasing `options.phrasing` names, where a prompt
   * engineer would put it (see template-layout.ts). Template syntax ({{variables}}, {{role}}
   * blocks, front matter is never passed in) is preserved and no line of the body is lost.
   * Applying to a body where `detect` is true returns it unchanged.
   */
  apply(body: string, options?: TechniqueOptions): string;
}
