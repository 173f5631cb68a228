/**
 * Go for pgx v5 (default) or database/sql: one file per table or view (`users.go`: the Row
 * struct, Insert / Update structs, the table's key brands), `enums.go` (a named string type per
 * enum with constants, `Valid()` and `All…Values()`), `composites.go` (a struct per composite type),
 * `register.go` (pgx: RegisterTypes, which loads composite and range types into a connection's
 * type map), `functions.go` (Args / Result), and
 * `opt.go` (Opt[T], "left out or set" for Insert and Update fields, so that NULL can be written
 * explicitly). Nullable values are pointers, except types that hold NULL themselves (pgtype
 * values, []byte, json.RawMessage, slices: nil is NULL).
 */
import type { GenOptions } from '../options.js';
import type { GenBrand, GenField, GenFunction, GenModel, GenRelation } from '../ir.js';
import type { ResolvedType } from '../types/resolve.js';
import type { GoType } from '../types/table.js';
import { header, type GeneratedFile, type HeaderFacts } from '../header.js';
import { commentLines } from '../comments.js';
import { camel, pascal, words } from '../naming.js';

const INITIALISMS = new Set(['id', 'url', 'uri', 'uuid', 'json', 'api', 'http', 'https', 'ip', 'sql', 'html', 'xml', 'ssh', 'tls', 'ttl', 'utc', 'cpu', 'db']);

