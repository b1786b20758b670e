import { hostname } from 'node:os';
import { PlumeError } from '../util/errors.ts';

/** The process that runs a run: its id, its host, and when it last said it was alive. */
export interface RunOwner {
  pid: number;
  host: string;
  /** ISO time of its last heartbeat. */
  heartbeatAt: string;
}

/** How often a running run's process records that it is alive (unless PLUME_LEASE_SECONDS says). */
export const HEARTBEAT_INTERVAL_MS = 10_000;

/**
 * How old a heartbeat may be before its process is taken for dead: three missed beats. A process
 * whose event loop stalls that long may see its run taken over; one that died on another host (a
 * store shared over the network) or before a reboot is found by this alone.
 */
export const STALE_AFTER_MS = 3 * HEARTBEAT_INTERVAL_MS;

/** Sets the lease (STALE_AFTER_MS) in seconds; the heartbeat is a third of it. Every process on a store must agree. */
export const LEASE_VARIABLE = 'PLUME_LEASE_SECONDS';

/**
 * How old a heartbeat may be before its process is taken for dead: STALE_AFTER_MS, or
 * PLUME_LEASE_SECONDS (longer for a store shared by hosts whose clocks drift; shorter in tests).
 */
export function leaseMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[LEASE_VARIABLE];
  if (text === undefined || text.trim() === '') return STALE_AFTER_MS;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new PlumeError({
      code: 'USAGE',
      message: `${LEASE_VARIABLE}=${text}: not a number of seconds above 0`,
      hint: `unset it (the lease is ${STALE_AFTER_MS / 1000} s) or give seconds, such as ${LEASE_VARIABLE}=60`,
    });
  }
  return seconds * 1000;
}

/** How often a running process records that it is alive: three beats to a lease. */
export function heartbeatIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  return leaseMs(env) / 3;
}

/** This process, as a run's owner, alive at `now`. */
export function thisProcess(now: Date): RunOwner {
  return { pid: process.pid, host: hostname(), heartbeatAt: now.toISOString() };
}

/**
 * Whether a running run's owner is gone: no owner recorded (a run started before plume kept
 * them), a process of this host that no longer exists (kill -9, a crash), or a heartbeat older
 * than the lease (power lost, another host's process died, a process stopped that long).
 */
export function ownerIsGone(owner: { [K in keyof RunOwner]: RunOwner[K] | null }, now: Date): boolean {
  if (owner.pid == null || owner.host == null || owner.heartbeatAt == null) return true;
  const age = now.getTime() - Date.parse(owner.heartbeatAt);
  if (!(age < leaseMs())) return true;
  return owner.host === hostname() && !processExists(owner.pid);
}

/** `process 123 on host`, as messages name an owner. */
export function describeOwner(owner: { pid: number | null; host: string | null }): string {
  return `process ${owner.pid ?? '?'} on ${owner.host ?? 'an unknown host'}`;
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
