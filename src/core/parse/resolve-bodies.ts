/**
 * The statements of programmable kinds, once every statement is read: routine keys (their
 * argument types may be `table.column%TYPE`), duplicates, ALTERs that name nothing declared, and
 * indexes on materialized views (loaded into the scratch database too, so a wrong column is
 * reported at its place).
 */
import type { Node } from './pg-query.js';
import type { DraftBody, SchemaDraft } from './drafts.js';
import type { TypeRef } from '../model/type-ref.js';
import { diagnostic } from '../model/diagnostic.js';
import { argType } from '../canon/routine-args.js';
import { signatureTypeKey } from '../canon/type-names.js';
import { DEFAULT_SCHEMA } from '../canon/defaults.js';
import { keyOfName } from './statement-context.js';

const KIND_WORDS: Readonly<Record<DraftBody['kind'], string>> = {
  view: 'view', function: 'function', aggregate: 'aggregate', trigger: 'trigger', rule: 'rule', policy: 'policy',
};

/** `t.c%TYPE` / `s.t.c%TYPE` → the column's type, from the declared tables. */
const pctType = (tn: Node, d: SchemaDraft): TypeRef | string => {
  const parts: string[] = (tn['names'] ?? []).map((n: Node) => n['String']?.sval);
  const [schema, table, column] = parts.length >= 3 ? parts.slice(-3) : [DEFAULT_SCHEMA, parts[0], parts[1]];
  const t = d.tables.get(`${schema}.${table}`);
  const col = t?.columns.find((c) => c.name === column);
  if (!col) return `${parts.join('.')}%TYPE names a column that is declared nowhere`;
  return { ...col.type, modifiers: [] };
};

const signatureOf = (types: readonly Node[], d: SchemaDraft): string | { error: string } => {
  const keys: string[] = [];
  for (const tn of types) {
    const t = tn['pct_type'] ? pctType(tn, d) : argType(tn);
    if (typeof t === 'string') return { error: t };
    keys.push(signatureTypeKey(t));
  }
  return keys.join(',');
};

export const resolveBodies = (d: SchemaDraft): DraftBody[] => {
  const out: DraftBody[] = [];
  const routinesByName = new Map<string, DraftBody[]>();
  // Routine keys first: ALTER FUNCTION may precede the CREATE it alters.
  for (const b of d.bodies) {
    if ((b.kind !== 'function' && b.kind !== 'aggregate') || !b.name) continue;
    if (b.alter && !b.argTypes) continue;
    const sig = signatureOf(b.argTypes ?? [], d);
    if (typeof sig !== 'string') { d.diagnostics.push(diagnostic('unknown_reference', sig.error, b.span)); continue; }
    b.key = `${keyOfName(b.name)}(${sig})`;
    if (b.alter) b.provides = [];
    else {
      b.provides = [...b.provides, `function:${b.key}`];
      const list = routinesByName.get(keyOfName(b.name));
      if (list) list.push(b); else routinesByName.set(keyOfName(b.name), [b]);
    }
  }
  const declared = new Map<string, DraftBody>();
  for (const b of d.bodies) {
    if (b.alter) continue;
    if (!b.key) continue; // a routine whose key could not be resolved (reported above)
    const id = `${b.kind}:${b.key}`;
    const prior = declared.get(id);
    if (prior) {
      d.diagnostics.push(diagnostic('duplicate_object', `${KIND_WORDS[b.kind]} ${b.key} is already declared at ${prior.span.file}:${prior.span.line}`, b.span));
      continue;
    }
    declared.set(id, b);
    out.push(b);
  }
  for (const b of d.bodies) {
    if (!b.alter) continue;
    if ((b.kind === 'function' || b.kind === 'aggregate') && b.name && !b.argTypes) {
      // ALTER FUNCTION f without arguments: the one routine of that name.
      const candidates = routinesByName.get(keyOfName(b.name)) ?? [];
      if (candidates.length !== 1) {
        d.diagnostics.push(diagnostic('unknown_reference', candidates.length === 0
          ? `ALTER FUNCTION names ${keyOfName(b.name)}, which is declared nowhere`
          : `ALTER FUNCTION ${keyOfName(b.name)} without an argument list is ambiguous: ${candidates.length} routines have that name`, b.span,
        candidates.length ? 'write the argument types, e.g. ALTER FUNCTION f(integer) ...' : null));
        continue;
      }
      b.key = candidates[0]!.key;
    }
    const target = declared.get(`${b.kind}:${b.key}`) ?? (b.kind === 'function' ? declared.get(`aggregate:${b.key}`) : undefined);
    if (!target) {
      d.diagnostics.push(diagnostic('unknown_reference', `ALTER names ${KIND_WORDS[b.kind]} ${b.key}, which is declared nowhere`, b.span));
      continue;
    }
    out.push({ ...b, requires: [...b.requires, ...target.provides.filter((p) => !p.startsWith('fname:'))] });
  }
  return out;
};

/** Declared views and materialized views, by key (for references from indexes). */
export const declaredViews = (bodies: readonly DraftBody[]): Set<string> =>
  new Set(bodies.filter((b) => b.kind === 'view' && !b.alter).map((b) => b.key));
