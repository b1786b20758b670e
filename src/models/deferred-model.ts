import type { LanguageModel } from './language-model.ts';

/** What a deferred model tells before it is made. */
export type ModelIdentity = Pick<LanguageModel, 'id' | 'provider' | 'modelName' | 'capabilities'>;

/**
 * A model made on its first call. A run answered wholly from the cache then never loads the
 * provider's SDK, about 70 ms of a cached re-run's start. The first call's latency includes the
 * loading. A failed make fails every call with the same error.
 */
export function deferredModel(identity: ModelIdentity, make: () => Promise<LanguageModel>): LanguageModel {
  let made: Promise<LanguageModel> | undefined;
  const model = (): Promise<LanguageModel> => {
    made ??= make();
    return made;
  };
  return {
    ...identity,
    async generate(request, options) {
      return (await model()).generate(request, options);
    },
    async *stream(request, options) {
      yield* (await model()).stream(request, options);
    },
    async close() {
      if (made === undefined) return;
      const loaded = await made.catch(() => undefined);
      await loaded?.close?.();
    },
  };
}
