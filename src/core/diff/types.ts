/**
 * Domains, composite types, range types and collations.
 * - Domains change in place (default, NOT NULL, CHECKs by name); a changed base type or
 *   collation recreates the domain and moves its columns over (as an enum recreate does).
 * - Composite types change in place (ADD / DROP / ALTER ATTRIBUTE, with CASCADE when tables use
 *   the type), unless attributes are reordered: then the type is dropped and created again.
 * - Range types and collations have no ALTER for their definition: a change drops and creates.
 */
import type { Change } from '../model/change.js';
import type { CompositeTypeDef, DomainDef } from '../model/objects.js';
import { keyOf } from '../model/names.js';
import { sameComparable } from '../model/compare.js';
import { DiagnosticError, diagnostic } from '../model/diagnostic.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';
import { columnsUsing } from './enums.js';
import { markRebuilds } from './rebuild.js';

/** Tables (keys) with a column of this type in the live model. */
const tablesUsing = (name: { schema: string; name: string }, ctx: DiffContext): string[] =>
  Object.entries(ctx.from.tables).filter(([, t]) => t.columns.some((c) => c.type.schema === name.schema && c.type.name === name.name)).map(([k]) => k).sort();

/**
 * Columns that store the type inside a composite value (`products.p (type price)`), through
 * composite types of composite types too. PostgreSQL checks no new domain constraint against
 * those values and cannot move them to another type: such changes are refused.
 */
const storedInComposites = (name: { schema: string; name: string }, ctx: DiffContext): string[] => {
  const composites = new Set<string>();
  const visit = (n: { schema: string; name: string }): void => {
    for (const [k, t] of Object.entries(ctx.from.compositeTypes)) {
      if (composites.has(k) || !t.attributes.some((a) => a.type.schema === n.schema && a.type.name === n.name)) continue;
      composites.add(k);
      visit(t.name);
    }
  };
  visit(name);
  return Object.entries(ctx.from.tables).flatMap(([k, t]) => t.columns
    .filter((c) => c.type.schema !== null && composites.has(`${c.type.schema}.${c.type.name}`))
    .map((c) => `${k}.${c.name} (type ${c.type.schema}.${c.type.name})`)).sort();
};

const refuseStoredInComposite = (what: string, domain: DomainDef, ctx: DiffContext): void => {
  const users = storedInComposites(domain.name, ctx);
  if (users.length === 0) return;
  throw new DiagnosticError([diagnostic('invalid_definition',
    `domain ${keyOf(domain.name)}: ${what}, but it is stored inside composite values in ${users.join(', ')}, which PostgreSQL cannot check or convert in place`,
    domain.source, 'put the rule on a domain or CHECK the composite columns do not use, or move the data out of the composite columns first')]);
};

const diffDomain = (live: DomainDef, want: DomainDef, ctx: DiffContext): Change[] => {
  if (!sameComparable(live.baseType, want.baseType) || !sameComparable(live.collation, want.collation)) {
    refuseStoredInComposite('its base type or collation changes', want, ctx);
    const columns = columnsUsing(want, ctx);
    markRebuilds(ctx, columns, ['check', 'exclude']);
    return [{ kind: 'recreate_domain', from: live, to: want, columns }];
  }
  const out: Change[] = [];
  if ((live.default?.canon ?? null) !== (want.default?.canon ?? null)) out.push({ kind: 'set_domain_default', domain: want.name, default: want.default, previous: live.default });
  if (!live.notNull && want.notNull) refuseStoredInComposite('NOT NULL is added', want, ctx);
  if (live.notNull !== want.notNull) out.push({ kind: 'set_domain_not_null', domain: want.name, notNull: want.notNull });
  // A routine its constraints call is recreated: they go first and come back after.
  const rebuild = ctx.rebuild.has(`domain:${keyOf(live.name)}`);
  const used = tablesUsing(want.name, ctx).length > 0;
  const liveByName = new Map(live.constraints.map((c) => [c.name, c]));
  const wantByName = new Map(want.constraints.map((c) => [c.name, c]));
  for (const c of live.constraints) {
    const w = wantByName.get(c.name);
    if (!w || rebuild || w.definition.canon !== c.definition.canon) out.push({ kind: 'drop_domain_constraint', domain: live, constraint: c });
  }
  const added = want.constraints.filter((c) => { const l = liveByName.get(c.name); return !l || rebuild || l.definition.canon !== c.definition.canon; });
  if (added.length) refuseStoredInComposite(`constraint ${added.map((c) => c.name).join(', ')} is added or changed`, want, ctx);
  for (const c of want.constraints) {
    const l = liveByName.get(c.name);
    if (!l || rebuild || l.definition.canon !== c.definition.canon) out.push({ kind: 'add_domain_constraint', domain: want, constraint: c, used });
  }
  return out;
};

