import { isCutShort } from '../../models/finish-reason.ts';
import type { CacheMode, Model } from '../../models/model.ts';
import type { ServiceModelRef } from '../../spec/model.ts';
import { hashValue } from '../../util/hash.ts';
import type { JudgeFunction } from '../assertions/assertion-context.ts';
import type { CellJournal } from './execute-cell.ts';

/** Where a judge's model comes from: a provider reference, or the run's judge when none is named. */
export type JudgeModels = (provider: ServiceModelRef | undefined) => Promise<Model>;

/**
 * The graders of one cell for a run that journals its answers: a grader's answer is kept in the
 * cell's journal before it is used, under a hash of its model and request, and a resume takes it
 * from there instead of asking again. As with the cell's own answer, one cut short is not kept,
 * nor an answer that cost nothing (echo, sim).
 */
export function journaledJudge(
  models: JudgeModels,
  cache: CacheMode,
  journal: CellJournal,
  cellKey: string,
): JudgeFunction {
  return async (request, provider) => {
    const model = await models(provider);
    if (!model.cacheable) return model.generate(request, { cache });
    const call = hashValue({ model: model.id, params: model.ref.params, request });
    const kept = journal.answer(cellKey, call);
    if (kept !== undefined) return kept;
    const answer = await model.generate(request, { cache });
    if (!isCutShort(answer)) journal.record(cellKey, call, answer);
    return answer;
  };
}
