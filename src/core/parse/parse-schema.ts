/**
 * Source files → Schema. Statements may appear in any order across files; files are read in
 * the order given (the shell sorts paths). All problems are collected and reported together.
 */
import type { Node } from './pg-query.js';
import { Locator } from './locate.js';
import { SourceHints } from './hints.js';
import { MAX_IDENTIFIER_BYTES } from './long-identifiers.js';
import { isSyntaxError, parseFileText, type FileParse } from './parse-file.js';
import { quoteIdent } from '../emit/sql/quote.js';
import { newDraft, type SchemaDraft } from './drafts.js';
import { StatementContext, keyOfName, rangeVarName } from './statement-context.js';
import { dispatchStatement } from './statements/dispatch.js';
import { declareFile, isDefaultPath, newDeclaredNames, SearchPathQualifier, searchPathSetBy, type DeclaredNames } from './search-path.js';
import { applyAlters } from './resolve-columns.js';
import { resolvePartitions } from './resolve-partitions.js';
import { chooseDefaultNames } from './resolve-names.js';
import { applyConstraintRenames } from './resolve-renames.js';
import { dropRedundantKeys } from './redundant-keys.js';
import { buildModel } from './resolve-build.js';
import { checkReferences } from './resolve-references.js';
import { declaredViews, resolveBodies } from './resolve-bodies.js';
import type { AuthzDraft, DraftBody } from './drafts.js';
import { buildTypes, resolveCollationName } from './resolve-types.js';
import type { CompositeTypeDef, EventTriggerDef, StatisticsDef } from '../model/objects.js';
import { quoteQualified } from '../emit/sql/quote.js';
import { defaultStorage } from '../canon/storage.js';
import { typeToSql } from '../canon/type-names.js';
import type { TableDef } from '../model/objects.js';

const mapCollations = (rec: Record<string, CompositeTypeDef>, declared: ReadonlySet<string>): Record<string, CompositeTypeDef> =>
  Object.fromEntries(Object.entries(rec).map(([k, t]) => [k, { ...t, attributes: t.attributes.map((a) => ({ ...a, collation: resolveCollationName(a.collation, declared) })) }]));
import { DiagnosticError, diagnostic } from '../model/diagnostic.js';
import type { Schema } from '../model/schema.js';
import type { RenameHint } from '../model/rename-hint.js';
import { DEFAULT_SCHEMA } from '../canon/defaults.js';
import { sortedRecord } from '../model/sorted.js';
import { declaredForeign } from './resolve-foreign.js';

export interface SourceFile {
  /** Path as shown to the user (relative to the working directory). */
  readonly path: string;
  readonly text: string;
}

export interface ParseResult {
  /**
   * The desired model. Its programmable kinds (views, functions, aggregates, triggers, rules)
   * are still empty: their canonical forms come from the canonicaliser, which loads `bodies`
   * into a scratch database (core/canonicalise, shell/canonicalise).
   */
  readonly schema: Schema;
  /** The statements of programmable kinds (and ALTERs of them), in source order. */
  readonly bodies: readonly DraftBody[];
  /**
   * Comments, owners and privileges as the source declares them; resolved against the
   * canonicalised model and the target (its role, its major) by core/authz/resolve.ts.
   */
  readonly authz: AuthzDraft;
  /** Things read but deliberately not modelled, e.g. `OWNER TO (3 statements)`. */
  readonly warnings: readonly string[];
  /** `-- pg-flux:renamed-from` hints, for the planner. */
  readonly renames: readonly RenameHint[];
}

export interface ParseOptions {
  /**
   * How one file's text becomes its statements (default: parseFileText). The shell passes a
   * cached one (shell/fs/parse-cache.ts); it must give what parseFileText gives for the text.
   */
  readonly parseFile?: (text: string) => FileParse;
}

