import type { Strategy } from './strategy.ts';
import { raceCalls } from './strategy.ts';

export type { EstimateSizes, Strategy } from './strategy.ts';

import { MOST_ADDITIONS } from '../edits/technique-additions.ts';
import { editSearch } from './edit-search.ts';
import { fewShot } from './few-shot.ts';

/** The strategies `plume optimize --strategies` accepts. */
export type StrategyName = 'edits' | 'few-shot' | 'ape' | 'opro' | 'protegi';

const LOADERS: Record<StrategyName, () => Promise<Strategy>> = {
  edits: async () => ({
    run: (context) => editSearch(context),
    needsProposer: false,
    cost:
      'no proposer calls; racing only (every technique the prompt lacks × its phrasings, then ' +
      'iterations − 1 rounds of candidates edits; most dropped early)',
    estimate: (sizes) => ({
      targetCalls:
        raceCalls(MOST_ADDITIONS + 1, sizes) +
        Math.max(0, sizes.iterations - 1) * raceCalls(sizes.candidates + 1, sizes),
      proposerCalls: 0,
    }),
  }),
  'few-shot': async () => ({
    run: (context) => fewShot(context),
    needsProposer: false,
    cost: 'one call per training test (the bootstrap), then racing',
    estimate: (sizes) => ({
      targetCalls: sizes.train + raceCalls(sizes.candidates + 1, sizes),
      proposerCalls: 0,
    }),
  }),
  ape: async () => (await import('./ape-strategy.ts')).APE_STRATEGY,
  opro: async () => (await import('./opro-strategy.ts')).OPRO_STRATEGY,
  protegi: async () => (await import('./protegi-strategy.ts')).PROTEGI_STRATEGY,
};

export const STRATEGY_NAMES = Object.keys(LOADERS) as StrategyName[];

/** A strategy by name (loaded on first use). */
export function loadStrategy(name: StrategyName): Promise<Strategy> {
  return LOADERS[name]();
}

export function isStrategyName(name: string): name is StrategyName {
  return Object.hasOwn(LOADERS, name);
}
