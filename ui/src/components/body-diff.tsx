import { percent } from '../api.ts';
import { type WordSegment, wordDiff } from '../word-diff.ts';

/** One side of the comparison: a title, its validation pass rate, and its body with changes marked. */
interface Side {
  title: string;
  validationMean: number;
  validationTests: number;
}

/** The starting prompt and the winner side by side, the words the winner dropped or added marked. */
export function BodyDiff({
  start,
  winner,
  startBody,
  winnerBody,
}: {
  start: Side;
  winner: Side;
  startBody: string;
  winnerBody: string;
}) {
  const { left, right } = wordDiff(startBody, winnerBody);
  return (
    <div className="body-diff" data-testid="body-diff">
      <Column side={start} segments={left} kind="removed" testId="start-body" />
      <Column side={winner} segments={right} kind="added" testId="winner-body" />
    </div>
  );
}

function Column({
  side,
  segments,
  kind,
  testId,
}: {
  side: Side;
  segments: WordSegment[];
  kind: 'removed' | 'added';
  testId: string;
}) {
  return (
    <section>
      <h4>
        {side.title}{' '}
        <small>
          {percent(side.validationMean)} on {side.validationTests} validation tests
        </small>
      </h4>
      <pre data-testid={testId}>
        {segments.map((segment, index) =>
          segment.changed ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: segments have no identity but their place
            <mark key={index} className={kind}>
              {segment.text}
            </mark>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: segments have no identity but their place
            <span key={index}>{segment.text}</span>
          ),
        )}
      </pre>
    </section>
  );
}
