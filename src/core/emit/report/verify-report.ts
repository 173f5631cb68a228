/**
 * The verify report (live ⊃ source), in the seeds' format:
 *
 *   verify: 1 undeclared live object(s):
 *
 *   Indexes (1):
 *     - public.idx_emergency_perf
 *
 *   Run `pg-flux pull` to capture these into schema/_pulled/<timestamp>_pulled.sql for review.
 *
 * Objects of kinds the model does not manage are counted only under strict coverage; otherwise
 * the note every command prints sums them up (coverage/unmanaged-report.ts).
 */
import type { UnmanagedObject } from '../../model/objects.js';
import { KIND_FIELDS, KINDS, type ObjectRef } from '../../coverage/kinds.js';
import { unmanagedByKind, unmanagedJson } from '../../coverage/unmanaged-report.js';

export interface VerifyFindings {
  /** Live objects of managed kinds that no source file declares. */
  readonly undeclared: readonly ObjectRef[];
  /** Live objects of kinds pg-flux does not manage yet. */
  readonly unmanaged: readonly UnmanagedObject[];
  /** Whether `unmanaged` counts as undeclared (--strict-coverage). */
  readonly countUnmanaged: boolean;
  /** Objects declared only in files under the pulled folder. */
  readonly pulledOnly: number;
  /** The schema source directory as the user names it (`schema`). */
  readonly schemaDir: string;
}

export const CLEAN_LINE = 'verify: clean — every live object is declared in source.';

interface Group { readonly heading: string; readonly keys: readonly string[] }

const groupsOf = (f: VerifyFindings): Group[] => {
  const managed = KIND_FIELDS.map((field) => ({
    heading: KINDS[field].group, keys: f.undeclared.filter((r) => r.field === field).map((r) => r.key),
  }));
  const unmanaged = f.countUnmanaged ? unmanagedByKind(f.unmanaged).map((g) => ({ heading: `Not managed by pg-flux: ${g.kind}`, keys: g.keys })) : [];
  return [...managed, ...unmanaged].filter((g) => g.keys.length > 0);
};

/** Number of objects that make `verify --strict` fail. */
export const countedObjects = (f: VerifyFindings): number => f.undeclared.length + (f.countUnmanaged ? f.unmanaged.length : 0);

/** stdout lines of the report. */
export const verifyText = (f: VerifyFindings): string[] => {
  const n = countedObjects(f);
  if (n === 0) return [CLEAN_LINE];
  const out = [`verify: ${n} undeclared live object(s):`];
  for (const g of groupsOf(f)) out.push('', `${g.heading} (${g.keys.length}):`, ...g.keys.map((k) => `  - ${k}`));
  if (f.undeclared.length > 0) out.push('', `Run \`pg-flux pull\` to capture these into ${f.schemaDir}/_pulled/<timestamp>_pulled.sql for review.`);
  return out;
};

/** stderr notes: what is declared only in pulled files. */
export const verifyNotes = (f: VerifyFindings): string[] => {
  const out: string[] = [];
  if (f.pulledOnly > 0) {
    out.push(`note: ${f.pulledOnly} object(s) are declared only under ${f.schemaDir}/_pulled/: move them into the schema files where they belong`);
  }
  return out;
};

export const verifyJson = (f: VerifyFindings): unknown => ({
  clean: countedObjects(f) === 0,
  undeclared: f.undeclared.map((r) => ({ kind: r.field, group: KINDS[r.field].group, key: r.key })),
  unmanaged: unmanagedJson(f.unmanaged),
  unmanagedCounted: f.countUnmanaged,
  pulledOnly: f.pulledOnly,
});
