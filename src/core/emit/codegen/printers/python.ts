/**
 * Python for psycopg 3 and pydantic v2, in `models.py`: enums as `StrEnum`, branded keys as
 * `NewType`, a `BaseModel` per composite type and per table / view row (fields aliased to the
 * column names), Insert and Update shapes as `TypedDict`s (the parameters psycopg takes), function
 * Args / Result, and `register_types(conn)` so psycopg returns enums, composites and range types
 * of the schema (and arrays of them) as the generated classes and psycopg's Range / Multirange.
 */
import type { GenOptions } from '../options.js';
import type { GenField, GenFunction, GenModel, GenRelation } from '../ir.js';
import type { ResolvedType } from '../types/resolve.js';
import { header, type GeneratedFile } from '../header.js';
import { commentLines } from '../comments.js';
import { camel, pascal, snake, words } from '../naming.js';

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield', 'match', 'case', 'type',
]);
/** Attributes of pydantic's BaseModel a field must not shadow. */
const BASEMODEL_ATTRS = new Set([
  'copy', 'dict', 'json', 'parse_obj', 'parse_raw', 'parse_file', 'from_orm', 'construct', 'schema', 'schema_json', 'validate',
  'update_forward_refs', 'fields', 'register_types',
]);

const IDENT = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Attribute name of a column in a model, and whether it needs an alias. */
const attrName = (column: string, o: GenOptions): string => {
  let n = o.case === 'snake' ? column : o.case === 'camel' ? camel(column) : pascal(column);
  if (!IDENT.test(n)) n = snake(column);
  if (KEYWORDS.has(n) || BASEMODEL_ATTRS.has(n) || n.startsWith('model_')) n = `${n}_`;
  return n;
};

interface PyCtx {
  readonly o: GenOptions;
  readonly enumName: (key: string) => string;
  readonly compositeName: (key: string) => string;
  readonly imports: Set<string>;
}

/** psycopg's Range / Multirange of a user range type (register_types registers it), by its subtype's Python type. */
const pyRange = (subtype: ResolvedType, multirange: boolean, ctx: PyCtx): string => {
  const sub = pyType(subtype, false, null, null, ctx);
  if (multirange) { ctx.imports.add('from psycopg.types.multirange import Multirange'); return `Multirange[${sub}]`; }
  ctx.imports.add('from psycopg.types.range import Range');
  return `Range[${sub}]`;
};

const pyType = (t: ResolvedType, nullable: boolean, brand: string | null, literals: readonly string[] | null, ctx: PyCtx): string => {
  let base: string;
  if (brand) base = brand;
  else if (t.base.kind === 'enum') base = ctx.enumName(t.base.key);
  else if (t.base.kind === 'composite') base = ctx.compositeName(t.base.key);
  else if (t.base.kind === 'range') base = pyRange(t.base.subtype, t.base.multirange, ctx);
  else {
    for (const i of t.base.entry.python.imports) ctx.imports.add(i);
    base = t.base.entry.python.type;
    if (literals && base === 'str' && t.arrayDims === 0) {
      ctx.imports.add('from typing import Literal');
      base = `Literal[${literals.map((l) => JSON.stringify(l)).join(', ')}]`;
    }
  }
  for (let i = 0; i < t.arrayDims; i++) {
    const el = i === 0 && ctx.o.arrayElements === 'nullable' ? `${base} | None` : base;
    base = `list[${el}]`;
  }
  return nullable ? `${base} | None` : base;
};

