import type { EnumDef, ExtensionDef, NamespaceDef } from '../model/objects.js';
import { qname } from '../model/names.js';
import type { EnumRow, ExtensionRow, NamespaceRow } from './rows.js';

export const buildNamespace = (row: NamespaceRow): NamespaceDef => ({ kind: 'schema', name: row.name, source: null });

export const buildExtension = (row: ExtensionRow): ExtensionDef => ({
  kind: 'extension', name: row.name, schema: row.schema, version: row.version, relocatable: row.relocatable, source: null,
});

/** Labels arrive in enumsortorder (aggregated in SQL), which is the declared order. */
export const buildEnum = (row: EnumRow): EnumDef => ({
  kind: 'enum', name: qname(row.schema, row.name), values: [...row.labels], source: null,
});
