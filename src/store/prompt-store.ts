import type { Statement } from 'better-sqlite3';
import type { PromptVersion } from '../spec/prompt.ts';
import { safeJsonParse } from '../util/safe-json.ts';
import type { SqliteDatabase } from './database.ts';

/** A stored version and whether it was recorded automatically (on use) rather than saved. */
export interface StoredVersion extends PromptVersion {
  automatic: boolean;
}

/** What the library knows of one prompt name. */
export interface PromptRow {
  id: number;
  name: string;
  currentHash: string | undefined;
  description: string | undefined;
  /** Tags written in the prompt's front matter. */
  tags: string[];
  hasFile: boolean;
  versionCount: number;
}

interface VersionRow {
  name: string;
  hash: string;
  parent_hash: string | null;
  content: string;
  author: string;
  message: string;
  automatic: number;
  metadata: string | null;
  created_at: string;
}

const VERSION_COLUMNS = 'name, hash, parent_hash, content, author, message, automatic, metadata, created_at';

/** Versions and prompt rows in SQLite; statements are prepared once per store. */
export class PromptStore {
  readonly db: SqliteDatabase;
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(db: SqliteDatabase) {
    this.db = db;
    this.statements = prepareStatements(db);
  }

  /** Record a version; returns false when this name already has this content. */
  insertVersion(version: PromptVersion, automatic: boolean): boolean {
    const result = this.statements.insert.run({
      name: version.name,
      hash: version.hash,
      parent_hash: version.parentHash ?? null,
      content: version.content,
      author: version.author,
      message: version.message,
      automatic: automatic ? 1 : 0,
      metadata: version.metadata === undefined ? null : JSON.stringify(version.metadata),
      created_at: version.createdAt,
    });
    return result.changes > 0;
  }

  getVersion(name: string, hash: string): StoredVersion | undefined {
    return toVersion(this.statements.get.get(name, hash) as VersionRow | undefined);
  }

  /** Versions of `name` whose hash starts with `prefix` (at most two: enough to tell ambiguity). */
  findByPrefix(name: string, prefix: string): StoredVersion[] {
    const low = prefix.toLowerCase();
    const rows = this.statements.prefix.all(name, low, `${low}g`) as VersionRow[];
    return rows.map((row) => toVersion(row)!);
  }

  newestVersion(name: string): StoredVersion | undefined {
    return toVersion(this.statements.newest.get(name) as VersionRow | undefined);
  }

  /** Versions of a prompt, newest first. */
  history(name: string): StoredVersion[] {
    return (this.statements.history.all(name) as VersionRow[]).map((row) => toVersion(row)!);
  }

  /** The first version recorded with this hash, under any name. */
  versionByHash(hash: string): StoredVersion | undefined {
    return toVersion(this.statements.byHash.get(hash) as VersionRow | undefined);
  }

  /** Versions whose parent is `hash`, oldest first. */
  children(hash: string): StoredVersion[] {
    return (this.statements.children.all(hash) as VersionRow[]).map((row) => toVersion(row)!);
  }

  /** Turn an automatic record into a saved version: only its author and message change. */
  annotate(name: string, hash: string, author: string, message: string): void {
    this.statements.annotate.run(author, message, name, hash);
  }

  /** Create or update a prompt row; returns its id. */
  upsertPrompt(prompt: Omit<PromptRow, 'id' | 'versionCount'>): number {
    const row = this.statements.upsertPrompt.get({
      name: prompt.name,
      current_hash: prompt.currentHash ?? null,
      description: prompt.description ?? null,
      tags: JSON.stringify(prompt.tags),
      has_file: prompt.hasFile ? 1 : 0,
    }) as { id: number };
    return row.id;
  }

  deletePrompt(name: string): void {
    this.statements.deletePrompt.run(name);
  }

  getPrompt(name: string): PromptRow | undefined {
    return toPrompt(this.statements.getPrompt.get(name) as PromptDbRow | undefined);
  }

