import { hostname } from 'node:os';

/** The process that runs a run: its id, its host, and when it last said it was alive. */
export interface RunOwner {
  pid: number;
  host: string;
  /** ISO time of its last heartbeat. */
  heartbeatAt: string;
}

/** How often a running run's process records that it is alive. */
export const HEARTBEAT_INTERVAL_MS = 10_000;

/**
 * How old a heartbeat may be before its process is taken for dead: three missed beats. A process
 * whose event loop stalls that long may see its run taken over; one that died on another host (a
 * store shared over the network) or before a reboot is found by this alone.
 */
export const STALE_AFTER_MS = 3 * HEARTBEAT_INTERVAL_MS;

/** This process, as a run's owner, alive at `now`. */
export function thisProcess(now: Date): RunOwner {
  return { pid: process.pid, host: hostname(), heartbeatAt: now.toISOString() };
}

/**
 * Whether a running run's owner is gone: no owner recorded (a run started before plume kept
 * them), a process of this host that no longer exists (kill -9, a crash), or a heartbeat older
 * than STALE_AFTER_MS (power lost, another host's process died).
 */
export function ownerIsGone(owner: { [K in keyof RunOwner]: RunOwner[K] | null }, now: Date): boolean {
  if (owner.pid == null || owner.host == null || owner.heartbeatAt == null) return true;
  const age = now.getTime() - Date.parse(owner.heartbeatAt);
  if (!(age < STALE_AFTER_MS)) return true;
  return owner.host === hostname() && !processExists(owner.pid);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
