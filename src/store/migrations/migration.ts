/** One schema change; `id` is never reused, migrations run in list order. */
export interface Migration {
  id: string;
  sql: string;
  /**
   * The data it rewrites, if any: when `table` holds rows, `what` is said before it runs (see
   * onStoreUpgrade), as it can take seconds on a large store.
   */
  rewrites?: { table: string; what: string };
  /** SQL functions its `sql` calls, defined on the connection before it runs. */
  functions?: Readonly<Record<string, (...args: never[]) => unknown>>;
}
