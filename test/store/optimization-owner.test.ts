// Whose a running optimization is: judged, as for runs, from its owner's process id, host and heartbeat.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.ts';
import { OptimizationStore } from '../../src/store/optimization-store.ts';
import { isPlumeError } from '../../src/util/errors.ts';

let db: SqliteDatabase | undefined;
afterEach(() => db?.close());

function storeWithOptimization(): { store: OptimizationStore; id: string } {
  db = openDatabase(':memory:');
  const store = new OptimizationStore(db);
  const id = store.create({ promptName: 'p', startHash: 'h', model: 'sim:classify', settings: {} });
  return { store, id };
}

function setOwner(id: string, pid: number, host: string): void {
  db!.prepare('UPDATE optimizations SET owner_pid = ?, owner_host = ? WHERE id = ?').run(pid, host, id);
}

describe('a running optimization', () => {
  it('is held by the process that created it, and let go when it stops', () => {
    const { store, id } = storeWithOptimization();
    expect(store.get(id).status).toBe('running');
    expect(store.owner(id)).toMatchObject({ pid: process.pid, host: hostname() });
    expect(store.heartbeat(id)).toBe(true);
    expect(store.setStatus(id, 'stopped')).toBe(true);
    expect(store.get(id).status).toBe('stopped');
    expect(store.owner(id)).toBeUndefined();
    expect(store.heartbeat(id)).toBe(false);
  });

  it('is interrupted once its process is gone, and then taken over by a resume', () => {
    const { store, id } = storeWithOptimization();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    setOwner(id, dead, hostname());
    expect(store.get(id).status).toBe('interrupted');
    expect(store.list()[0]!.status).toBe('interrupted');
    store.claim(id);
    expect(store.get(id).status).toBe('running');
    expect(store.owner(id)).toMatchObject({ pid: process.pid });
  });

  it('refuses a resume while its process lives, and takes no end from a process that lost it', () => {
    const { store, id } = storeWithOptimization();
    setOwner(id, 4242, 'elsewhere');
    let error: unknown;
    try {
      store.claim(id);
    } catch (thrown) {
      error = thrown;
    }
    expect(isPlumeError(error) && error.code).toBe('OPTIMIZATION_IN_USE');
    expect((error as Error).message).toMatch(
      new RegExp(`^optimization ${id} is being run by process 4242 on elsewhere \\(alive \\d+ s ago\\)$`),
    );
    expect(store.heartbeat(id)).toBe(false);
    expect(store.setStatus(id, 'failed')).toBe(false);
    expect(store.get(id).status).toBe('running');
  });
});
