/**
 * Literal values as PostgreSQL stores them. A default or CHECK constant is converted by the
 * type's input function when the DDL runs, and the catalog prints the *output* form: `'f'` on a
 * boolean column comes back as `false`, `1e3` as `1000`, `'90 minutes'::interval` as
 * `'01:30:00'::interval`. These functions compute that output form from the input text for the
 * types where it is well defined without a server (no session settings involved), so both sides
 * canonicalise to the same text. Anything they do not understand returns null and is kept as
 * written.
 */

const NUMBER = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/**
 * numeric_in → numeric_out: the exact decimal value, with as many fraction digits as the input
 * had after applying the exponent (`1.50` → `1.50`, `1.5e1` → `15`, `1e-2` → `0.01`).
 */
export const canonicalNumeric = (text: string): string | null => {
  const m = NUMBER.exec(text);
  if (!m) return null;
  const [, sign, int = '', frac = '', exp = '0'] = m;
  if (int === '' && frac === '') return null;
  const shift = Number(exp) - frac.length;
  if (!Number.isSafeInteger(shift) || Math.abs(shift) > 1000) return null;
  let digits = (BigInt(`${int}${frac}` || '0') * 10n ** BigInt(Math.max(shift, 0))).toString();
  const scale = Math.max(-shift, 0);
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  // numeric has no negative zero.
  const zero = /^[0.]*$/.test(digits);
  return `${sign === '-' && !zero ? '-' : ''}${digits}`;
};

/** parse_bool_with_len (src/backend/utils/adt/bool.c): unique prefixes of true/false/yes/no, on/off, 1/0. */
export const parseBoolLiteral = (text: string): boolean | null => {
  const s = text.trim().toLowerCase();
  if (s === '') return null;
  const prefixOf = (word: string) => word.startsWith(s);
  switch (s[0]) {
    case 't': return prefixOf('true') ? true : null;
    case 'f': return prefixOf('false') ? false : null;
    case 'y': return prefixOf('yes') ? true : null;
    case 'n': return prefixOf('no') ? false : null;
    case 'o': return s.length >= 2 && prefixOf('on') ? true : s.length >= 2 && prefixOf('off') ? false : null;
    case '1': return s.length === 1 ? true : null;
    case '0': return s.length === 1 ? false : null;
    default: return null;
  }
};

const USEC_PER: Readonly<Record<string, bigint>> = {
  microsecond: 1n, millisecond: 1000n, second: 1_000_000n, minute: 60_000_000n, hour: 3_600_000_000n,
};
const UNIT_ALIASES: Readonly<Record<string, string>> = {
  us: 'microsecond', usec: 'microsecond', usecs: 'microsecond', useconds: 'microsecond', microseconds: 'microsecond', microsecon: 'microsecond',
  ms: 'millisecond', msec: 'millisecond', msecs: 'millisecond', mseconds: 'millisecond', milliseconds: 'millisecond', millisecon: 'millisecond',
  s: 'second', sec: 'second', secs: 'second', seconds: 'second',
  m: 'minute', min: 'minute', mins: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hours: 'hour',
  d: 'day', days: 'day', w: 'week', weeks: 'week',
  mon: 'month', mons: 'month', months: 'month',
  y: 'year', yr: 'year', yrs: 'year', years: 'year',
  decades: 'decade', dec: 'decade', decs: 'decade', centuries: 'century', c: 'century', cent: 'century',
  millennia: 'millennium', mil: 'millennium', mils: 'millennium', millenniums: 'millennium',
};
const MONTHS_PER: Readonly<Record<string, number>> = { month: 1, year: 12, decade: 120, century: 1200, millennium: 12000 };

/** A decimal text scaled by an integer factor, exactly, when the result is a whole number. */
const scaled = (num: string, factor: bigint): bigint | null => {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(num);
  if (!m) return null;
  const [, sign, int = '', frac = ''] = m;
  const raw = BigInt(`${int}${frac}` || '0') * factor;
  const div = 10n ** BigInt(frac.length);
  if (raw % div !== 0n) return null;
  return (sign === '-' ? -1n : 1n) * (raw / div);
};

interface IntervalValue { months: bigint; days: bigint; usec: bigint }

/**
 * The verbose interval syntax (`@ 1 day 2 hours ago`, `1 day 02:00:00`, `90 minutes`, `90`).
 * A bare number is in `bareUnit`: seconds, or the last field of a qualifier (`'1' year`).
 */
