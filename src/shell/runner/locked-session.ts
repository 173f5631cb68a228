/**
 * A session holding the migration lock, for the commands that change the tracking table besides
 * apply (baseline, repair, rollback): they must not interleave with an apply either.
 */
import { hostname } from 'node:os';
import { connect, type Client } from '../db/connect.js';
import { acquire, applicationName, release } from './advisory-lock.js';
import { ensureTrackingTable } from './tracking-table.js';

export const withLockedSession = async <T>(
  opts: { url: string; trackingSchema: string; command: string; lockWaitMs?: number | undefined; log?: (line: string) => void; createTable?: boolean },
  fn: (client: Client) => Promise<T>,
): Promise<T> => {
  const client = await connect(opts.url, { applicationName: applicationName(opts.command, process.pid, hostname()) });
  try {
    await acquire(client, { trackingSchema: opts.trackingSchema, waitMs: opts.lockWaitMs, ...(opts.log ? { log: opts.log } : {}) });
    if (opts.createTable !== false) await ensureTrackingTable(client, opts.trackingSchema);
    return await fn(client);
  } finally {
    await release(client);
    await client.end().catch(() => undefined);
  }
};
