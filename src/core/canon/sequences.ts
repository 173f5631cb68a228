/** Sequence options with PostgreSQL's defaults filled in (src/backend/commands/sequence.c). */
import type { SequenceOptions } from '../model/objects.js';

export type SeqType = SequenceOptions['dataType'];

const LIMITS: Readonly<Record<SeqType, readonly [bigint, bigint]>> = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [-9223372036854775808n, 9223372036854775807n],
};

export interface PartialSequenceOptions {
  dataType?: SeqType;
  start?: bigint;
  increment?: bigint;
  minValue?: bigint | null; // null: NO MINVALUE
  maxValue?: bigint | null;
  cache?: bigint;
  cycle?: boolean;
}

export const fillSequenceOptions = (p: PartialSequenceOptions, defaultType: SeqType = 'int8'): SequenceOptions => {
  const dataType = p.dataType ?? defaultType;
  const [typeMin, typeMax] = LIMITS[dataType];
  const increment = p.increment ?? 1n;
  const asc = increment > 0n;
  const minValue = p.minValue ?? (asc ? 1n : typeMin);
  const maxValue = p.maxValue ?? (asc ? typeMax : -1n);
  const start = p.start ?? (asc ? minValue : maxValue);
  return {
    dataType, start: String(start), increment: String(increment), minValue: String(minValue),
    maxValue: String(maxValue), cache: String(p.cache ?? 1n), cycle: p.cycle ?? false,
  };
};

/**
 * The options after `ALTER SEQUENCE ... AS type` (init_params in sequence.c): bounds that were
 * the old type's limits become the new type's, explicit bounds stay. PostgreSQL does the same to
 * an identity sequence when its column changes type.
 */
export const retypeSequence = (o: SequenceOptions, dataType: SeqType): SequenceOptions => {
  if (o.dataType === dataType) return o;
  const [oldMin, oldMax] = LIMITS[o.dataType];
  const [newMin, newMax] = LIMITS[dataType];
  const asc = BigInt(o.increment) > 0n;
  return {
    ...o, dataType,
    maxValue: BigInt(o.maxValue) === oldMax ? String(asc ? newMax : -1n) : o.maxValue,
    minValue: BigInt(o.minValue) === oldMin ? String(asc ? 1n : newMin) : o.minValue,
  };
};

/** Whether every bound and the start of `o` fit in `dataType` (what ALTER ... AS / a column retype checks). */
export const fitsSequenceType = (o: SequenceOptions, dataType: SeqType): boolean => {
  const [min, max] = LIMITS[dataType];
  return [o.minValue, o.maxValue, o.start].every((v) => BigInt(v) >= min && BigInt(v) <= max);
};

export const seqTypeOf = (typeName: string): SeqType | null =>
  typeName === 'int2' || typeName === 'smallint' ? 'int2'
    : typeName === 'int4' || typeName === 'integer' ? 'int4'
      : typeName === 'int8' || typeName === 'bigint' ? 'int8' : null;

export const sameSequenceOptions = (a: SequenceOptions, b: SequenceOptions): boolean =>
  a.dataType === b.dataType && a.start === b.start && a.increment === b.increment && a.minValue === b.minValue &&
  a.maxValue === b.maxValue && a.cache === b.cache && a.cycle === b.cycle;

import type { Node } from '../parse/pg-query.js';
import type { QualifiedName } from '../model/names.js';
import { defElemValue } from './options.js';
import { typeRefFromAst } from './type-names.js';
import { DEFAULT_SCHEMA } from './defaults.js';

/**
 * True when ALTER SEQUENCE from `from` to `to` must also RESTART (at the new START): the value
 * the sequence holds must lie within the new bounds, and an unused sequence holds its START. So
 * when the old START falls outside the new range, or the direction flips (an ascending
 * sequence's values cannot suit a descending one), the alteration can only succeed by starting
 * over, which may hand out values the sequence generated before.
 */
export const sequenceRestarts = (from: SequenceOptions, to: SequenceOptions): boolean => {
  const flips = (BigInt(from.increment) > 0n) !== (BigInt(to.increment) > 0n);
  const start = BigInt(from.start);
  return flips || start < BigInt(to.minValue) || start > BigInt(to.maxValue);
};

export interface SequenceClauses {
  readonly options: PartialSequenceOptions;
  /** OWNED BY [schema.]table.column (null: OWNED BY NONE or absent). */
  readonly ownedBy: { readonly table: QualifiedName; readonly column: string } | null | undefined;
  /** SEQUENCE NAME of an identity column. */
  readonly sequenceName: QualifiedName | undefined;
}

const big = (arg: Node | undefined): bigint => BigInt(defElemValue(arg));

/** Read CREATE/ALTER SEQUENCE (or identity) option DefElems. Unknown options throw. */
export const sequenceClauses = (defs: readonly Node[] | undefined): SequenceClauses => {
  const options: PartialSequenceOptions = {};
  let ownedBy: SequenceClauses['ownedBy'];
  let sequenceName: QualifiedName | undefined;
  for (const d of (defs ?? []).map((n) => n['DefElem'])) {
    const arg = d.arg as Node | undefined;
    switch (d.defname) {
      case 'as': {
        const t = typeRefFromAst(arg!['TypeName']);
        const st = seqTypeOf(t.name);
        if (!st) throw new Error(`sequence type must be smallint, integer or bigint, not ${t.name}`);
        options.dataType = st;
        break;
      }
      case 'increment': options.increment = big(arg); break;
      case 'start': options.start = big(arg); break;
      case 'minvalue': options.minValue = arg ? big(arg) : null; break;
      case 'maxvalue': options.maxValue = arg ? big(arg) : null; break;
      case 'cache': options.cache = big(arg); break;
      case 'cycle': options.cycle = arg ? arg['Boolean']?.boolval === true : true; break;
      case 'restart': break; // RESTART changes the current value only, not the definition.
      case 'owned_by': {
        const parts: string[] = (arg?.['List']?.items ?? []).map((n: Node) => n['String']?.sval);
        if (parts.length === 1 && parts[0] === 'none') ownedBy = null;
        else if (parts.length === 2) ownedBy = { table: { schema: DEFAULT_SCHEMA, name: parts[0]! }, column: parts[1]! };
        else if (parts.length === 3) ownedBy = { table: { schema: parts[0]!, name: parts[1]! }, column: parts[2]! };
        else throw new Error(`invalid OWNED BY ${parts.join('.')}`);
        break;
      }
      case 'sequence_name': {
        const parts: string[] = (arg?.['List']?.items ?? []).map((n: Node) => n['String']?.sval);
        sequenceName = parts.length === 1 ? { schema: DEFAULT_SCHEMA, name: parts[0]! } : { schema: parts[0]!, name: parts[1]! };
        break;
      }
      default: throw new Error(`unsupported sequence option ${String(d.defname).toUpperCase()}`);
    }
  }
  return { options, ownedBy, sequenceName };
};
