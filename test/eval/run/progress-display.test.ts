import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProgressDisplay } from '../../../src/cli/progress-display.ts';
import type { CellRecord, RunEvent } from '../../../src/spec/run.ts';

class Capture extends Writable {
  text = '';
  writes = 0;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    this.writes += 1;
    done();
  }
}

function cell(pass: boolean, costUsd = 0.001): CellRecord {
  return {
    key: 'k',
    promptIndex: 0,
    modelIndex: 0,
    testIndex: 0,
    testId: 't',
    repeat: 0,
    output: 'x',
    inputTokens: 1,
    outputTokens: 1,
    costUsd,
    latencyMs: 1,
    cached: false,
    error: undefined,
    pass,
    score: pass ? 1 : 0,
    reason: '',
    assertions: [],
  };
}

function feed(display: ProgressDisplay, clock: { now: number }, cells: number, stepMs: number): void {
  const start: RunEvent = {
    type: 'run-start',
    runId: 'r1',
    resumed: false,
    cellCount: cells,
    alreadyDone: 0,
  };
  display.handle(start);
  for (let index = 0; index < cells; index++) {
    clock.now += stepMs;
    display.handle({ type: 'cell-end', runId: 'r1', cell: cell(index % 4 !== 0) });
  }
}

describe('ProgressDisplay', () => {
  it('redraws one terminal line at most ten times a second, with rate, ETA, pass rate and cost', () => {
    const out = new Capture();
    const clock = { now: 0 };
    const display = new ProgressDisplay(out, { tty: true, now: () => clock.now });
    feed(display, clock, 1000, 1);
    const redraws = out.text.split('\r\x1b[K').length - 1;
    expect(redraws).toBeLessThanOrEqual(11);
    expect(redraws).toBeGreaterThanOrEqual(9);
    expect(out.text).toMatch(
      /\d+\/1000 cells · 1000\.0 cells\/s · ETA \ds · pass 75\.\d% of \d+ decided · \$0\.\d{4}/,
    );
  });

  it('prints plain lines, rarely, when not on a terminal', () => {
    const out = new Capture();
    const clock = { now: 0 };
    const display = new ProgressDisplay(out, { tty: false, now: () => clock.now, lineMs: 5000 });
    feed(display, clock, 100, 100);
    display.handle({ type: 'model-down', runId: 'r1', model: 'stub:down', reason: 'unreachable' });
    display.handle({ type: 'run-end', runId: 'r1', status: 'completed', totals: {} as never });
    expect(out.text).not.toContain('\r');
    const lines = out.text.trimEnd().split('\n');
    expect(lines[0]).toBe('run r1: 100 cells');
    expect(lines).toHaveLength(1 + 2 + 2);
    expect(lines.at(-2)).toContain('stub:down is not answering');
    expect(lines.at(-1)).toMatch(/^run r1 completed: 100\/100 cells/);
  });
});
