/** The shared first half of plan / generate / drift: desired from source, live from the database, diff. */
import { join } from 'node:path';
import { loadParser } from '../../core/parse/pg-query.js';
import { parseSchema } from '../../core/parse/parse-schema.js';
import { plan as computeChanges } from '../../core/plan/plan.js';
import { filterSchemas } from '../../core/model/compare.js';
import type { Plan } from '../../core/model/plan.js';
import type { Schema } from '../../core/model/schema.js';
import { readSourceFiles } from '../fs/read-sources.js';
import { connect } from '../db/connect.js';
import { inspectDatabase } from '../db/inspect-database.js';
import type { Project } from './project.js';

export interface PlanResult {
  readonly plan: Plan;
  readonly desired: Schema;
  readonly live: Schema;
  readonly serverVersionNum: number;
  /** Source statements read but not modelled, and live objects pg-flux does not manage yet. */
  readonly warnings: readonly string[];
}

export const loadDesired = async (project: Project): Promise<{ schema: Schema; warnings: readonly string[] }> => {
  await loadParser();
  const files = await readSourceFiles(project.schemaDir, project.cwd);
  const r = parseSchema(files);
  return { schema: filterSchemas(r.schema, project.schemas), warnings: r.warnings };
};

export const inspectLive = async (project: Project): Promise<{ schema: Schema; serverVersionNum: number }> => {
  const db = await project.database();
  const client = await connect(db.url);
  try {
    const r = await inspectDatabase(client, { trackingSchema: project.trackingSchema, ...(project.schemas ? { schemas: project.schemas } : {}) });
    return { schema: filterSchemas(r.schema, project.schemas), serverVersionNum: r.serverVersionNum };
  } finally {
    await client.end();
  }
};

export const computePlan = async (project: Project): Promise<PlanResult> => {
  const [desired, live] = await Promise.all([loadDesired(project), inspectLive(project)]);
  const plan = computeChanges(live.schema, desired.schema, { serverVersionNum: live.serverVersionNum });
  const unmanaged = live.schema.unmanaged;
  const warnings = [...desired.warnings];
  if (unmanaged.length) {
    const kinds = [...new Set(unmanaged.map((u) => u.kind))].sort();
    warnings.push(`${unmanaged.length} live object(s) of kinds pg-flux does not manage yet were left alone (${kinds.join(', ')})`);
  }
  return { plan, desired: desired.schema, live: live.schema, serverVersionNum: live.serverVersionNum, warnings };
};

export const migrationsPath = (project: Project): string => join(project.cwd, project.migrationsDir);
