import { readFileSync } from 'node:fs';

const RESIDENT = /^VmRSS:\s+(\d+) kB$/m;
const HAS_PROC = process.platform === 'linux';

/**
 * A process's resident memory in MB, read from /proc (Linux); undefined elsewhere or once it is
 * gone. The heap limit does not bound array buffers: this does, where the system tells it.
 */
export function residentMegabytes(pid: number): number | undefined {
  if (!HAS_PROC) return undefined;
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return undefined;
  }
  const match = RESIDENT.exec(status);
  return match === null ? undefined : Number(match[1]) / 1024;
}

/** Whether residentMegabytes can tell anything on this system. */
export const CAN_READ_RESIDENT_MEMORY = HAS_PROC;
