/**
 * What the hazard classifier knows about the target besides its schema: how big each table is
 * (a 10-row table and a 100-million-row one take the same lock for very different times) and
 * which function bodies exist (PostgreSQL does not track the names they use). Read by the shell
 * in one set-based query; absent in pure tests, where sizes are "unknown".
 */
import type { Schema } from '../model/schema.js';

export interface TableSize {
  /** pg_class.reltuples: the planner's row estimate, or null when never vacuumed/analysed (-1). */
  readonly rows: number | null;
  /** pg_class.relpages as of the last VACUUM/ANALYZE. */
  readonly pages: number;
  /** pg_relation_size(): the heap's actual size now. */
  readonly bytes: number;
}

export interface RoutineBody {
  /** `schema.name(args)` as the catalog prints it. */
  readonly name: string;
  readonly body: string;
}

export interface LiveFacts {
  /** By table key `schema.name`. */
  readonly sizes: Readonly<Record<string, TableSize>>;
  readonly routines: readonly RoutineBody[];
}

export interface HazardSettings {
  /** Estimated rows from which a table counts as large (TABLE_LOCK). */
  readonly largeTableRows: number;
  /** MASS_DROP: more than this percentage of the live managed objects dropped... */
  readonly massDropPercent: number;
  /** ...and at least this many of them (a DATA_LOSS hazard covers each single drop anyway). */
  readonly massDropMinimum: number;
}

export const DEFAULT_HAZARD_SETTINGS: HazardSettings = { largeTableRows: 100_000, massDropPercent: 25, massDropMinimum: 3 };

const PAGE = 8192;
/** Rows per page assumed when the table was never analysed (a typical narrow row). */
const DEFAULT_DENSITY = 60;

/** Estimated rows now: the catalog's rows-per-page density times the table's current pages (as the planner does). */
export const estimatedRows = (s: TableSize): number => {
  const pagesNow = Math.ceil(s.bytes / PAGE);
  if (pagesNow === 0) return 0;
  const density = s.rows !== null && s.rows >= 0 && s.pages > 0 ? s.rows / s.pages : DEFAULT_DENSITY;
  return Math.round(density * pagesNow);
};

const fmt = (n: number): string => n.toLocaleString('en-US');

/** `~1,204,000 rows, 9,800 pages (76 MB)`, for messages. */
export const describeSize = (s: TableSize | undefined): string => {
  if (!s) return 'size unknown';
  const mb = s.bytes / (1024 * 1024);
  const size = mb >= 1 ? `${fmt(Math.round(mb))} MB` : `${fmt(Math.round(s.bytes / 1024))} kB`;
  return `~${fmt(estimatedRows(s))} rows, ${fmt(Math.ceil(s.bytes / PAGE))} pages (${size}${s.rows === null ? ', never analysed' : ''})`;
};

/** What the classifier reads while walking the statements of one run, in order. */
export interface RunState {
  readonly live: Schema;
  readonly facts: LiveFacts | null;
  readonly settings: HazardSettings;
  /** Tables created earlier in this run (empty: no scan or lock hazard on them). */
  readonly created: Set<string>;
  /** Every object created earlier in this run, as `rel:s.n`, `fn:s.n`, `schema:n`, `type:s.n` (its grants and owner change no one's access). */
  readonly createdObjects: Set<string>;
  /** Managed objects dropped in this run, as `kind:key` (for MASS_DROP). */
  readonly dropped: Set<string>;
  /** Constraints added in this run or live as `CHECK (col IS NOT NULL)`: key `schema.table.name` → column. */
  readonly notNullChecks: Map<string, { readonly column: string; valid: boolean }>;
}

export const newRunState = (live: Schema, facts: LiveFacts | null, settings: HazardSettings = DEFAULT_HAZARD_SETTINGS): RunState =>
  ({ live, facts, settings, created: new Set(), createdObjects: new Set(), dropped: new Set(), notNullChecks: new Map() });

/** A table that holds rows before this run: it exists live and was not created by the run. */
export const existingTable = (st: RunState, key: string): boolean => key in st.live.tables && !st.created.has(key);

/** An existing table that may hold rows (unknown sizes count as non-empty). */
export const mayHoldRows = (st: RunState, key: string): boolean => {
  if (!existingTable(st, key)) return false;
  const s = st.facts?.sizes[key];
  return s === undefined || s.bytes > 0;
};

/** An existing table over the large-table threshold (unknown sizes are not large). */
export const isLarge = (st: RunState, key: string): boolean => {
  if (!existingTable(st, key)) return false;
  const s = st.facts?.sizes[key];
  return s !== undefined && estimatedRows(s) >= st.settings.largeTableRows;
};

export const sizeOf = (st: RunState, key: string): string => describeSize(st.facts?.sizes[key]);

/** Routines whose body mentions every one of `words` as a whole word (case-insensitive). */
export const routinesMentioning = (st: RunState, words: readonly string[]): string[] => {
  const routines = st.facts?.routines ?? Object.values(st.live.functions).map((f) => ({ name: `${f.name.schema}.${f.name.name}(${f.signature})`, body: f.body }));
  const res = words.map((w) => new RegExp(`(^|[^A-Za-z0-9_$])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_$])`, 'i'));
  return routines.filter((r) => res.every((re) => re.test(r.body))).map((r) => r.name).sort();
};
