import type { SqliteDatabase } from './database.ts';

// Over a check object `t.value` of json_tree(assertions), in either stored form (see StoredCheck).
const METRIC = "coalesce(json_extract(t.value, '$.m'), json_extract(t.value, '$.metric'))";
const SCORE = `coalesce(json_extract(t.value, '$.s'), json_extract(t.value, '$.score'),
  json_extract(t.value, '$.p'), json_extract(t.value, '$.pass'))`;
const WEIGHT = "coalesce(json_extract(t.value, '$.w'), json_extract(t.value, '$.weight'), 1)";
const UNDECIDED = "coalesce(json_extract(t.value, '$.e'), json_extract(t.value, '$.error'), 0)";

/** One cell's score under one metric name. */
export type CellMetricScore = [column: number, testIndex: number, metric: string, score: number];

/**
 * The named metrics of a run's cells, read in the store: each cell's weighted mean score per metric
 * name over its checks at any depth (a weight of 0 counts as 1, as a cell's `metrics` does), the
 * undecided checks left out. Cells whose checks name no metric are skipped by a text match before
 * their checks are parsed, so a run without metrics pays one scan of its rows.
 */
export class RunMetricScores {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  /** Each cell's metric scores; a cell's column is `promptIndex * models + modelIndex`. */
  *iterate(runId: string, models: number): Generator<CellMetricScore> {
    const rows = this.#db
      .prepare(
        `SELECT place, test_index, metric, sum(score * weight) / sum(weight) FROM (
           SELECT c.prompt_index * ? + c.model_index AS place, c.test_index, c.cell_key, ${METRIC} AS metric,
             ${SCORE} AS score, CASE WHEN ${WEIGHT} > 0 THEN ${WEIGHT} ELSE 1 END AS weight
           FROM run_cells AS c, json_tree(c.assertions) AS t
           WHERE c.run_id = ? AND c.model_index < ?
             AND (c.assertions LIKE '%"m":%' OR c.assertions LIKE '%"metric":%')
             AND t.type = 'object' AND ${METRIC} IS NOT NULL AND ${UNDECIDED} = 0
         ) GROUP BY cell_key, metric`,
      )
      .raw()
      .iterate(models, runId, models) as Iterable<CellMetricScore>;
    yield* rows;
  }
}
