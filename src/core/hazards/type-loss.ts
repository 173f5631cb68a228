/**
 * Type changes that silently discard part of every value (not the ones that may fail: those
 * stop the statement and lose nothing, and the pre-flight check finds them first).
 */
import type { TypeRef } from '../model/type-ref.js';

const INTEGERS = new Set(['int2', 'int4', 'int8']);
const FRACTIONAL = new Set(['float4', 'float8', 'numeric', 'money']);
const STRINGS = new Set(['varchar', 'bpchar']);
const WITH_TIME = new Set(['timestamp', 'timestamptz']);
const PRECISION = new Set(['timestamp', 'timestamptz', 'time', 'timetz', 'interval']);

/** Why `from` → `to` discards part of the values, or null when it keeps them (or fails instead). */
export const discardsValues = (from: TypeRef, to: TypeRef): string | null => {
  if (from.schema !== null || to.schema !== null || from.arrayDims !== to.arrayDims) return null;
  const [a, b] = [from.name, to.name];
  if (FRACTIONAL.has(a) && INTEGERS.has(b)) return `fractions are rounded away (${a} → ${b})`;
  if (a === 'float8' && b === 'float4') return 'values keep only about 6 significant digits (float8 → float4)';
  if (a === 'numeric' && b === 'numeric' && to.modifiers.length === 2) {
    const scaleFrom = from.modifiers.length === 2 ? from.modifiers[1]! : Infinity;
    if (to.modifiers[1]! < scaleFrom) return `values are rounded to ${to.modifiers[1]} decimal places`;
  }
  if (WITH_TIME.has(a) && b === 'date') return 'the time of day is dropped (only the date is kept)';
  if (WITH_TIME.has(a) && (b === 'time' || b === 'timetz')) return 'the date is dropped (only the time of day is kept)';
  if (PRECISION.has(a) && a === b && to.modifiers.length === 1) {
    const p = from.modifiers[0] ?? 6;
    if (to.modifiers[0]! < p) return `fractional seconds are rounded to ${to.modifiers[0]} digits`;
  }
  if ((STRINGS.has(b) || b === 'bit' || b === 'varbit') && to.modifiers.length === 1) {
    const bounded = STRINGS.has(a) || a === 'bit' || a === 'varbit' ? from.modifiers[0] : undefined;
    if (bounded === undefined || bounded > to.modifiers[0]!)
      return `values longer than ${to.modifiers[0]} characters are cut (with a USING cast) or make the statement fail`;
  }
  return null;
};
