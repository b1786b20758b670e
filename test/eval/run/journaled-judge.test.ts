import { describe, expect, it } from 'vitest';
import type { CellJournal } from '../../../src/eval/run/execute-cell.ts';
import { journaledJudge } from '../../../src/eval/run/journaled-judge.ts';
import type { Model } from '../../../src/models/model.ts';
import type { GenerateRequest, GenerateResult } from '../../../src/spec/model.ts';
import { CELL_ANSWER } from '../../../src/store/answer-journal.ts';

function grade(text: string, finishReason = 'stop'): GenerateResult {
  return {
    text,
    usage: { inputTokens: 30, outputTokens: 5 },
    finishReason,
    modelId: 'stub:judge',
    latencyMs: 300,
    costUsd: 0.001,
    cached: false,
  };
}

function request(content: string): GenerateRequest {
  return { messages: [{ role: 'user', content }], params: {} };
}

/** A judge model that counts its calls and answers what `answer` says. */
function judgeModel(cacheable: boolean, answer: () => GenerateResult): Model & { calls: number } {
  const model = {
    id: 'stub:judge',
    ref: { provider: 'stub', model: 'judge', params: {} },
    cacheable,
    calls: 0,
    generate: async () => {
      model.calls++;
      return answer();
    },
  };
  return model as unknown as Model & { calls: number };
}

/** A journal in memory, as a store would keep it across a kill. */
class MemoryJournal implements CellJournal {
  readonly kept = new Map<string, GenerateResult>();
  answer(cellKey: string, call: string): GenerateResult | undefined {
    return this.kept.get(`${cellKey}/${call}`);
  }
  record(cellKey: string, call: string, answer: GenerateResult): void {
    this.kept.set(`${cellKey}/${call}`, answer);
  }
}

describe("a cell's graders in a run that journals its answers", () => {
  it('keep each grade in the cell journal, and a resume takes it from there without asking again', async () => {
    const journal = new MemoryJournal();
    const model = judgeModel(true, () => grade('{"pass": true}'));
    const judge = journaledJudge(async () => model, 'off', journal, 'cell-1');
    expect((await judge(request('grade A'), undefined)).text).toBe('{"pass": true}');
    expect(model.calls).toBe(1);
    const [key] = [...journal.kept.keys()];
    expect(key).toMatch(/^cell-1\/[0-9a-f]{64}$/);
    expect(key).not.toBe(`cell-1/${CELL_ANSWER}`);
    // The resumed process: the same cell asks the same grader the same question.
    const resumed = journaledJudge(async () => model, 'off', journal, 'cell-1');
    expect(await resumed(request('grade A'), undefined)).toEqual(grade('{"pass": true}'));
    expect(model.calls).toBe(1);
    // Another question, or the same one for another cell, is a call of its own.
    await resumed(request('grade B'), undefined);
    await journaledJudge(async () => model, 'off', journal, 'cell-2')(request('grade A'), undefined);
    expect(model.calls).toBe(3);
    expect(journal.kept.size).toBe(3);
  });

  it('keep no grade cut short, nor one that cost nothing', async () => {
    const journal = new MemoryJournal();
    const cut = judgeModel(true, () => grade('{"pa', 'interrupted'));
    await journaledJudge(async () => cut, 'off', journal, 'cell-1')(request('grade A'), undefined);
    const free = judgeModel(false, () => grade('{"pass": true}'));
    await journaledJudge(async () => free, 'off', journal, 'cell-1')(request('grade A'), undefined);
    expect(journal.kept.size).toBe(0);
  });
});
