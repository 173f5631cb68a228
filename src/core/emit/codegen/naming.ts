/**
 * Names in generated code: case conversion, English singulars for row types, and the type names
 * every language must avoid. Pure string functions; each printer adds its own escaping.
 */

const wordCache = new Map<string, readonly string[]>();

/** Words of an identifier: split at non-alphanumerics and lower→upper boundaries (memoised: names repeat). */
export const words = (s: string): readonly string[] => {
  let w = wordCache.get(s);
  if (!w) {
    w = s.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (wordCache.size > 100_000) wordCache.clear();
    wordCache.set(s, w);
  }
  return w;
};

const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

/** Starts with a letter that has an upper case (Go exports only such names; others get a prefix). */
const exportable = (p: string): boolean => /^\p{Lu}/u.test(p);

export const pascal = (s: string): string => {
  const p = words(s).map(cap).join('');
  return p === '' ? 'X' : exportable(p) ? p : `X${p}`;
};

export const camel = (s: string): string => {
  const p = pascal(s);
  return p.charAt(0).toLowerCase() + p.slice(1);
};

export const snake = (s: string): string => {
  const p = words(s).map((w) => w.toLowerCase()).join('_');
  return p === '' ? 'x' : /^\p{N}/u.test(p) ? `x_${p}` : p;
};

const IRREGULAR: Readonly<Record<string, string>> = {
  people: 'person', children: 'child', men: 'man', women: 'woman', data: 'data', media: 'media', series: 'series',
  news: 'news', status: 'status', statuses: 'status', analyses: 'analysis', indices: 'index', matrices: 'matrix',
};

/** A conservative English singular of one word ("users" → "user", "categories" → "category"). */
export const singularWord = (w: string): string => {
  const lower = w.toLowerCase();
  const irregular = IRREGULAR[lower];
  if (irregular) return w === lower ? irregular : cap(irregular);
  if (lower.length <= 3 || /(ss|us|is|os)$/.test(lower)) return w;
  if (/[^aeiou]ies$/.test(lower)) return `${w.slice(0, -3)}${w.endsWith('S') ? 'Y' : 'y'}`;
  if (/(sses|shes|ches|xes|zes)$/.test(lower)) return w.slice(0, -2);
  if (lower.endsWith('s')) return w.slice(0, -1);
  return w;
};

/** Singular of an identifier: only its last word changes ("order_items" → "order_item"). */
export const singular = (name: string): string => {
  const m = /^(.*?)([\p{L}]+)$/u.exec(name);
  if (!m) return name;
  return `${m[1]}${singularWord(m[2]!)}`;
};

/**
 * Type names that clash with a language's built-ins or with helpers the printers emit: a
 * relation or enum with such a Pascal name gets a suffix instead of shadowing it.
 */
export const RESERVED_TYPE_NAMES = new Set([
  // TypeScript / JavaScript globals
  'String', 'Number', 'Boolean', 'Date', 'Buffer', 'Array', 'Object', 'Record', 'Symbol', 'Function', 'Promise', 'Map',
  'Set', 'Error', 'Partial', 'Readonly', 'Uint8Array', 'Temporal', 'BigInt', 'JSON', 'Math', 'Intl', 'Proxy',
  // Rust prelude and std names used in field types
  'Option', 'Vec', 'Box', 'Result', 'Some', 'None', 'Ok', 'Err', 'Self', 'Default', 'Clone', 'Debug', 'Copy', 'Send', 'Sync',
  'Decimal', 'Uuid', 'Value', 'NaiveDate', 'NaiveTime', 'NaiveDateTime', 'DateTime', 'Utc', 'FromRow', 'Type',
  // Python builtins / typing names
  'Any', 'Literal', 'TypedDict', 'NotRequired', 'Required', 'BaseModel', 'Field', 'ConfigDict', 'JsonValue', 'Enum', 'StrEnum',
  'NewType', 'Union', 'List', 'Dict', 'Annotated', 'UUID', 'True', 'False',
  // Go predeclared / stdlib names used in field types
  'Time', 'Duration', 'RawMessage', 'Prefix', 'HardwareAddr', 'Numeric', 'Interval', 'Range',
  // helpers the printers emit
  'PgInterval', 'PgPoint', 'PgCircle', 'PgRange', 'PgMoney', 'PgTimeTz', 'Oid', 'IpNetwork', 'MacAddress', 'BitVec',
]);
