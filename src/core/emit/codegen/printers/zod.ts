/**
 * `validators.ts`: zod 4 schemas for every shape in tables.ts (`<Type>Schema`,
 * `<Type>InsertSchema`, `<Type>UpdateSchema`), whose `z.infer` is the interface: branded keys
 * parse into their brand, optional keys use `exactOptional()`. CHECK constraints add
 * refinements that the database guarantees (literal lists, bounds, lengths).
 */
import type { GenOptions } from '../options.js';
import type { GenField, GenModel } from '../ir.js';
import { header } from '../header.js';
import { tsSpelling } from './ts-types.js';
import { tsNames, tsPropName } from './ts.js';

const fieldZod = (f: GenField, o: GenOptions, names: ReturnType<typeof tsNames>): string => {
  const sp = tsSpelling(f.type, f.checks, o, names);
  let z = sp.zod;
  if (f.brand) z = `${z}.transform((v) => v as ${f.brand})`;
  return f.nullable ? `${z}.nullable()` : z;
};

export const printZod = (m: GenModel, o: GenOptions): string => {
  const names = tsNames(m);
  const body: string[] = [];
  // Names from tables.ts the schemas use, collected while printing (scanning the text per name is quadratic).
  const values = new Set<string>();
  const types = new Set<string>();
  let temporal = false;
  const enumValues = new Set(m.enums.map((e) => `${e.typeName}Values`));
  const object = (name: string, fields: readonly GenField[], mode: 'row' | 'insert' | 'update'): void => {
    body.push(`export const ${name}Schema = z.object({`);
    for (const f of fields) {
      const m2 = mode === 'row' ? 'required' : mode === 'insert' ? f.insert : f.update;
      if (m2 === 'omit') continue;
      const z = fieldZod(f, o, names);
      for (const w of z.match(/\b\w+Values\b/g) ?? []) if (enumValues.has(w)) values.add(w);
      if (f.brand) types.add(f.brand);
      if (z.includes('PgInterval')) types.add('PgInterval');
      if (z.includes('Temporal.')) temporal = true;
      body.push(`  ${tsPropName(f.column, o)}: ${m2 === 'optional' ? `${z}.exactOptional()` : z},`);
    }
    body.push('});', '');
  };
  // The parsed shape of each composite (its columns are text: see tables.ts), for code that parses the literal.
  for (const c of m.composites) object(c.typeName, c.fields, 'row');
  for (const r of m.relations) {
    object(r.typeName, r.fields, 'row');
    if (r.writable && o.writeTypes) {
      object(`${r.typeName}Insert`, r.fields, 'insert');
      object(`${r.typeName}Update`, r.fields, 'update');
    }
  }
  const text = body.join('\n');
  const sorted = (x: Set<string>): string[] => [...x].sort();
  const imports = [
    "import { z } from 'zod';",
    ...(temporal ? ["import { Temporal } from 'temporal-polyfill';"] : []),
    ...(values.size ? [`import { ${sorted(values).join(', ')} } from './tables.js';`] : []),
    ...(types.size ? [`import type { ${sorted(types).join(', ')} } from './tables.js';`] : []),
  ];
  return [header('//', m), '', ...imports, '', text.trimEnd(), ''].join('\n');
};
