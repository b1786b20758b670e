/** An immutable version of a prompt: the normalized file content and where it came from. */
export interface PromptVersion {
  /** sha256 of the normalized content; the version's identity. */
  hash: string;
  name: string;
  /** Version this one was edited or optimized from. */
  parentHash: string | undefined;
  content: string;
  author: string;
  message: string;
  createdAt: string;
}

/** A named pointer at a version of a prompt (`production`, `staging`, ...). */
export interface Label {
  promptName: string;
  label: string;
  versionHash: string;
  updatedAt: string;
}

/** One move of a label, kept so a label can be rolled back. */
export interface LabelMove {
  promptName: string;
  label: string;
  fromHash: string | undefined;
  toHash: string;
  at: string;
}
