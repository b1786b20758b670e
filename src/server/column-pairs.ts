import type { RunRecord } from '../spec/run.ts';
import type { ColumnPair } from '../store/matrix-filter.ts';

/**
 * The columns (prompt × model) of a run paired with another run's by prompt and model labels;
 * two runs of one column each are paired whatever their labels (a new prompt version or model).
 */
export function columnPairs(run: RunRecord, other: RunRecord): ColumnPair[] {
  const columns = (record: RunRecord) =>
    record.manifest.prompts.flatMap((prompt, promptIndex) =>
      record.manifest.models.map((model, modelIndex) => ({
        name: `${prompt.label}\n${model.label}`,
        promptIndex,
        modelIndex,
      })),
    );
  const mine = columns(run);
  const theirs = columns(other);
  if (mine.length === 1 && theirs.length === 1) {
    const [a, b] = [mine[0]!, theirs[0]!];
    return [{ ...pick(a), otherPromptIndex: b.promptIndex, otherModelIndex: b.modelIndex }];
  }
  return mine.flatMap((column) => {
    const match = theirs.find((candidate) => candidate.name === column.name);
    return match === undefined
      ? []
      : [{ ...pick(column), otherPromptIndex: match.promptIndex, otherModelIndex: match.modelIndex }];
  });
}

function pick(column: { promptIndex: number; modelIndex: number }) {
  return { promptIndex: column.promptIndex, modelIndex: column.modelIndex };
}