const parseInterval = (text: string, bareUnit: string): IntervalValue | null => {
  let s = text.trim().toLowerCase();
  if (s.startsWith('@')) s = s.slice(1).trim();
  let ago = false;
  if (/\bago$/.test(s)) { ago = true; s = s.slice(0, -3).trim(); }
  if (s === '') return null;
  const v: IntervalValue = { months: 0n, days: 0n, usec: 0n };
  const tokens = s.match(/[+-]?\d+(?::\d+){1,2}(?:\.\d+)?|[+-]?(?:\d+\.?\d*|\.\d+)\s*[a-z]*/g);
  if (!tokens || tokens.join('').replace(/\s+/g, '') !== s.replace(/\s+/g, '')) return null;
  for (const tok of tokens) {
    const time = /^([+-]?)(\d+):(\d+)(?::(\d+(?:\.\d+)?))?$/.exec(tok);
    if (time) {
      const [, sign, h = '0', mi = '0', sec = '0'] = time;
      const us = BigInt(h) * USEC_PER['hour']! + BigInt(mi) * USEC_PER['minute']! + (scaled(sec, USEC_PER['second']!) ?? 0n);
      v.usec += sign === '-' ? -us : us;
      continue;
    }
    const m = /^([+-]?(?:\d+\.?\d*|\.\d+))\s*([a-z]*)$/.exec(tok);
    if (!m) return null;
    const [, num = '', rawUnit = ''] = m;
    const unit = rawUnit === '' ? bareUnit : UNIT_ALIASES[rawUnit] ?? rawUnit;
    if (unit in USEC_PER) {
      const us = scaled(num, USEC_PER[unit]!);
      if (us === null) return null;
      v.usec += us;
    } else if (unit === 'day' || unit === 'week') {
      const days = scaled(num, unit === 'week' ? 7n : 1n);
      if (days === null) return null; // fractional days spill into the time part: not handled
      v.days += days;
    } else if (unit in MONTHS_PER) {
      const months = scaled(num, BigInt(MONTHS_PER[unit]!));
      if (months === null) return null; // fractional months spill into days: not handled
      v.months += months;
    } else return null;
  }
  return ago ? { months: -v.months, days: -v.days, usec: -v.usec } : v;
};

/** interval_out with IntervalStyle = postgres (EncodeInterval, INTSTYLE_POSTGRES). */
const formatInterval = (v: IntervalValue): string => {
  const parts: string[] = [];
  let isBefore = false;
  const add = (value: bigint, unit: string) => {
    if (value === 0n) return;
    parts.push(`${isBefore && value > 0n ? '+' : ''}${value} ${unit}${value !== 1n ? 's' : ''}`);
    isBefore = value < 0n;
  };
  add(v.months / 12n, 'year');
  add(v.months % 12n, 'mon');
  add(v.days, 'day');
  if (parts.length === 0 || v.usec !== 0n) {
    const neg = v.usec < 0n;
    const abs = neg ? -v.usec : v.usec;
    const pad = (n: bigint) => n.toString().padStart(2, '0');
    const h = abs / USEC_PER['hour']!;
    const mi = (abs % USEC_PER['hour']!) / USEC_PER['minute']!;
    const sec = (abs % USEC_PER['minute']!) / USEC_PER['second']!;
    const fsec = abs % USEC_PER['second']!;
    const frac = fsec === 0n ? '' : `.${fsec.toString().padStart(6, '0').replace(/0+$/, '')}`;
    parts.push(`${neg ? '-' : isBefore ? '+' : ''}${pad(h)}:${pad(mi)}:${pad(sec)}${frac}`);
  }
  return parts.join(' ');
};

/** Field bits of an interval type modifier (INTERVAL_MASK in datetime.h), last field first. */
const FIELD_BITS: readonly (readonly [number, string])[] = [
  [1 << 12, 'second'], [1 << 11, 'minute'], [1 << 10, 'hour'], [1 << 3, 'day'], [1 << 1, 'month'], [1 << 2, 'year'],
];
/** typmod 0x7FFF: no field restriction (`interval(3)` alone). */
const FULL_RANGE = 0x7fff;

/**
 * AdjustIntervalForTypmod: a field qualifier drops everything below its last field
 * (`interval '1.5' year` is stored as `1 year`, `'1 day 02:30' day to hour` as `1 day 02:00:00`).
 */
const truncateToField = (v: IntervalValue, last: string): IntervalValue => {
  switch (last) {
    case 'year': return { months: (v.months / 12n) * 12n, days: 0n, usec: 0n };
    case 'month': return { months: v.months, days: 0n, usec: 0n };
    case 'day': return { ...v, usec: 0n };
    case 'hour': case 'minute': { const unit = USEC_PER[last]!; return { ...v, usec: (v.usec / unit) * unit }; }
    default: return v;
  }
};

/**
 * An interval literal as interval_out prints it (IntervalStyle = postgres), or null if not
 * understood. `typmods` are the type's modifiers as written: the field qualifier's mask
 * (`interval year` → [4]) and/or a seconds precision, which is not applied (null when given).
 */
