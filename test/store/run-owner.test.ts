// Whose a running run is: the store judges from the owner's process id, host and heartbeat.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunManifest } from '../../src/spec/run.ts';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.ts';
import { heartbeatIntervalMs, leaseMs, STALE_AFTER_MS } from '../../src/store/run-owner.ts';
import { RunStore } from '../../src/store/run-store.ts';
import { isPlumeError } from '../../src/util/errors.ts';
import { blankCell } from '../helpers/cell-record.ts';

const MANIFEST = { prompts: [], models: [], repeats: 1, selection: {} } as unknown as RunManifest;

let db: SqliteDatabase | undefined;
afterEach(() => db?.close());

/** A store with one run, recorded as running by `owner` (this process when none is given). */
function storeWithRun(owner?: { pid: number; host: string; heartbeatAt: Date }) {
  db = openDatabase(':memory:');
  const runs = new RunStore(db);
  runs.createRun('r', MANIFEST);
  if (owner !== undefined) {
    db.prepare('UPDATE runs SET owner_pid = ?, owner_host = ?, heartbeat_at = ? WHERE id = ?').run(
      owner.pid,
      owner.host,
      owner.heartbeatAt.toISOString(),
      'r',
    );
  }
  return runs;
}

/** The id of a process of this host that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

function thrown(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('a running run', () => {
  it('is running while its process lives, and released when it ends', () => {
    const runs = storeWithRun();
    expect(runs.getRun('r').status).toBe('running');
    expect(runs.heartbeat('r')).toBe(true);
    runs.setStatus('r', 'completed');
    expect(runs.getRun('r').status).toBe('completed');
    expect(runs.heartbeat('r')).toBe(false);
  });

  it('is interrupted when its process on this host is gone, or its heartbeat is stale', () => {
    const now = new Date();
    expect(storeWithRun({ pid: deadPid(), host: hostname(), heartbeatAt: now }).getRun('r').status).toBe(
      'interrupted',
    );
    db?.close();
    // Another host's process cannot be looked at: its heartbeat alone tells.
    const fresh = storeWithRun({ pid: deadPid(), host: 'elsewhere', heartbeatAt: now });
    expect(fresh.getRun('r').status).toBe('running');
    expect(fresh.listRuns()[0]!.status).toBe('running');
    db?.close();
    const stale = new Date(now.getTime() - STALE_AFTER_MS - 1000);
    const old = storeWithRun({ pid: process.pid, host: hostname(), heartbeatAt: stale });
    expect(old.getRun('r').status).toBe('interrupted');
    expect(old.listRuns()[0]!.status).toBe('interrupted');
  });

  it('cannot be taken up while its process lives; a gone process’s run is taken over', () => {
    const runs = storeWithRun({ pid: 4242, host: 'elsewhere', heartbeatAt: new Date() });
    const error = thrown(() => runs.reopen('r'));
    expect(isPlumeError(error) && error.code).toBe('RUN_IN_USE');
    expect((error as Error).message).toMatch(
      /^run r is being run by process 4242 on elsewhere \(alive \d+ s ago\)$/,
    );
    expect(runs.heartbeat('r')).toBe(false);

    db!.prepare('UPDATE runs SET owner_pid = ?, owner_host = ? WHERE id = ?').run(deadPid(), hostname(), 'r');
    runs.reopen('r');
    expect(runs.getRun('r').status).toBe('running');
    expect(db!.prepare('SELECT owner_pid, owner_host FROM runs').get()).toEqual({
      owner_pid: process.pid,
      owner_host: hostname(),
    });
    expect(runs.heartbeat('r')).toBe(true);
  });

  it('is taken up again once it ended', () => {
    const runs = storeWithRun({ pid: 4242, host: 'elsewhere', heartbeatAt: new Date() });
    runs.setStatus('r', 'interrupted');
    runs.reopen('r');
    expect(runs.getRun('r').status).toBe('running');
  });
});

describe('a run taken over by another process', () => {
  it('takes no more cells nor an end from the process that lost it', () => {
    const runs = storeWithRun();
    const cell = (key: string) => blankCell({ key, testId: key, output: 'x' });
    expect(runs.writeCells('r', [cell('a')], { held: true })).toBe(true);
    expect(runs.owner('r')).toMatchObject({ pid: process.pid, host: hostname() });
    // Another host's process took it over (this one's heartbeat had gone stale).
    db!.prepare('UPDATE runs SET owner_pid = ?, owner_host = ? WHERE id = ?').run(4242, 'elsewhere', 'r');
    expect(runs.heartbeat('r')).toBe(false);
    expect(runs.writeCells('r', [cell('b')], { held: true })).toBe(false);
    expect(runs.totals('r').cells).toBe(1);
    expect(runs.finishHeld('r', 'interrupted')).toBeUndefined();
    expect(runs.getRun('r').status).toBe('running');
    expect(runs.owner('r')).toMatchObject({ pid: 4242, host: 'elsewhere' });
    // Without `held` (a store tool, a test), a write goes through as before.
    expect(runs.writeCells('r', [cell('c')])).toBe(true);
  });

  it('ends under its owner, and then has none', () => {
    const runs = storeWithRun();
    expect(runs.finishHeld('r', 'completed')).toMatchObject({ cells: 0 });
    expect(runs.getRun('r').status).toBe('completed');
    expect(runs.owner('r')).toBeUndefined();
  });
});

describe('the lease', () => {
  it('is 30 s, a heartbeat every 10 s, unless PLUME_LEASE_SECONDS sets it', () => {
    expect(leaseMs({})).toBe(STALE_AFTER_MS);
    expect(heartbeatIntervalMs({})).toBe(10_000);
    expect(leaseMs({ PLUME_LEASE_SECONDS: '90' })).toBe(90_000);
    expect(heartbeatIntervalMs({ PLUME_LEASE_SECONDS: '0.6' })).toBeCloseTo(200);
  });

  it('refuses a value that is not seconds above 0, saying how to fix it', () => {
    for (const value of ['0', '-5', 'soon', 'Infinity']) {
      const error = thrown(() => leaseMs({ PLUME_LEASE_SECONDS: value }));
      expect(isPlumeError(error) && error.code).toBe('USAGE');
      expect((error as Error).message).toBe(`PLUME_LEASE_SECONDS=${value}: not a number of seconds above 0`);
    }
  });
});
