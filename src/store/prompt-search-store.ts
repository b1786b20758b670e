import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './database.ts';

/** What is indexed of one prompt for full-text search. */
export interface SearchDocument {
  name: string;
  description: string;
  body: string;
  tags: readonly string[];
}

/** One search hit, best first; `score` grows with relevance. */
export interface SearchHit {
  name: string;
  score: number;
  snippet: string;
}

/** What was last seen of a prompt file, to skip reading it again when unchanged. */
export interface FileRecord {
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
  hash: string;
}

interface FileRow {
  path: string;
  name: string;
  size: number;
  mtime_ms: number;
  hash: string;
}

function toFileRecord(row: FileRow): FileRecord {
  return { path: row.path, name: row.name, size: row.size, mtimeMs: row.mtime_ms, hash: row.hash };
}

/** Column weights for bm25: a match in a name counts most, then tags and descriptions, then bodies. */
const WEIGHTS = '10.0, 5.0, 1.0, 5.0';

/** The FTS5 index of prompts and the cache of prompt file stats, in SQLite. */
export class PromptSearchStore {
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(db: SqliteDatabase) {
    this.statements = prepareStatements(db);
  }

  /** Replace the indexed text of prompt row `id`. */
  index(id: number, document: SearchDocument): void {
    this.statements.remove.run(id);
    this.statements.insert.run(
      id,
      document.name,
      document.description,
      document.body,
      document.tags.join(' '),
    );
  }

  setTags(id: number, tags: readonly string[]): void {
    this.statements.setTags.run(tags.join(' '), id);
  }

  remove(id: number): void {
    this.statements.remove.run(id);
  }

  /** Ranked hits for the words of `query`; each word matches as a prefix, all must match. */
  search(query: string, limit: number): SearchHit[] {
    const match = toMatchExpression(query);
    if (!match) return [];
    const rows = this.statements.search.all(match, limit) as {
      name: string;
      rank: number;
      snippet: string;
    }[];
    return rows.map((row) => ({
      name: row.name,
      score: -row.rank,
      snippet: row.snippet,
    }));
  }

  file(path: string): FileRecord | undefined {
    const row = this.statements.file.get(path) as FileRow | undefined;
    return row ? toFileRecord(row) : undefined;
  }

  files(): Map<string, FileRecord> {
    const rows = this.statements.files.all() as FileRow[];
    return new Map(rows.map((row) => [row.path, toFileRecord(row)]));
  }

  saveFile(file: FileRecord): void {
    this.statements.saveFile.run(file.path, file.name, file.size, file.mtimeMs, file.hash);
  }

  forgetFile(path: string): void {
    this.statements.forgetFile.run(path);
  }
}

/**
 * Quote every word so user input never reaches FTS5's query syntax (a stray `"` or `-` would be
 * a syntax error), and make each a prefix query so `summar` finds `summarize`.
 */
export function toMatchExpression(query: string): string | undefined {
  const words = query.match(/[\p{L}\p{N}_]+/gu);
  if (!words) return undefined;
  return words.map((word) => `"${word}"*`).join(' ');
}

function prepareStatements(db: SqliteDatabase) {
  const prepare = (sql: string): Statement => db.prepare(sql);
  return {
    insert: prepare(
      'INSERT INTO prompt_search (rowid, name, description, body, tags) VALUES (?, ?, ?, ?, ?)',
    ),
    remove: prepare('DELETE FROM prompt_search WHERE rowid = ?'),
    setTags: prepare('UPDATE prompt_search SET tags = ? WHERE rowid = ?'),
    search: prepare(
      `SELECT name, bm25(prompt_search, ${WEIGHTS}) AS rank,
              snippet(prompt_search, -1, '[', ']', '…', 12) AS snippet
       FROM prompt_search WHERE prompt_search MATCH ? ORDER BY rank LIMIT ?`,
    ),
    file: prepare('SELECT path, name, size, mtime_ms, hash FROM prompt_files WHERE path = ?'),
    files: prepare('SELECT path, name, size, mtime_ms, hash FROM prompt_files'),
    saveFile: prepare(
      `INSERT INTO prompt_files (path, name, size, mtime_ms, hash) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (path) DO UPDATE SET name = excluded.name, size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash`,
    ),
    forgetFile: prepare('DELETE FROM prompt_files WHERE path = ?'),
  };
}
