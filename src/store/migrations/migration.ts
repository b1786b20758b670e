/** One schema change; `id` is never reused, migrations run in list order. */
export interface Migration {
  id: string;
  sql: string;
}