const docstring = (lines: readonly string[], indent: string): string[] => {
  if (!lines.length) return [];
  const esc = lines.map((l) => l.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"'));
  return esc.length === 1 ? [`${indent}"""${esc[0]}"""`] : [`${indent}"""${esc[0]}`, ...esc.slice(1).map((l) => (l ? `${indent}${l}` : '')), `${indent}"""`];
};

const model = (name: string, fields: readonly GenField[], doc: string[], ctx: PyCtx): string[] => {
  const out = [`class ${name}(BaseModel):`, ...docstring(doc, '    '), '', '    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True)', ''];
  const taken = new Set<string>();
  for (const f of fields) {
    let a = attrName(f.column, ctx.o);
    while (taken.has(a)) a = `${a}_`;
    taken.add(a);
    const t = pyType(f.type, f.nullable, f.brand, f.checks.literals, ctx);
    const desc = f.comment ? `, description=${JSON.stringify(f.comment)}` : '';
    out.push(a === f.column && !desc ? `    ${a}: ${t}` : `    ${a}: ${t} = Field(alias=${JSON.stringify(f.column)}${desc})`);
  }
  if (fields.length === 0) out.push('    pass');
  return out;
};

/** A TypedDict keyed by column name: class syntax when every key is an identifier, else the functional form. */
const typedDict = (name: string, entries: readonly (readonly [string, string])[], total: boolean, doc: string): string[] => {
  const classSyntax = entries.every(([k]) => IDENT.test(k) && !KEYWORDS.has(k));
  if (classSyntax) {
    return [`class ${name}(TypedDict${total ? '' : ', total=False'}):`, `    """${doc}"""`, '', ...entries.map(([k, t]) => `    ${k}: ${t}`), ...(entries.length ? [] : ['    pass'])];
  }
  return [`${name} = TypedDict(${JSON.stringify(name)}, {`, ...entries.map(([k, t]) => `    ${JSON.stringify(k)}: ${t},`), `}${total ? '' : ', total=False'})`, `"""${doc}"""`];
};

const writeShapes = (r: GenRelation, ctx: PyCtx): string[] => {
  ctx.imports.add('from typing import TypedDict');
  const ins: [string, string][] = [];
  const upd: [string, string][] = [];
  for (const f of r.fields) {
    const t = pyType(f.type, f.nullable, f.brand, f.checks.literals, ctx);
    if (f.insert === 'required') ins.push([f.column, t]);
    if (f.insert === 'optional') { ctx.imports.add('from typing import NotRequired'); ins.push([f.column, `NotRequired[${t}]`]); }
    if (f.update !== 'omit') upd.push([f.column, t]);
  }
  return [
    ...typedDict(`${r.typeName}Insert`, ins, true, `Insert into ${r.schema}.${r.name} (parameters by column name).`), '', '',
    ...typedDict(`${r.typeName}Update`, upd, false, `Update of ${r.schema}.${r.name}: any subset of the writable columns.`), '', '',
  ];
};

const enumMember = (v: string, taken: Set<string>): string => {
  let n = words(v).map((w) => w.toUpperCase()).join('_');
  if (!IDENT.test(n) || KEYWORDS.has(n)) n = `V_${n.replace(/[^A-Za-z0-9_]/g, '_')}`;
  while (taken.has(n)) n = `${n}_`;
  taken.add(n);
  return n;
};

const functionShapes = (f: GenFunction, ctx: PyCtx): string[] => {
  ctx.imports.add('from typing import TypedDict');
  const entries = f.params.map((p): [string, string] => {
    let t = pyType(p.type, p.nullable, null, null, ctx);
    if (p.optional) { ctx.imports.add('from typing import NotRequired'); t = `NotRequired[${t}]`; }
    return [p.name, t];
  });
  const out = [...typedDict(`${f.typeName}Args`, entries, true, `Arguments of ${f.kind} ${f.schema}.${f.name}.`), '', ''];
  const r = f.result;
  const n = `${f.typeName}Result`;
  ctx.imports.add('from typing import TypeAlias');
  if (r.kind === 'void') out.push(`${n}: TypeAlias = None`);
  else if (r.kind === 'relation') out.push(`${n}: TypeAlias = ${r.set ? `list[${r.typeName}]` : `${r.typeName} | None`}`);
  else if (r.kind === 'scalar') {
    const one = pyType(r.type, r.nullable, null, null, ctx);
    out.push(`${n}: TypeAlias = ${r.set ? `list[${one}]` : one}`);
  } else {
    out.push(...model(`${f.typeName}Row`, r.fields, [`One row of ${f.schema}.${f.name}.`], ctx), '', '');
    out.push(`${n}: TypeAlias = ${r.set ? `list[${f.typeName}Row]` : `${f.typeName}Row`}`);
  }
  out.push(`"""Result of ${f.schema}.${f.name}."""`, '', '');
  return out;
};

export const printPython = (m: GenModel, o: GenOptions): GeneratedFile[] => {
  const enumNames = new Map(m.enums.map((e) => [e.key, e.typeName]));
  const compositeNames = new Map(m.composites.map((c) => [c.key, c.typeName]));
  const ctx: PyCtx = { o, enumName: (k) => enumNames.get(k)!, compositeName: (k) => compositeNames.get(k)!, imports: new Set() };
  const body: string[] = [];
  for (const e of m.enums) {
    ctx.imports.add('from enum import StrEnum');
    const taken = new Set<string>();
    body.push(`class ${e.typeName}(StrEnum):`, ...docstring([`Enum ${e.schema}.${e.name}.`, ...(e.comment ? ['', ...commentLines(e.comment)] : [])], '    '), '');
    body.push(...e.values.map((v) => `    ${enumMember(v, taken)} = ${JSON.stringify(v)}`), '', '');
  }
  if (m.composites.length) ctx.imports.add('from pydantic import BaseModel, ConfigDict, Field');
  // After the enums (attributes may use them), before the rows that use them; each after the composites it uses.
  for (const c of m.composites) {
    body.push(...model(c.typeName, c.fields, [
      `Composite type ${c.schema}.${c.name}: every attribute may be NULL.`, '',
      'psycopg returns values of it as this model once register_types(conn) has run (as text before).',
      ...(c.comment ? ['', ...commentLines(c.comment)] : []),
    ], ctx), '', '');
  }
  for (const b of m.brands) {
    ctx.imports.add('from typing import NewType');
    body.push(`${b.name} = NewType(${JSON.stringify(b.name)}, ${pyType(b.type, false, null, null, ctx)})`, `"""Key of ${b.tag}; foreign keys to it share this type."""`, '', '');
  }
  if (m.relations.length) ctx.imports.add('from pydantic import BaseModel, ConfigDict, Field');
  for (const r of m.relations) {
    const what = r.kind === 'table' ? 'table' : r.kind === 'view' ? 'view' : 'materialized view';
    body.push(...model(r.typeName, r.fields, [`Row of ${what} ${r.schema}.${r.name}.`, ...(r.comment ? ['', ...commentLines(r.comment)] : [])], ctx), '', '');
    if (r.writable && o.writeTypes) body.push(...writeShapes(r, ctx));
  }
  for (const f of m.functions) {
    if (f.result.kind === 'row') ctx.imports.add('from pydantic import BaseModel, ConfigDict, Field');
    body.push(...functionShapes(f, ctx));
  }
  body.push(...registerTypes(m, ctx));
  const code = body.join('\n');
  return [
    { path: '__init__.py', text: `${header('#', m)}\n"""Types generated from the database schema by pg-flux gen (see models.py)."""\n` },
    { path: 'models.py', text: [header('#', m), '"""Row types of the database schema: pydantic v2 models and TypedDicts for psycopg 3."""', '', ...importLines(ctx.imports, code), '', '', code.trimEnd(), ''].join('\n') },
  ];
};

/**
 * `register_types(conn)`: psycopg loads the enums as their classes, the composites as their
 * models and the user range types as Range / Multirange (arrays of each as lists). Enums first,
 * then the composites and ranges in loading order (type-loads.ts).
 */
const registerTypes = (m: GenModel, ctx: PyCtx): string[] => {
  const loads = m.typeLoads.filter((l) => l.kind !== 'domain' && l.kind !== 'enum');
  if (m.enums.length === 0 && loads.length === 0) return [];
  ctx.imports.add('from psycopg import Connection');
  ctx.imports.add('from typing import Any');
  const composites = new Map(m.composites.map((c) => [c.key, c.typeName]));
  const calls = [
    ...m.enums.map((e) => `    _register_enum(conn, ${JSON.stringify(`${e.schema}.${e.name}`)}, ${e.typeName})`),
    ...loads.map((l) => (l.kind === 'composite'
      ? `    _register_composite(conn, ${JSON.stringify(l.sqlName)}, ${composites.get(l.key)!})`
      : `    _register_${l.kind}(conn, ${JSON.stringify(l.sqlName)})`)),
  ];
  const kinds = new Set(loads.map((l) => l.kind));
  const what = [m.enums.length ? 'the enums as their classes' : '', kinds.has('composite') ? 'the composite types as their models' : '',
    kinds.has('range') ? 'the range types as Range and Multirange' : ''].filter(Boolean).join('; ');
  const out = ['def register_types(conn: Connection[Any]) -> None:', `    """Make psycopg load ${what}; arrays of them as lists."""`, ...calls, '', ''];
  if (m.enums.length) {
    ctx.imports.add('from psycopg.types.enum import EnumInfo, register_enum');
    out.push(
      'def _register_enum(conn: Connection[Any], name: str, cls: type[StrEnum]) -> None:',
      '    info = EnumInfo.fetch(conn, name)',
      '    if info is None:',
      '        raise LookupError(f"enum {name} not found in the database")',
      '    # Members are matched to labels by value (psycopg matches names by default).',
      '    register_enum(info, conn, cls, mapping={m: m.value for m in cls})', '', '',
    );
  }
  if (kinds.has('composite')) {
    ctx.imports.add('from psycopg.types.composite import CompositeInfo, register_composite');
    out.push(
      'def _register_composite(conn: Connection[Any], name: str, cls: type[BaseModel]) -> None:',
      '    info = CompositeInfo.fetch(conn, name)',
      '    if info is None:',
      '        raise LookupError(f"composite type {name} not found in the database")',
      '    keys = [f.alias or n for n, f in cls.model_fields.items()]',
      '',
      '    def make(*values: Any) -> BaseModel:',
      '        # psycopg passes the attributes in order; the model takes them by attribute name.',
      '        return cls.model_validate(dict(zip(keys, values)))',
      '',
      '    register_composite(info, conn, make)', '', '',
    );
  }
  if (kinds.has('range')) {
    ctx.imports.add('from psycopg.types.range import RangeInfo, register_range');
    ctx.imports.add('from psycopg.types.multirange import MultirangeInfo, register_multirange');
    out.push(
      'def _register_range(conn: Connection[Any], name: str) -> None:',
      '    info = RangeInfo.fetch(conn, name)',
      '    if info is None:',
      '        raise LookupError(f"range type {name} not found in the database")',
      '    register_range(info, conn)', '', '',
      'def _register_multirange(conn: Connection[Any], name: str) -> None:',
      '    info = MultirangeInfo.fetch(conn, name)',
      '    if info is None:',
      '        raise LookupError(f"multirange type {name} not found in the database")',
      '    register_multirange(info, conn)', '', '',
    );
  }
  return out;
};

/** `from x import a, b` lines, merged per module, sorted, standard library first; only names the code uses. */
const importLines = (imports: ReadonlySet<string>, code: string): string[] => {
  const byModule = new Map<string, Set<string>>();
  for (const i of imports) {
    const m = /^from (\S+) import (.+)$/.exec(i);
    if (!m) continue;
    const set = byModule.get(m[1]!) ?? new Set();
    for (const n of m[2]!.split(',').map((x) => x.trim())) if (new RegExp(`\\b${n}\\b`).test(code)) set.add(n);
    byModule.set(m[1]!, set);
  }
  const third = (mod: string): boolean => mod.startsWith('pydantic') || mod.startsWith('psycopg');
  const line = (mod: string): string => `from ${mod} import ${[...byModule.get(mod)!].sort().join(', ')}`;
  const mods = [...byModule.keys()].filter((x) => byModule.get(x)!.size > 0).sort();
  const std = mods.filter((x) => !third(x)).map(line);
  const ext = mods.filter(third).map(line);
  return [...std, ...(std.length && ext.length ? [''] : []), ...ext];
};
