import type { Statement } from 'better-sqlite3';
import type { Label, LabelMove } from '../spec/prompt.ts';
import type { SqliteDatabase } from './database.ts';

/** A label move as stored: its id, and the id of the move it undid when it was a rollback. */
export interface StoredLabelMove extends LabelMove {
  id: number;
  reverts: number | undefined;
}

interface LabelRow {
  prompt_name: string;
  label: string;
  version_hash: string;
  updated_at: string;
}

interface MoveRow {
  id: number;
  prompt_name: string;
  label: string;
  from_hash: string | null;
  to_hash: string;
  reverts: number | null;
  at: string;
}

/** Labels, the log of their moves, and tags, in SQLite. */
export class PromptLabelStore {
  private readonly db: SqliteDatabase;
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(db: SqliteDatabase) {
    this.db = db;
    this.statements = prepareStatements(db);
  }

  getLabel(promptName: string, label: string): Label | undefined {
    return toLabel(this.statements.getLabel.get(promptName, label) as LabelRow | undefined);
  }

  labelsOf(promptName: string): Label[] {
    return (this.statements.labelsOf.all(promptName) as LabelRow[]).map((row) => toLabel(row)!);
  }

  /** Every label of every prompt. */
  allLabels(): Label[] {
    return (this.statements.allLabels.all() as LabelRow[]).map((row) => toLabel(row)!);
  }

  /** Point `label` at `toHash` and log the move, in one transaction. */
  moveLabel(promptName: string, label: string, toHash: string, reverts?: number): StoredLabelMove {
    return this.db.transaction(() => {
      const at = new Date().toISOString();
      const fromHash = this.getLabel(promptName, label)?.versionHash;
      this.statements.setLabel.run(promptName, label, toHash, at);
      const row = this.statements.logMove.get(
        promptName,
        label,
        fromHash ?? null,
        toHash,
        reverts ?? null,
        at,
      );
      return toMove(row as MoveRow);
    })();
  }

  /** Moves of one label (or of every label of the prompt), oldest first. */
  moves(promptName: string, label?: string): StoredLabelMove[] {
    const rows = label
      ? this.statements.movesOfLabel.all(promptName, label)
      : this.statements.movesOfPrompt.all(promptName);
    return (rows as MoveRow[]).map(toMove);
  }

  /**
   * The move a rollback would undo: the newest move not yet undone. Rollbacks pop moves off a
   * stack, so rolling back twice goes two steps back instead of flipping between two versions.
   */
  moveToUndo(promptName: string, label: string): StoredLabelMove | undefined {
    const stack: StoredLabelMove[] = [];
    for (const move of this.moves(promptName, label)) {
      if (move.reverts !== undefined) stack.pop();
      else stack.push(move);
    }
    return stack.at(-1);
  }

  tagsOf(promptName: string): string[] {
    return this.statements.tagsOf.pluck().all(promptName) as string[];
  }

  /** Every tag of every prompt, by prompt name. */
  allTags(): Map<string, string[]> {
    const tags = new Map<string, string[]>();
    for (const row of this.statements.allTags.all() as { prompt_name: string; tag: string }[]) {
      const list = tags.get(row.prompt_name) ?? [];
      list.push(row.tag);
      tags.set(row.prompt_name, list);
    }
    return tags;
  }

  addTags(promptName: string, tags: readonly string[]): void {
    this.db.transaction(() => {
      for (const tag of tags) this.statements.addTag.run(promptName, tag);
    })();
  }

  removeTags(promptName: string, tags: readonly string[]): void {
    this.db.transaction(() => {
      for (const tag of tags) this.statements.removeTag.run(promptName, tag);
    })();
  }
}

function prepareStatements(db: SqliteDatabase) {
  const prepare = (sql: string): Statement => db.prepare(sql);
  const moveColumns = 'id, prompt_name, label, from_hash, to_hash, reverts, at';
  return {
    getLabel: prepare('SELECT * FROM prompt_labels WHERE prompt_name = ? AND label = ?'),
    labelsOf: prepare('SELECT * FROM prompt_labels WHERE prompt_name = ? ORDER BY label'),
    allLabels: prepare('SELECT * FROM prompt_labels ORDER BY prompt_name, label'),
    setLabel: prepare(
      `INSERT INTO prompt_labels (prompt_name, label, version_hash, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (prompt_name, label) DO UPDATE SET version_hash = excluded.version_hash, updated_at = excluded.updated_at`,
    ),
    logMove: prepare(
      `INSERT INTO prompt_label_moves (prompt_name, label, from_hash, to_hash, reverts, at) VALUES (?, ?, ?, ?, ?, ?)
       RETURNING ${moveColumns}`,
    ),
    movesOfLabel: prepare(
      `SELECT ${moveColumns} FROM prompt_label_moves WHERE prompt_name = ? AND label = ? ORDER BY id`,
    ),
    movesOfPrompt: prepare(`SELECT ${moveColumns} FROM prompt_label_moves WHERE prompt_name = ? ORDER BY id`),
    tagsOf: prepare('SELECT tag FROM prompt_tags WHERE prompt_name = ? ORDER BY tag'),
    allTags: prepare('SELECT prompt_name, tag FROM prompt_tags ORDER BY prompt_name, tag'),
    addTag: prepare('INSERT OR IGNORE INTO prompt_tags (prompt_name, tag) VALUES (?, ?)'),
    removeTag: prepare('DELETE FROM prompt_tags WHERE prompt_name = ? AND tag = ?'),
  };
}

function toLabel(row: LabelRow | undefined): Label | undefined {
  if (!row) return undefined;
  return {
    promptName: row.prompt_name,
    label: row.label,
    versionHash: row.version_hash,
    updatedAt: row.updated_at,
  };
}

function toMove(row: MoveRow): StoredLabelMove {
  return {
    id: row.id,
    promptName: row.prompt_name,
    label: row.label,
    fromHash: row.from_hash ?? undefined,
    toHash: row.to_hash,
    at: row.at,
    rollback: row.reverts !== null,
    reverts: row.reverts ?? undefined,
  };
}
