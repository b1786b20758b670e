import type { Migration } from './migration.ts';

/** Prompts, versions, labels, tags and full-text search. */
export const LIBRARY_MIGRATIONS: readonly Migration[] = [
  {
    id: 'library-001-versions-labels-tags-search',
    sql: `
      -- One row per prompt name; current_hash is the file's content (or the newest version when
      -- there is no file). Its id is the rowid of the prompt's row in prompt_search.
      CREATE TABLE prompts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        current_hash TEXT,
        description TEXT,
        -- Tags written in the front matter, as a JSON array (tags added by command are in prompt_tags).
        tags TEXT NOT NULL DEFAULT '[]',
        has_file INTEGER NOT NULL DEFAULT 0
      );

      -- Immutable versions. The same content may exist under two names, so (name, hash) is unique.
      CREATE TABLE prompt_versions (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        hash TEXT NOT NULL,
        parent_hash TEXT,
        content TEXT NOT NULL,
        author TEXT NOT NULL,
        message TEXT NOT NULL,
        automatic INTEGER NOT NULL DEFAULT 0,
        metadata TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (name, hash)
      );
      CREATE INDEX prompt_versions_hash ON prompt_versions (hash);
      CREATE INDEX prompt_versions_parent ON prompt_versions (parent_hash);

      CREATE TABLE prompt_labels (
        prompt_name TEXT NOT NULL,
        label TEXT NOT NULL,
        version_hash TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (prompt_name, label)
      ) WITHOUT ROWID;

      -- Every move of a label; a rollback points at the move it undid.
      CREATE TABLE prompt_label_moves (
        id INTEGER PRIMARY KEY,
        prompt_name TEXT NOT NULL,
        label TEXT NOT NULL,
        from_hash TEXT,
        to_hash TEXT NOT NULL,
        reverts INTEGER REFERENCES prompt_label_moves (id),
        at TEXT NOT NULL
      );
      CREATE INDEX prompt_label_moves_label ON prompt_label_moves (prompt_name, label, id);

      CREATE TABLE prompt_tags (
        prompt_name TEXT NOT NULL,
        tag TEXT NOT NULL,
        PRIMARY KEY (prompt_name, tag)
      ) WITHOUT ROWID;

      -- What was last seen of each prompt file, so unchanged files are not read again.
      CREATE TABLE prompt_files (
        path TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        hash TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE VIRTUAL TABLE prompt_search USING fts5 (
        name, description, body, tags,
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
    `,
  },
];
