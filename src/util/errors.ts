/** Every error plume raises on purpose: a code from ERROR_CODES, a category that picks the exit code. */
export const ERROR_CODES = {
  USAGE: 'user',
  CONFIG_INVALID: 'user',
  CONFIG_NOT_FOUND: 'user',
  PROMPT_INVALID: 'user',
  PROMPT_NOT_FOUND: 'user',
  VERSION_NOT_FOUND: 'user',
  LABEL_NOT_FOUND: 'user',
  IMPORT_INVALID: 'user',
  SUITE_INVALID: 'user',
  SUITE_NOT_FOUND: 'user',
  VARIABLE_MISSING: 'user',
  /** A variable's value does not match the prompt's input schema. */
  VARIABLE_INVALID: 'user',
  OPTIMIZATION_NOT_FOUND: 'user',
  /** A run is being run by another process that is still alive (a resume of it, or its first run). */
  RUN_IN_USE: 'user',
  /** Another process took over the run this one was running (its lease had gone stale): this one stopped. */
  RUN_TAKEN_OVER: 'superseded',
  /** An optimization is being run by another process that is still alive. */
  OPTIMIZATION_IN_USE: 'user',
  /** Another process took over the optimization this one was running: this one stopped. */
  OPTIMIZATION_TAKEN_OVER: 'superseded',
  /** The budget cannot pay for what was asked (the held-out test alone, or one racing round). */
  BUDGET_TOO_SMALL: 'user',
  MODEL_REF_INVALID: 'user',
  MODEL_UNAVAILABLE: 'user',
  /** The prompt does not fit in the model's context window. */
  PROMPT_TOO_LONG: 'user',
  /** A file named by a suite, test data or a prompt lies outside the folders the project may read. */
  READ_OUTSIDE_PROJECT: 'user',
  /** A file a command was asked to write cannot be written there (no such folder, no permission). */
  OUTPUT_UNWRITABLE: 'user',
  PROVIDER_AUTH: 'provider',
  PROVIDER_RATE_LIMITED: 'provider',
  PROVIDER_SERVER: 'provider',
  PROVIDER_TIMEOUT: 'provider',
  /** The provider cannot be reached at all: nothing listens, no such host. */
  PROVIDER_CONNECTION: 'provider',
  /** The connection broke during a call (a reset, a closed socket): a transient failure. */
  PROVIDER_DISCONNECTED: 'provider',
  PROVIDER_BAD_RESPONSE: 'provider',
  PROVIDER_REQUEST: 'provider',
  LOCAL_MODEL: 'provider',
  /** The store's file is not a whole SQLite database (cut short, overwritten): the user moves it aside. */
  STORE_DAMAGED: 'user',
  STORE: 'internal',
  INTERNAL: 'internal',
} as const satisfies Record<string, ErrorCategory>;

/**
 * Who must act: the user (bad input, a busy or damaged store), the provider, plume's developers
 * (a bug), or no one: `superseded` work was taken over by another plume process, which goes on with it.
 */
export type ErrorCategory = 'user' | 'provider' | 'internal' | 'superseded';
export type ErrorCode = keyof typeof ERROR_CODES;

/** Where in a user's file an error was found. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

export interface PlumeErrorOptions {
  code: ErrorCode;
  message: string;
  hint?: string;
  location?: SourceLocation;
  statusCode?: number;
  retryable?: boolean;
  /** Seconds the provider asked us to wait (Retry-After). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** The one error class: what went wrong, where, and how to fix it. Never carries prompts, outputs or keys. */
export class PlumeError extends Error {
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;
  readonly statusCode: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(options: PlumeErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PlumeError';
    this.code = options.code;
    this.category = ERROR_CODES[options.code];
    this.hint = options.hint;
    this.location = options.location;
    this.statusCode = options.statusCode;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** `file:line:column: message` then the hint, as shown to a person. */
  describe(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : '';
    const hint = this.hint ? `\n  hint: ${this.hint}` : '';
    return `${where}${this.message}${hint}`;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      category: this.category,
      message: this.message,
      hint: this.hint,
      location: this.location,
      statusCode: this.statusCode,
      retryable: this.retryable,
    };
  }
}

export function formatLocation(location: SourceLocation): string {
  if (location.line === undefined) return location.file;
  return location.column === undefined
    ? `${location.file}:${location.line}`
    : `${location.file}:${location.line}:${location.column}`;
}

export function isPlumeError(value: unknown): value is PlumeError {
  return value instanceof PlumeError;
}

/** Exit codes: 1 is left for "ran fine, checks failed" (eval --fail-under). */
export const EXIT_CODES: Record<ErrorCategory, number> = { user: 2, provider: 3, internal: 4, superseded: 5 };

/**
 * `error` placed at `location` when it is a user error that says nowhere: a reference found bad
 * where it is used (an unknown prompt or provider) is reported where it was written.
 */
export function locatedError(error: unknown, location: SourceLocation | undefined): unknown {
  if (location === undefined || !isPlumeError(error) || error.location !== undefined) return error;
  if (error.category !== 'user') return error;
  return new PlumeError({
    code: error.code,
    message: error.message,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    location,
    ...(error.statusCode === undefined ? {} : { statusCode: error.statusCode }),
    retryable: error.retryable,
    cause: error,
  });
}