/** Parse one file's statements into the draft (syntax errors become diagnostics). */
function* parseFile(draft: SchemaDraft, file: SourceFile, every: number, opts: ParseOptions, declared: DeclaredNames): Generator<void> {
  const locator = new Locator(file.path, file.text);
  const hints = SourceHints.of(file.text);
  const parsed = (opts.parseFile ?? parseFileText)(file.text);
  if (isSyntaxError(parsed)) {
    draft.diagnostics.push(diagnostic('syntax_error', parsed.syntaxError.message, locator.span(parsed.syntaxError.offset ?? 0)));
    return;
  }
  const stmts = parsed.statements;
  for (const long of parsed.longIdentifiers) {
    const cut = Buffer.from(long.name, 'utf8').subarray(0, MAX_IDENTIFIER_BYTES).toString('utf8').replace(/\uFFFD$/, '');
    draft.diagnostics.push(diagnostic('invalid_definition',
      `identifier ${quoteIdent(long.name)} is ${long.bytes} bytes long: PostgreSQL cuts names to ${MAX_IDENTIFIER_BYTES} bytes ` +
      `(it would become ${quoteIdent(cut)}); shorten it`, locator.span(long.offset)));
  }
  declareFile(stmts.map((s) => s.node), declared);
  let qualifier: SearchPathQualifier | null = null;
  let searchPath: readonly string[] | null = null;
  for (const [i, s] of stmts.entries()) {
    const ctx = new StatementContext(draft, locator, s.offset, s.text, hints);
    const set = searchPathSetBy(s.node);
    if (set === undefined) ctx.unsupported('SET search_path to a computed value in schema source');
    else if (set !== null) {
      searchPath = isDefaultPath(set) ? null : set;
      qualifier = searchPath ? new SearchPathQualifier(searchPath, declared) : null;
    }
    ctx.searchPath = searchPath;
    try {
      // The qualifier rewrites names in place: a copy, since the parsed statements may be the
      // parse cache's (shell/fs/parse-cache.ts), which must hold the file's own text's tree.
      const node = set === null && qualifier ? qualifier.qualified(s.node) : s.node;
      dispatchStatement(node, ctx);
    } catch (e) {
      ctx.error('invalid_definition', (e as Error).message);
    }
    if (i % every === every - 1) yield;
  }
}

/** Statements between pauses of parseSchemaAsync inside one file. */
const STATEMENTS_PER_PAUSE = 400;

/** Parse source files into the model, or throw DiagnosticError listing every problem. */
export const parseSchema = (files: readonly SourceFile[], opts: ParseOptions = {}): ParseResult => {
  const draft = newDraft();
  const declared = newDeclaredNames();
  for (const file of files) for (const _ of parseFile(draft, file, Number.MAX_SAFE_INTEGER, opts, declared)) { /* no pauses */ }
  return finishParse(draft);
};

/**
 * The same as parseSchema, but awaits `pause()` after every file and every few hundred
 * statements, so that a caller can let other work run in between (the shell lets the catalog
 * queries of the live side progress while the source is parsed). The result is identical.
 */
export const parseSchemaAsync = async (files: readonly SourceFile[], pause: () => Promise<void>, opts: ParseOptions = {}): Promise<ParseResult> => {
  const draft = newDraft();
  const declared = newDeclaredNames();
  for (const file of files) {
    for (const _ of parseFile(draft, file, STATEMENTS_PER_PAUSE, opts, declared)) await pause();
    await pause();
  }
  return finishParse(draft);
};

/** The declared event triggers with their ALTER ... ENABLE / DISABLE applied in source order. */
const eventTriggers = (draft: SchemaDraft): Record<string, EventTriggerDef> => {
  const out = new Map(draft.eventTriggers);
  for (const a of draft.eventTriggerAlters) {
    const e = out.get(a.name);
    if (!e) draft.diagnostics.push(diagnostic('unknown_reference', `ALTER EVENT TRIGGER names event trigger ${quoteIdent(a.name)}, which is declared nowhere`, a.span));
    else out.set(a.name, { ...e, enabled: a.enabled });
  }
  return sortedRecord(out);
};

/** The declared statistics with their ALTER STATISTICS ... SET STATISTICS applied, checked against their tables. */
const declaredStatistics = (draft: SchemaDraft): Record<string, StatisticsDef> => {
  const out = new Map(draft.statistics);
  for (const a of draft.statisticsAlters) {
    const s = out.get(keyOfName(a.name));
    if (s) out.set(keyOfName(a.name), { ...s, target: a.target });
    else if (!a.missingOk) draft.diagnostics.push(diagnostic('unknown_reference', `ALTER STATISTICS names statistics ${quoteQualified(a.name)}, which is declared nowhere`, a.span));
  }
  for (const s of out.values()) {
    const t = draft.tables.get(keyOfName(s.table));
    // Statistics on a materialized view are checked by the server (views are canonicalised there).
    if (!t) continue;
    const missing = s.columns.filter((c) => !t.columns.some((x) => x.name === c));
    if (missing.length) draft.diagnostics.push(diagnostic('unknown_reference', `column ${quoteIdent(missing[0]!)} of ${quoteQualified(s.table)} does not exist (statistics ${quoteQualified(s.name)})`, s.source));
  }
  return sortedRecord(out);
};

const keyOfRangeVar = (rv: Node): string => keyOfName(rangeVarName(rv));

/**
 * A declared STORAGE that is the column type's own is no choice (the catalog cannot tell it
 * apart): left out of the model. A type stored PLAIN takes no other storage.
 */
