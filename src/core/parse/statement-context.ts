import type { Node } from './pg-query.js';
import type { SourceSpan } from '../model/objects.js';
import type { QualifiedName } from '../model/names.js';
import { diagnostic, type DiagnosticCode } from '../model/diagnostic.js';
import type { SchemaDraft } from './drafts.js';
import type { Locator } from './locate.js';
import { DEFAULT_SCHEMA } from '../canon/defaults.js';
import { splitQualified, truncateIdentifier } from '../canon/identifiers.js';
import type { SourceHints } from './hints.js';

/** What a statement handler gets: the draft to add to, and where it is in which file. */
export class StatementContext {
  /** The search_path the statement runs under when it is not the default one (parse/search-path.ts). */
  searchPath: readonly string[] | null = null;

  constructor(
    readonly draft: SchemaDraft,
    private readonly locator: Locator,
    readonly offset: number,
    readonly text: string,
    private readonly hints: SourceHints | null = null,
  ) {}

  /**
   * The old name from a `-- pg-flux:renamed-from old` comment on the line above the node at
   * parse-tree `location` (or above the statement), as an identifier; null when there is none.
   */
  renamedFrom(location?: number | null): string | null {
    if (!this.hints) return null;
    const raw = typeof location === 'number' && location >= 0 ? this.hints.renamedFromAboveLocation(location) : this.hints.renamedFromAbove(this.offset);
    if (raw === null) return null;
    const parts = splitQualified(raw);
    if (!parts || parts.length === 0 || parts.some((x) => x === '')) {
      this.error('invalid_definition', `-- pg-flux:renamed-from takes the old name (an identifier), got "${raw}"`, location);
      return null;
    }
    return parts[parts.length - 1]!;
  }

  /** The same for an enum value at string index `index` of the file: the old label, 'quoted' or bare. */
  renamedLabel(index: number): string | null {
    const raw = this.hints?.renamedFromAbove(index) ?? null;
    if (raw === null) return null;
    return /^'.*'$/.test(raw) ? raw.slice(1, -1).replace(/''/g, "'") : raw;
  }

  /** Span of a node location (absolute offset in the file), or of the statement itself. */
  span(location?: number | null): SourceSpan {
    return this.locator.span(typeof location === 'number' && location >= 0 ? location : this.offset);
  }

  /** Where a 1-based character position inside this statement's text is in the file. */
  at(position: number): SourceSpan {
    return this.locator.span(this.offset + Math.max(position - 1, 0));
  }

  error(code: DiagnosticCode, message: string, location?: number | null, hint: string | null = null): void {
    this.draft.diagnostics.push(diagnostic(code, message, this.span(location), hint));
  }

  unsupported(what: string, location?: number | null): void {
    this.error('unsupported_clause', `${what} is not supported yet`, location,
      'remove it from the schema source, or manage this object outside pg-flux for now');
  }
}

/** RangeVar → QualifiedName (unqualified names resolve to the default schema). */
export const rangeVarName = (rv: Node): QualifiedName => ({
  schema: truncateIdentifier(rv['schemaname'] ?? DEFAULT_SCHEMA),
  name: truncateIdentifier(rv['relname']),
});

/** A `names` list of String nodes (any-name) → QualifiedName. */
export const anyName = (names: readonly Node[]): QualifiedName => {
  const parts = names.map((n) => truncateIdentifier(n['String']?.sval ?? ''));
  return parts.length === 1 ? { schema: DEFAULT_SCHEMA, name: parts[0]! } : { schema: parts[parts.length - 2]!, name: parts[parts.length - 1]! };
};

export const keyOfName = (n: QualifiedName): string => `${n.schema}.${n.name}`;
