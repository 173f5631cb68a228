/**
 * Types that well-known extensions create, so that a column of type `citext` can be checked
 * against the extensions the source declares. An extension missing from this table may create
 * any type: when the source declares one, unknown types are given the benefit of the doubt.
 */
export const EXTENSION_TYPES: Readonly<Record<string, readonly string[]>> = {
  citext: ['citext'],
  hstore: ['hstore'],
  ltree: ['ltree', 'lquery', 'ltxtquery'],
  cube: ['cube'],
  seg: ['seg'],
  isn: ['ean13', 'isbn', 'ismn', 'issn', 'upc', 'isbn13', 'ismn13', 'issn13'],
  postgis: ['geometry', 'geography', 'box2d', 'box3d'],
  vector: ['vector', 'halfvec', 'sparsevec'],
  pg_trgm: ['gtrgm'],
  btree_gist: [], btree_gin: [], pgcrypto: [], 'uuid-ossp': [], pg_stat_statements: [], unaccent: [],
  fuzzystrmatch: [], tablefunc: [], intarray: [], pgstattuple: [], amcheck: [], plpgsql: [],
};

/** The declared extension that provides `typeName`, `true` if some declared extension might, else null. */
export const extensionProviding = (typeName: string, declared: readonly string[]): string | true | null => {
  for (const e of declared) if (EXTENSION_TYPES[e]?.includes(typeName)) return e;
  return declared.some((e) => !(e in EXTENSION_TYPES)) ? true : null;
};
