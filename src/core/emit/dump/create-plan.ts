/**
 * The CREATE statements of a set of objects are the plan from a fresh database to them: the
 * planner's own emitters, in its dependency order. No second set of printers exists, so every
 * kind the planner can create can be dumped, pulled and inspected.
 */
import { emptySchema, type Schema } from '../../model/schema.js';
import type { Plan } from '../../model/plan.js';
import { plan } from '../../plan/plan.js';
import { DEFAULT_SCHEMA } from '../../canon/defaults.js';
import { withSecretPlaceholders } from './secret-placeholders.js';
import { NO_REWRITES } from '../../plan/online.js';

/**
 * What every new database already has: the default schema. Creating it again would be an
 * error on load, and nobody writes `CREATE SCHEMA public` in a source tree.
 */
const freshDatabase = (objects: Schema): Schema => {
  const base = emptySchema();
  const pub = objects.schemas[DEFAULT_SCHEMA];
  return pub ? { ...base, schemas: { [DEFAULT_SCHEMA]: pub } } : base;
};

/** `secretPlaceholders`: secret options declared with a placeholder value (for source text: dump, pull, inspect). */
export const createPlan = (objects: Schema, serverVersionNum: number, opts: { secretPlaceholders?: boolean } = {}): Plan => {
  const p = plan(freshDatabase(objects), objects, { serverVersionNum });
  if (!opts.secretPlaceholders) return p;
  return {
    steps: p.steps.map((s) => { const st = withSecretPlaceholders(s.change, { serverVersionNum, online: NO_REWRITES }); return st ? { ...s, statements: st } : s; }),
    get fromHash() { return p.fromHash; },
    get toHash() { return p.toHash; },
  };
};

/** A statement as it stands in a source file. */
export const terminated = (sql: string): string => `${sql.trimEnd().replace(/;$/, '')};`;
