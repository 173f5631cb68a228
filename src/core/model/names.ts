/** A schema-qualified name, stored raw (unquoted, case preserved as PostgreSQL stores it). */
export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

/** Identity key of a schema-qualified object. Never SQL: quote with emit/sql/quote.ts. */
export const keyOf = (n: QualifiedName): string => `${n.schema}.${n.name}`;

export const qname = (schema: string, name: string): QualifiedName => ({ schema, name });

export const sameName = (a: QualifiedName, b: QualifiedName): boolean =>
  a.schema === b.schema && a.name === b.name;

/** `schema.name` key → QualifiedName (split at the first dot: a schema name rarely holds one). */
export const parseQualifiedKey = (key: string): QualifiedName => {
  const i = key.indexOf('.');
  return { schema: key.slice(0, i), name: key.slice(i + 1) };
};
