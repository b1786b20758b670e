import { LeaseKeeper } from '../../store/lease-keeper.ts';
import { describeOwner } from '../../store/run-owner.ts';
import type { RunStore } from '../../store/run-store.ts';
import { PlumeError } from '../../util/errors.ts';

/**
 * This process's hold on a running run (see LeaseKeeper). Once another process took the run over,
 * this one's calls stop; its cells stored so far stay, the rest are the other process's.
 */
export class RunLease extends LeaseKeeper {
  constructor(store: RunStore, runId: string, stop: AbortSignal | undefined) {
    super({ beat: () => store.heartbeat(runId), takenOver: () => runTakenOver(store, runId), stop });
  }
}

function runTakenOver(store: RunStore, runId: string): PlumeError {
  const owner = store.owner(runId);
  const who = owner === undefined ? '' : ` (${describeOwner(owner)})`;
  return new PlumeError({
    code: 'RUN_TAKEN_OVER',
    message: `another plume process took over run ${runId}${who}; this one stopped; nothing was lost`,
    hint:
      'this process was stopped or stalled longer than the lease, so the run was taken for abandoned; ' +
      `its stored cells stay, and the other process runs the rest (follow it with plume runs show ${runId})`,
  });
}
