import { isIP } from 'node:net';

/** The environment variable listing the hosts, besides this machine, a webhook check may call. */
export const WEBHOOK_HOSTS_VARIABLE = 'PLUME_WEBHOOK_HOSTS';

/** Whether a URL's host name is this machine: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1';
}

/** Whether the person running plume allows this host (PLUME_WEBHOOK_HOSTS, comma-separated names). */
export function webhookHostAllowed(host: string, environment: NodeJS.ProcessEnv = process.env): boolean {
  const listed = environment[WEBHOOK_HOSTS_VARIABLE];
  if (!listed) return false;
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return listed.split(',').some((entry) => entry.trim().toLowerCase() === bare);
}