const diffComposite = (live: CompositeTypeDef, want: CompositeTypeDef, ctx: DiffContext): Change[] => {
  const tables = tablesUsing(want.name, ctx);
  const wantNames = want.attributes.map((a) => a.name);
  const kept = live.attributes.filter((a) => wantNames.includes(a.name)).map((a) => a.name);
  // ADD ATTRIBUTE appends: in place only when kept attributes keep their order and new ones come last.
  const inPlace = wantNames.slice(0, kept.length).join('\u0000') === kept.join('\u0000');
  if (!inPlace) {
    if (tables.length) {
      throw new DiagnosticError([diagnostic('invalid_definition',
        `type ${keyOf(want.name)}: its attributes are reordered, which PostgreSQL can only do by recreating the type, and columns of ${tables.join(', ')} use it`,
        want.source, 'keep the existing attributes in their order and add new ones at the end')]);
    }
    return [{ kind: 'drop_composite_type', type: live, reason: 'its attributes are reordered' }, { kind: 'create_composite_type', type: want }];
  }
  const liveBy = new Map(live.attributes.map((a) => [a.name, a]));
  // PostgreSQL cannot retype an attribute while a column uses the type: recreate it and move the
  // columns through text (the attributes line up: same names, in the same order, maybe more at the end).
  const retyped = want.attributes.some((a) => { const l = liveBy.get(a.name); return l !== undefined && (!sameComparable(l.type, a.type) || !sameComparable(l.collation, a.collation)); });
  if (retyped && tables.length) {
    if (kept.length !== live.attributes.length) {
      throw new DiagnosticError([diagnostic('invalid_definition',
        `type ${keyOf(want.name)}: attributes are retyped and dropped at once while columns of ${tables.join(', ')} use it`, want.source,
        'drop the attributes in one migration and retype the others in the next')]);
    }
    const columns = columnsUsing(want, ctx);
    markRebuilds(ctx, columns, ['check', 'exclude']);
    return [{ kind: 'recreate_composite_type', from: live, to: want, columns }];
  }
  const out: Change[] = [];
  for (const a of live.attributes) if (!wantNames.includes(a.name)) out.push({ kind: 'drop_attribute', type: want.name, attribute: a, tables });
  for (const a of want.attributes) {
    const l = liveBy.get(a.name);
    if (!l) out.push({ kind: 'add_attribute', type: want.name, attribute: a, tables });
    else if (!sameComparable(l.type, a.type) || !sameComparable(l.collation, a.collation)) out.push({ kind: 'alter_attribute_type', type: want.name, from: l, to: a, tables });
  }
  return out;
};

/** A definition PostgreSQL cannot alter, of a type or collation that columns use: recreating it would need them dropped. */
const refuseUsed = (what: string, users: readonly string[], at: DomainDef['source']): void => {
  if (users.length === 0) return;
  throw new DiagnosticError([diagnostic('invalid_definition',
    `${what} changes, which PostgreSQL can only do by dropping and creating it, and columns of ${users.join(', ')} use it`, at,
    'create the new definition under a new name and move the columns to it in steps')]);
};

export const diffTypes = (ctx: DiffContext): Change[] => {
  const out: Change[] = [];
  const d = matchByKey(ctx.from.domains, ctx.to.domains);
  out.push(...d.added.map((x): Change => ({ kind: 'create_domain', domain: x })), ...d.removed.map((x): Change => ({ kind: 'drop_domain', domain: x })));
  for (const [l, w] of d.kept) out.push(...diffDomain(l, w, ctx));
  const c = matchByKey(ctx.from.compositeTypes, ctx.to.compositeTypes);
  out.push(...c.added.map((x): Change => ({ kind: 'create_composite_type', type: x })), ...c.removed.map((x): Change => ({ kind: 'drop_composite_type', type: x })));
  for (const [l, w] of c.kept) out.push(...diffComposite(l, w, ctx));
  const r = matchByKey(ctx.from.rangeTypes, ctx.to.rangeTypes);
  out.push(...r.added.map((x): Change => ({ kind: 'create_range_type', type: x })), ...r.removed.map((x): Change => ({ kind: 'drop_range_type', type: x })));
  for (const [l, w] of r.kept) {
    if (sameComparable(l, w)) continue;
    refuseUsed(`range type ${keyOf(w.name)}`, tablesUsing(w.name, ctx), w.source);
    out.push({ kind: 'drop_range_type', type: l, reason: 'a range type cannot be altered' }, { kind: 'create_range_type', type: w });
  }
  const k = matchByKey(ctx.from.collations, ctx.to.collations);
  out.push(...k.added.map((x): Change => ({ kind: 'create_collation', collation: x })), ...k.removed.map((x): Change => ({ kind: 'drop_collation', collation: x })));
  for (const [l, w] of k.kept) {
    if (sameComparable(l, w)) continue;
    const users = Object.entries(ctx.from.tables).filter(([, t]) => t.columns.some((col) => col.collation?.schema === l.name.schema && col.collation.name === l.name.name)).map(([key]) => key);
    refuseUsed(`collation ${keyOf(w.name)}`, users, w.source);
    out.push({ kind: 'drop_collation', collation: l, reason: 'a collation cannot be altered' }, { kind: 'create_collation', collation: w });
  }
  return out;
};