  listPrompts(): PromptRow[] {
    return (this.statements.listPrompts.all() as PromptDbRow[]).map((row) => toPrompt(row)!);
  }

  /** Run `work` in one transaction (one fsync for many rows). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}

function prepareStatements(db: SqliteDatabase) {
  const prepare = (sql: string): Statement => db.prepare(sql);
  return {
    insert: prepare(
      `INSERT OR IGNORE INTO prompt_versions (${VERSION_COLUMNS}) VALUES (@name, @hash, @parent_hash, @content, @author, @message, @automatic, @metadata, @created_at)`,
    ),
    get: prepare(`SELECT ${VERSION_COLUMNS} FROM prompt_versions WHERE name = ? AND hash = ?`),
    prefix: prepare(
      `SELECT ${VERSION_COLUMNS} FROM prompt_versions WHERE name = ? AND hash >= ? AND hash < ? ORDER BY id LIMIT 2`,
    ),
    newest: prepare(`SELECT ${VERSION_COLUMNS} FROM prompt_versions WHERE name = ? ORDER BY id DESC LIMIT 1`),
    history: prepare(`SELECT ${VERSION_COLUMNS} FROM prompt_versions WHERE name = ? ORDER BY id DESC`),
    byHash: prepare(`SELECT ${VERSION_COLUMNS} FROM prompt_versions WHERE hash = ? ORDER BY id LIMIT 1`),
    children: prepare(`SELECT ${VERSION_COLUMNS} FROM prompt_versions WHERE parent_hash = ? ORDER BY id`),
    annotate: prepare(
      'UPDATE prompt_versions SET author = ?, message = ?, automatic = 0 WHERE name = ? AND hash = ?',
    ),
    upsertPrompt: prepare(
      `INSERT INTO prompts (name, current_hash, description, tags, has_file)
       VALUES (@name, @current_hash, @description, @tags, @has_file)
       ON CONFLICT (name) DO UPDATE SET current_hash = excluded.current_hash, description = excluded.description,
         tags = excluded.tags, has_file = excluded.has_file
       RETURNING id`,
    ),
    deletePrompt: prepare('DELETE FROM prompts WHERE name = ?'),
    getPrompt: prepare(
      `SELECT p.*, (SELECT count(*) FROM prompt_versions v WHERE v.name = p.name) AS version_count
       FROM prompts p WHERE p.name = ?`,
    ),
    listPrompts: prepare(
      `SELECT p.*, count(v.id) AS version_count FROM prompts p
       LEFT JOIN prompt_versions v ON v.name = p.name GROUP BY p.id ORDER BY p.name`,
    ),
  };
}

interface PromptDbRow {
  id: number;
  name: string;
  current_hash: string | null;
  description: string | null;
  tags: string;
  has_file: number;
  version_count: number;
}

function toPrompt(row: PromptDbRow | undefined): PromptRow | undefined {
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    currentHash: row.current_hash ?? undefined,
    description: row.description ?? undefined,
    tags: parseTags(row.tags),
    hasFile: row.has_file === 1,
    versionCount: row.version_count,
  };
}

function toVersion(row: VersionRow | undefined): StoredVersion | undefined {
  if (!row) return undefined;
  const version: StoredVersion = {
    hash: row.hash,
    name: row.name,
    parentHash: row.parent_hash ?? undefined,
    content: row.content,
    author: row.author,
    message: row.message,
    createdAt: row.created_at,
    automatic: row.automatic === 1,
  };
  if (row.metadata !== null) {
    const parsed = safeJsonParse<Record<string, unknown>>(row.metadata);
    if (parsed.ok) version.metadata = parsed.value;
  }
  return version;
}

function parseTags(json: string): string[] {
  const parsed = safeJsonParse<unknown>(json);
  return parsed.ok && Array.isArray(parsed.value) ? parsed.value.map(String) : [];
}