export const canonicalInterval = (text: string, typmods: readonly number[] = []): string | null => {
  if (typmods.length > 1 || typmods.some((m) => !Number.isInteger(m))) return null;
  const mask = typmods.length === 1 ? typmods[0]! : FULL_RANGE;
  if (mask !== FULL_RANGE && (mask & ~FIELD_BITS.reduce((a, [bit]) => a | bit, 0)) !== 0) return null;
  const last = mask === FULL_RANGE ? 'second' : FIELD_BITS.find(([bit]) => (mask & bit) !== 0)?.[1];
  if (last === undefined) return null;
  const v = parseInterval(text, last);
  return v ? formatInterval(truncateToField(v, last)) : null;
};

/**
 * A money literal's value, rounded to cents as cash_in does: the text printed by cash_out depends
 * on lc_monetary (`$1.00`, `1,00 €`), so the canonical form is the plain number (`1.00`, `-3.50`).
 * Handles `$`, thousands commas, a leading sign and accounting parentheses; null otherwise.
 */
export const canonicalMoney = (text: string): string | null => {
  let s = text.trim();
  let negative = false;
  if (/^\(.*\)$/.test(s)) { negative = true; s = s.slice(1, -1).trim(); }
  if (s.startsWith('-')) { negative = !negative; s = s.slice(1).trim(); } else if (s.startsWith('+')) s = s.slice(1).trim();
  s = s.replace(/^\$/, '').replace(/,/g, '').trim();
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null;
  const frac = (m[2] ?? '').padEnd(3, '0');
  let cents = BigInt(m[1] || '0') * 100n + BigInt(frac.slice(0, 2));
  if (Number(frac[2]) >= 5) cents += 1n;
  const abs = cents.toString().padStart(3, '0');
  return `${negative && cents !== 0n ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
};

/** A bit-string constant as bit_out prints it: `x1F` (from x'1F') → `00011111`, `b0101` → `0101`. */
export const bitStringDigits = (bsval: string): string | null => {
  const kind = bsval[0]?.toLowerCase();
  const body = bsval.slice(1);
  if (kind === 'b' && /^[01]*$/.test(body)) return body;
  if (kind === 'x' && /^[0-9a-fA-F]*$/.test(body)) return [...body].map((h) => parseInt(h, 16).toString(2).padStart(4, '0')).join('');
  return null;
};

/** uuid_in → uuid_out: braces and hyphens anywhere between digit groups accepted, printed lower-case 8-4-4-4-12. */
export const canonicalUuid = (text: string): string | null => {
  let s = text.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  const hex = s.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex) || s.startsWith('-') || s.endsWith('-') || s.includes('--')) return null;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/**
 * A one-dimensional array literal as array_out prints it: elements trimmed, each canonicalised
 * by `element` (its type's output form), NULL kept, and quoted only where array_out quotes
 * (empty, "NULL", or containing quotes, backslashes, braces, commas or white space). Null for
 * anything else (nested arrays, explicit bounds, elements `element` does not understand).
 */
export const canonicalArrayLiteral = (text: string, element: (value: string) => string | null): string | null => {
  const s = text.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) return null;
  const body = s.slice(1, -1);
  const values: (string | null)[] = [];
  if (body.trim() !== '') {
    let i = 0;
    for (;;) {
      while (i < body.length && /\s/.test(body[i]!)) i++;
      let value = '';
      let quoted = false;
      if (body[i] === '"') {
        quoted = true;
        for (i++; i < body.length && body[i] !== '"'; i++) value += body[i] === '\\' ? body[++i] ?? '' : body[i];
        if (body[i] !== '"') return null;
        i++;
        while (i < body.length && /\s/.test(body[i]!)) i++;
      } else {
        for (; i < body.length && body[i] !== ','; i++) {
          const ch = body[i]!;
          if (ch === '{' || ch === '}' || ch === '"') return null;
          value += ch === '\\' ? body[++i] ?? '' : ch;
        }
        value = value.trimEnd();
        if (value === '') return null;
      }
      values.push(!quoted && value.toUpperCase() === 'NULL' ? null : value);
      if (i >= body.length) break;
      if (body[i] !== ',') return null;
      i++;
    }
  }
  const out: string[] = [];
  for (const v of values) {
    if (v === null) { out.push('NULL'); continue; }
    const c = element(v);
    if (c === null) return null;
    const needsQuotes = c === '' || c.toUpperCase() === 'NULL' || /["\\{},\s]/.test(c);
    out.push(needsQuotes ? `"${c.replace(/[\\"]/g, '\\$&')}"` : c);
  }
  return `{${out.join(',')}}`;
};