/** Exported Go identifier: Pascal case with Go's initialisms (`user_id` → `UserID`). */
export const goIdent = (s: string): string => {
  const p = words(s).map((w) => (INITIALISMS.has(w.toLowerCase()) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join('');
  return p === '' ? 'X' : /^\p{Lu}/u.test(p) ? p : `X${p}`;
};

interface GoCtx {
  readonly o: GenOptions;
  readonly enumName: (key: string) => string;
  readonly compositeName: (key: string) => string;
  readonly imports: Set<string>;
}

const entryGo = (t: ResolvedType, o: GenOptions): GoType | null =>
  t.base.kind === 'enum' ? null : o.goDriver === 'pgx' ? t.base.entry.goPgx : t.base.entry.goSql;

/** pgtype's value type per range subtype (what pgtype.Range[T] is instantiated with); other subtypes fall back to text. */
const PGTYPE_ELEMENTS: Readonly<Record<string, string>> = {
  int2: 'Int2', int4: 'Int4', int8: 'Int8', numeric: 'Numeric', float4: 'Float4', float8: 'Float8', bool: 'Bool',
  text: 'Text', varchar: 'Text', bpchar: 'Text', uuid: 'UUID', date: 'Date', time: 'Time', timestamp: 'Timestamp',
  timestamptz: 'Timestamptz', interval: 'Interval',
};

/** pgx v5 type of a user range (or its multirange), or null when its subtype has no pgtype value type. */
const pgxRange = (t: ResolvedType): string | null => {
  if (t.base.kind !== 'range') return null;
  const sub = t.base.subtype;
  const el = sub.arrayDims === 0 && sub.base.kind === 'builtin' ? PGTYPE_ELEMENTS[sub.base.name] : undefined;
  if (!el) return null;
  return t.base.multirange ? `pgtype.Multirange[pgtype.Range[pgtype.${el}]]` : `pgtype.Range[pgtype.${el}]`;
};

/** Go type of a value of `t` (brand applied to scalars), nullable or not. */
const goType = (t: ResolvedType, nullable: boolean, brand: string | null, ctx: GoCtx): { type: string; note: string | null } => {
  const e = entryGo(t, ctx.o);
  if (t.arrayDims > 0 && ctx.o.goDriver === 'database/sql') {
    // database/sql drivers hand arrays over as their text ('{a,b}'): scan into a string, parse with pq.Array or similar.
    if (nullable) ctx.imports.add('database/sql');
    return { type: nullable ? 'sql.NullString' : 'string', note: 'PostgreSQL array text; database/sql has no array type (scan with pq.Array to decode)' };
  }
  if (t.arrayDims > 0) {
    const el = goType({ ...t, arrayDims: 0 }, ctx.o.arrayElements === 'nullable', null, ctx);
    return { type: `${'[]'.repeat(t.arrayDims)}${el.type}`, note: el.note };
  }
  const named = brand ?? (t.base.kind === 'enum' ? ctx.enumName(t.base.key) : null);
  if (named) return { type: nullable ? `*${named}` : named, note: null };
  if (t.base.kind === 'composite' || t.base.kind === 'range') {
    const kind = t.base.kind === 'composite' ? 'composite' : t.base.multirange ? 'multirange' : 'range';
    if (ctx.o.goDriver === 'pgx') {
      // pgx decodes these once RegisterTypes has loaded them (their OIDs differ per database).
      const note = `pgx decodes ${kind} ${t.base.name} once RegisterTypes (register.go) has loaded it`;
      if (t.base.kind === 'composite') return { type: nullable ? `*${ctx.compositeName(t.base.key)}` : ctx.compositeName(t.base.key), note };
      const r = pgxRange(t);
      // A pgtype.Range / Multirange holds NULL itself (Valid / nil).
      if (r) return { type: r, note };
    }
    return { type: nullable ? 'sql.NullString' : 'string', note: `${kind} ${t.base.name} as its text: ${ctx.o.goDriver === 'pgx' ? 'its subtype has no pgtype value type' : 'database/sql drivers return it that way'}` };
  }
  const g = e!;
  for (const i of g.imports) ctx.imports.add(i);
  if (!nullable) return { type: g.type, note: null };
  return { type: g.nullable === '*' ? `*${g.type}` : g.nullable, note: null };
};

const tagName = (column: string, o: GenOptions): string => (o.case === 'snake' ? column : o.case === 'camel' ? camel(column) : pascal(column));

const tags = (f: GenField, r: GenRelation | null, pk: boolean, ctx: GoCtx): string => {
  const o = ctx.o;
  const json = `json:${JSON.stringify(tagName(f.column, o))}`;
  const readOnly = f.insert === 'omit' && r?.kind === 'table';
  switch (o.goTags) {
    case 'none': return '';
    case 'gorm': {
      const parts = [`column:${f.column}`, ...(pk ? ['primaryKey'] : []), ...(readOnly ? ['<-:false'] : [])];
      return `\`gorm:${JSON.stringify(parts.join(';'))} ${json}\``;
    }
    case 'bun': {
      const parts = [f.column, ...(pk ? ['pk'] : []), ...(f.type.arrayDims > 0 ? ['array'] : []), ...(readOnly ? ['scanonly'] : []), ...(!f.nullable ? ['notnull'] : [])];
      return `\`bun:${JSON.stringify(parts.join(','))} ${json}\``;
    }
    default: return `\`db:${JSON.stringify(f.column)} ${json}\``;
  }
};

const goDoc = (lines: readonly string[], indent = ''): string[] => lines.map((l) => `${indent}//${l ? ` ${l}` : ''}`);

/** Field names of one struct: unique, and clear of the methods/embeds the struct has. */
const fieldNames = (fields: readonly GenField[], reserved: readonly string[]): string[] => {
  const taken = new Set(reserved);
  return fields.map((f) => {
    let n = goIdent(f.column);
    while (taken.has(n)) n = `${n}_`;
    taken.add(n);
    return n;
  });
};

const structOf = (name: string, fields: readonly GenField[], names: readonly string[], r: GenRelation | null, pk: ReadonlySet<string>, ctx: GoCtx, mode: 'row' | 'insert' | 'update'): string[] => {
  const out = [`type ${name} struct {`];
  if (mode === 'row' && ctx.o.goTags === 'bun' && r) {
    ctx.imports.add('github.com/uptrace/bun');
    out.push(`\tbun.BaseModel${CELL}\`bun:${JSON.stringify(`table:${r.schema}.${r.name},alias:${r.name}`)}\``);
  }
  fields.forEach((f, i) => {
    const mode2 = mode === 'row' ? 'required' : mode === 'insert' ? f.insert : f.update;
    if (mode2 === 'omit') return;
    const t = goType(f.type, f.nullable, f.brand, ctx);
    if (mode === 'row') out.push(...goDoc([...commentLines(f.comment), ...(t.note ? [t.note] : [])], '\t'));
    const type = mode2 === 'optional' ? `Opt[${t.type}]` : t.type;
    const tag = mode === 'row' ? tags(f, r, pk.has(f.column), ctx) : ctx.o.goTags === 'none' ? '' : `\`db:${JSON.stringify(f.column)}\``;
    out.push(`\t${names[i]}${CELL}${type}${tag ? `${CELL}${tag}` : ''}`);
  });
  out.push('}');
  return out;
};

/** Import paths by the package name generated code qualifies with. */
const PACKAGES: Readonly<Record<string, string>> = {
  time: 'time', sql: 'database/sql', json: 'encoding/json', netip: 'net/netip', net: 'net',
  pgtype: 'github.com/jackc/pgx/v5/pgtype', bun: 'github.com/uptrace/bun', context: 'context', pgx: 'github.com/jackc/pgx/v5',
};

/** The imports a file's code uses (read off its qualified identifiers, so none is unused or missing). */
const importsOf = (body: readonly string[]): Set<string> => {
  const code = body.filter((l) => !l.trimStart().startsWith('//')).join('\n').replace(/`[^`]*`/g, '').replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const used = new Set<string>();
  for (const m of code.matchAll(/\b([a-z]+)\.[A-Z]/g)) if (PACKAGES[m[1]!]) used.add(PACKAGES[m[1]!]!);
  return used;
};

const goFile = (pkg: string, hash: HeaderFacts, _imports: ReadonlySet<string>, body: readonly string[]): string => {
  const imports = importsOf(body);
  const std = [...imports].filter((i) => !i.includes('.')).sort();
  const ext = [...imports].filter((i) => i.includes('.')).sort();
  const imp = std.length + ext.length === 0 ? [] : std.length + ext.length === 1
    ? [`import ${JSON.stringify([...std, ...ext][0])}`, '']
    : ['import (', ...std.map((i) => `\t${JSON.stringify(i)}`), ...(std.length && ext.length ? [''] : []), ...ext.map((i) => `\t${JSON.stringify(i)}`), ')', ''];
  return `${align([header('//', hash), '', `package ${pkg}`, '', ...imp, ...body]).join('\n').trimEnd()}\n`;
};

/** Separates the cells gofmt aligns (field name, type, tag; constant name, type, value). */
const CELL = '\v';

/**
 * gofmt's alignment (text/tabwriter with padding 1): consecutive cell lines form a section
 * (comments and blank lines end it); in each column, consecutive lines whose cell is followed
 * by another cell are padded to the widest of them.
 */
const align = (lines: readonly string[]): string[] => {
  const out = [...lines];
  let i = 0;
  while (i < out.length) {
    if (!out[i]!.includes(CELL)) { i++; continue; }
    let j = i;
    while (j < out.length && out[j]!.includes(CELL)) j++;
    const rows = out.slice(i, j).map((l) => l.split(CELL));
    const cols = Math.max(...rows.map((r) => r.length));
    for (let c = 0; c < cols - 1; c++) {
      let k = 0;
      while (k < rows.length) {
        if (rows[k]!.length <= c + 1) { k++; continue; }
        let e = k;
        while (e < rows.length && rows[e]!.length > c + 1) e++;
        const width = Math.max(...rows.slice(k, e).map((r) => [...r[c]!].length));
        for (let x = k; x < e; x++) rows[x]![c] = rows[x]![c]!.padEnd(width + (rows[x]![c]!.length - [...rows[x]![c]!].length));
        k = e;
      }
    }
    rows.forEach((r, x) => { out[i + x] = r.join(' '); });
    i = j;
  }
  return out;
};

export const goPackageName = (o: GenOptions): string => {
  if (o.goPackage) return o.goPackage;
  const base = o.out.replace(/\/+$/, '').split('/').pop() ?? 'dbgen';
  const p = base.toLowerCase().replace(/[^a-z0-9_]/g, '');
  return p === '' || /^\d/.test(p) ? 'dbgen' : p;
};

const relationFile = (m: GenModel, r: GenRelation, ctx: GoCtx, pkg: string, brandsByTable: ReadonlyMap<string, readonly GenBrand[]>): GeneratedFile => {
  const pk = new Set<string>();
  const owned = brandsByTable.get(r.key) ?? [];
  for (const b of owned) pk.add(b.column);
  const body: string[] = [];
  for (const b of owned) {
    const base = goType(b.type, false, null, ctx).type;
    body.push(`// ${b.name} identifies a row of ${r.schema}.${r.name}; foreign keys to it share this type.`, `type ${b.name} ${base}`, '');
  }
  const reserved = ctx.o.goTags === 'gorm' ? ['TableName'] : ctx.o.goTags === 'bun' ? ['BaseModel'] : [];
  const names = fieldNames(r.fields, reserved);
  const what = r.kind === 'table' ? 'table' : r.kind === 'view' ? 'view' : 'materialized view';
  body.push(...goDoc([`${r.typeName} is a row of ${what} ${r.schema}.${r.name}.`, ...(r.comment ? ['', ...commentLines(r.comment)] : [])]));
  body.push(...structOf(r.typeName, r.fields, names, r, pk, ctx, 'row'), '');
  if (ctx.o.goTags === 'gorm') {
    body.push(`// TableName tells gorm the table of ${r.typeName}.`, `func (${r.typeName}) TableName() string {`, `\treturn ${JSON.stringify(`${r.schema}.${r.name}`)}`, '}', '');
  }
  if (r.writable && ctx.o.writeTypes) {
    body.push(`// ${r.typeName}Insert is an insert into ${r.schema}.${r.name}; Opt fields left unset are not written (the column default applies).`);
    body.push(...structOf(`${r.typeName}Insert`, r.fields, names, r, pk, ctx, 'insert'), '');
    body.push(`// ${r.typeName}Update is an update of ${r.schema}.${r.name}; only set Opt fields are written.`);
    body.push(...structOf(`${r.typeName}Update`, r.fields, names, r, pk, ctx, 'update'), '');
  }
  return { path: `${r.fileStem}.go`, text: goFile(pkg, m, ctx.imports, body) };
};

/** Every package-level name the other files declare, so enum constants never collide with them. */
const packageNames = (m: GenModel): Set<string> => new Set([
  'Opt', 'Some', 'RegisterTypes',
  ...m.composites.map((c) => c.typeName),
  ...m.enums.flatMap((e) => [e.typeName, `All${e.typeName}Values`]),
  ...m.brands.map((b) => b.name),
  ...m.relations.flatMap((r) => [r.typeName, `${r.typeName}Insert`, `${r.typeName}Update`]),
  ...m.functions.flatMap((f) => [`${f.typeName}Args`, `${f.typeName}Result`, `${f.typeName}Row`]),
]);

const enumsFile = (m: GenModel, pkg: string): GeneratedFile | null => {
  if (m.enums.length === 0) return null;
  const body: string[] = [];
  const taken = packageNames(m);
  for (const e of m.enums) {
    const consts = e.values.map((v) => {
      let n = `${e.typeName}${goIdent(v)}`;
      while (taken.has(n)) n = `${n}_`;
      taken.add(n);
      return n;
    });
    body.push(...goDoc([`${e.typeName} is enum ${e.schema}.${e.name}.`, ...(e.comment ? ['', ...commentLines(e.comment)] : [])]), `type ${e.typeName} string`, '');
    if (consts.length) {
      body.push('const (', ...consts.map((c, i) => `\t${c}${CELL}${e.typeName}${CELL}= ${JSON.stringify(e.values[i])}`), ')', '');
    }
    body.push(`// Valid reports whether v is one of ${e.typeName}'s values.`, `func (v ${e.typeName}) Valid() bool {`);
    body.push(consts.length ? `\tswitch v {\n\tcase ${consts.join(', ')}:\n\t\treturn true\n\t}\n\treturn false` : '\treturn false', '}', '');
    body.push(`// All${e.typeName}Values lists ${e.typeName}'s values in the enum's order.`, `func All${e.typeName}Values() []${e.typeName} {`, `\treturn []${e.typeName}{${consts.join(', ')}}`, '}', '');
  }
  return { path: 'enums.go', text: goFile(pkg, m, new Set(), body) };
};

/**
 * `composites.go`: a struct per composite type, fields in attribute order (pgx scans a composite
 * into a struct by position), every field nullable.
 */
const compositesFile = (m: GenModel, ctx: GoCtx, pkg: string): GeneratedFile | null => {
  if (m.composites.length === 0) return null;
  const body: string[] = [];
  const how = ctx.o.goDriver === 'pgx'
    ? ['pgx scans a value into it once RegisterTypes has loaded the type (without that, pgx has no codec for it).']
    : ['database/sql drivers return composite values as their text: columns of this type are strings.'];
  for (const c of m.composites) {
    body.push(...goDoc([`${c.typeName} is composite type ${c.schema}.${c.name}; every attribute may be NULL.`, ...how, ...(c.comment ? ['', ...commentLines(c.comment)] : [])]));
    body.push(...structOf(c.typeName, c.fields, fieldNames(c.fields, []), null, new Set(), ctx, 'row'), '');
  }
  return { path: 'composites.go', text: goFile(pkg, m, ctx.imports, body) };
};

/**
 * `register.go` (pgx): RegisterTypes loads the schema's own types into a connection's type map,
 * each after the types it is made of (pgx's LoadType needs those registered first), then its
 * array type.
 */
const registerFile = (m: GenModel, pkg: string): GeneratedFile | null => {
  // Each type, then its array type (regtype reads `name[]`).
  const names = m.typeLoads.flatMap((l) => [l.sqlName, `${l.sqlName}[]`]);
  if (names.length === 0) return null;
  const body = [
    '// RegisterTypes loads the composite and range types of the schema (and what they are made of,',
    '// and arrays of them) into conn\'s type map, so that pgx scans them into the generated types. Call it',
    '// once per connection, e.g. from pgxpool.Config.AfterConnect.',
    'func RegisterTypes(ctx context.Context, conn *pgx.Conn) error {',
    '\tfor _, name := range []string{',
    ...names.map((n) => `\t\t${JSON.stringify(n)},`),
    '\t} {',
    '\t\tt, err := conn.LoadType(ctx, name)',
    '\t\tif err != nil {',
    '\t\t\treturn err',
    '\t\t}',
    '\t\tconn.TypeMap().RegisterType(t)',
    '\t}',
    '\treturn nil',
    '}',
  ];
  return { path: 'register.go', text: goFile(pkg, m, new Set(), body) };
};

const optFile = (hash: HeaderFacts, pkg: string): GeneratedFile => ({
  path: 'opt.go',
  text: goFile(pkg, hash, new Set(), [
    '// Opt is a value of an Insert or Update field: written only when Set.',
    'type Opt[T any] struct {',
    `\tValue${CELL}T`,
    `\tSet${CELL}bool`,
    '}', '',
    '// Some returns a set Opt holding v.',
    'func Some[T any](v T) Opt[T] {',
    '\treturn Opt[T]{Value: v, Set: true}',
    '}',
  ]),
});

const functionsFile = (m: GenModel, ctxOf: () => GoCtx, pkg: string): GeneratedFile | null => {
  if (m.functions.length === 0) return null;
  const ctx = ctxOf();
  const body: string[] = [];
  for (const f of m.functions) {
    body.push(...goDoc([`${f.typeName}Args are the arguments of ${f.kind} ${f.schema}.${f.name}.`, ...(f.comment ? ['', ...commentLines(f.comment)] : [])]));
    body.push(`type ${f.typeName}Args struct {`);
    const taken = new Set<string>();
    for (const p of f.params) {
      let n = goIdent(p.name);
      while (taken.has(n)) n = `${n}_`;
      taken.add(n);
      const t = goType(p.type, p.nullable, null, ctx).type;
      body.push(`\t${n}${CELL}${p.optional ? `Opt[${t}]` : t}`);
    }
    body.push('}', '');
    body.push(...resultDecl(f, ctx), '');
  }
  return { path: 'functions.go', text: goFile(pkg, m, ctx.imports, body) };
};

const resultDecl = (f: GenFunction, ctx: GoCtx): string[] => {
  const n = `${f.typeName}Result`;
  const r = f.result;
  const doc = `// ${n} is the result of ${f.schema}.${f.name}${'set' in r && r.set ? ' (one element per row)' : ''}.`;
  if (r.kind === 'void') return [doc, `type ${n} = struct{}`];
  if (r.kind === 'relation') return [doc, `type ${n} = ${r.set ? '[]' : '*'}${r.typeName}`];
  if (r.kind === 'scalar') {
    const t = goType(r.type, r.nullable && !r.set, null, ctx).type;
    return [doc, `type ${n} = ${r.set ? `[]${goType(r.type, ctx.o.arrayElements === 'nullable', null, ctx).type}` : t}`];
  }
  const names = fieldNames(r.fields, []);
  const row = [`// ${f.typeName}Row is one row of ${f.schema}.${f.name}.`, `type ${f.typeName}Row struct {`,
    ...r.fields.map((x, i) => `\t${names[i]}${CELL}${goType(x.type, x.nullable, null, ctx).type}${ctx.o.goTags === 'none' ? '' : `${CELL}\`db:${JSON.stringify(x.column)}\``}`), '}', ''];
  return [...row, doc, `type ${n} = ${r.set ? '[]' : ''}${f.typeName}Row`];
};

export const printGo = (m: GenModel, o: GenOptions): GeneratedFile[] => {
  const pkg = goPackageName(o);
  const enumNames = new Map(m.enums.map((e) => [e.key, e.typeName]));
  const compositeNames = new Map(m.composites.map((c) => [c.key, c.typeName]));
  const ctxOf = (): GoCtx => ({ o, enumName: (k) => enumNames.get(k)!, compositeName: (k) => compositeNames.get(k)!, imports: new Set() });
  const files: GeneratedFile[] = [];
  const e = enumsFile(m, pkg);
  if (e) files.push(e);
  const c = compositesFile(m, ctxOf(), pkg);
  if (c) files.push(c);
  const reg = o.goDriver === 'pgx' ? registerFile(m, pkg) : null;
  if (reg) files.push(reg);
  const brandsByTable = new Map<string, GenBrand[]>();
  for (const b of m.brands) {
    brandsByTable.set(b.table, [...(brandsByTable.get(b.table) ?? []), b]);
  }
  for (const r of m.relations) files.push(relationFile(m, r, ctxOf(), pkg, brandsByTable));
  const fns = functionsFile(m, ctxOf, pkg);
  if (fns) files.push(fns);
  if (o.writeTypes || m.functions.some((f) => f.params.some((p) => p.optional))) files.push(optFile(m, pkg));
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
};
