import { flag, parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { migrationStatus } from '../../shell/runner/status.js';
import { migrationsPath } from '../../shell/operations/compute-plan.js';

export const runStatus = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, { json: { type: 'boolean' } });
  return withProject(p, io, async (project) => {
    const db = await project.database();
    const rows = await migrationStatus({ url: db.url, migrationsDir: migrationsPath(project), trackingSchema: project.trackingSchema });
    if (flag(p, 'json')) {
      io.out(JSON.stringify(rows.map((r) => ({ file: r.file, state: r.state, appliedAt: r.appliedAt, outOfOrder: r.outOfOrder })), null, 2));
    } else if (rows.length === 0) io.out('No migrations');
    else for (const r of rows) io.out(`${r.state.padEnd(10)} ${r.file}${r.appliedAt ? `  ${r.appliedAt}` : ''}${r.outOfOrder ? '  (out of order)' : ''}`);
    return EXIT.OK;
  });
};