const settleStorage = (tables: Map<string, TableDef>, types: Pick<Schema, 'enums' | 'domains'>, draft: SchemaDraft): void => {
  for (const [k, t] of tables) {
    if (!t.columns.some((c) => c.storage !== undefined)) continue;
    const columns = t.columns.map((c) => {
      if (c.storage === undefined) return c;
      const own = defaultStorage(c.type, types);
      if (own === 'plain' && c.storage !== 'plain') {
        draft.diagnostics.push(diagnostic('invalid_definition', `column ${quoteIdent(c.name)} of ${quoteQualified(t.name)} is of type ${typeToSql(c.type)}, which can only have storage PLAIN`, c.source));
      }
      if (c.storage !== own) return c;
      const { storage: _, ...rest } = c;
      return rest;
    });
    tables.set(k, { ...t, columns });
  }
};

const finishParse = (draft: SchemaDraft): ParseResult => {
  if (draft.diagnostics.length) throw new DiagnosticError(draft.diagnostics);
  if (!draft.schemas.has(DEFAULT_SCHEMA)) draft.schemas.set(DEFAULT_SCHEMA, { kind: 'schema', name: DEFAULT_SCHEMA, source: null });
  applyAlters(draft);
  resolvePartitions(draft);
  const events = eventTriggers(draft);
  const foreign = declaredForeign(draft);
  const statistics = declaredStatistics(draft);
  dropRedundantKeys(draft);
  const names = chooseDefaultNames(draft);
  applyConstraintRenames(draft, names);
  if (draft.diagnostics.length) throw new DiagnosticError(draft.diagnostics);
  const built = buildModel(draft, names);
  const types = buildTypes(draft, names.constraints);
  // COLLATE names the source's own collation where it declares one of that name.
  const declaredCollations = new Set(Object.keys(types.collations));
  for (const [k, t] of built.tables) {
    if (t.columns.some((c) => c.collation?.schema === 'pg_catalog' && declaredCollations.has(`${DEFAULT_SCHEMA}.${c.collation.name}`))) {
      built.tables.set(k, { ...t, columns: t.columns.map((c) => ({ ...c, collation: resolveCollationName(c.collation, declaredCollations) })) });
    }
  }
  settleStorage(built.tables, { enums: Object.fromEntries(draft.enums), domains: types.domains }, draft);
  const parts = { schemas: draft.schemas, extensions: draft.extensions, enums: draft.enums, ...built, ...types };
  const bodies = resolveBodies(draft);
  const views = declaredViews(bodies);
  // Indexes on materialized views are loaded with them into the scratch database: checked there.
  const viewIndexes: DraftBody[] = draft.indexes.filter((i) => views.has(keyOfRangeVar(i.stmt['relation']))).map((i) => ({
    kind: 'view', key: keyOfRangeVar(i.stmt['relation']), provides: [], requires: [`table:${keyOfRangeVar(i.stmt['relation'])}`],
    sql: i.sql, alter: true, span: i.span, at: i.at,
  }));
  const problems = [...draft.diagnostics, ...checkReferences(parts, views)];
  if (problems.length) throw new DiagnosticError(problems);
  const schema: Schema = {
    schemas: sortedRecord(parts.schemas), extensions: sortedRecord(parts.extensions), enums: sortedRecord(parts.enums),
    sequences: sortedRecord(parts.sequences), tables: sortedRecord(parts.tables), constraints: sortedRecord(parts.constraints),
    indexes: sortedRecord(parts.indexes), statistics, views: {}, functions: {}, aggregates: {}, triggers: {}, rules: {}, eventTriggers: events,
    domains: Object.fromEntries(Object.entries(types.domains).map(([k, d]) => [k, { ...d, collation: resolveCollationName(d.collation, declaredCollations) }])),
    compositeTypes: mapCollations(types.compositeTypes, declaredCollations),
    rangeTypes: Object.fromEntries(Object.entries(types.rangeTypes).map(([k, r]) => [k, { ...r, collation: resolveCollationName(r.collation, declaredCollations) }])), collations: types.collations, policies: {}, rowSecurity: types.rowSecurity,
    comments: {}, owners: {}, privileges: {}, defaultPrivileges: {}, ...foreign, casts: sortedRecord(draft.casts), unmanaged: [],
  };
  const warnings = [...draft.ignored].map(([what, n]) => `${what} is not managed yet: ${n} statement(s) ignored`);
  const viewClusters: DraftBody[] = draft.viewClusterAlters.map((c) => ({
    kind: 'view', key: keyOfName(c.view), provides: [], requires: [`table:${keyOfName(c.view)}`], alter: true, span: c.span, at: () => c.span,
    sql: `ALTER MATERIALIZED VIEW ${quoteQualified(c.view)} ${c.index === null ? 'SET WITHOUT CLUSTER' : `CLUSTER ON ${quoteIdent(c.index)}`}`,
  }));
  return { schema, bodies: [...bodies, ...viewIndexes, ...viewClusters], authz: draft.authz, warnings, renames: draft.renames };
};
