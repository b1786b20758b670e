import type { Library } from '../library/library.ts';
import type { Project } from '../library/project.ts';
import type { ModelRegistry } from '../models/registry.ts';
import type { OptimizationStore } from '../store/optimization-store.ts';
import type { RatingStore } from '../store/rating-store.ts';
import type { RunQueries } from '../store/run-queries.ts';
import type { RunStore } from '../store/run-store.ts';
import type { SecretSet } from '../util/secret-set.ts';

/** What every route reads: the project's library, runs, ratings, queries, optimizations and models, opened once per server. */
export interface ServerContext {
  project: Project;
  library: Library;
  runs: RunStore;
  ratings: RatingStore;
  /** Read-only figures over a run's cells (spreads, check names, rated verdicts). */
  queries: RunQueries;
  optimizations: OptimizationStore;
  models: ModelRegistry;
  /** Values that must never leave the server: the providers' keys and header values (the registry's). */
  secrets: SecretSet;
}
