/**
 * Column type changes without any cast (diff/type-change.ts): PostgreSQL cannot convert the
 * values, so the column is re-added and the DATA_LOSS hazard says why.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { castExists } from '../../src/core/diff/type-change.js';
import { classifyChange } from '../../src/core/hazards/changes.js';
import { emptySchema } from '../../src/core/model/schema.js';
import type { TypeRef } from '../../src/core/model/type-ref.js';
import type { ColumnDef } from '../../src/core/model/objects.js';

const t = (name: string, arrayDims = 0, schema: string | null = null): TypeRef => ({ schema, name, modifiers: [], arrayDims });

describe('castExists', () => {
  it('knows the built-in pairs without a cast', () => {
    for (const [a, b] of [['int8', 'timestamp'], ['timestamp', 'int8'], ['bool', 'numeric'], ['uuid', 'int4'], ['date', 'int4'], ['json', 'int4']]) {
      assert.equal(castExists(t(a!), t(b!)), false, `${a} → ${b}`);
    }
  });
  it('accepts casts that exist, I/O conversion through strings, and unknown types', () => {
    for (const [a, b] of [['int4', 'int8'], ['int8', 'numeric'], ['int4', 'bool'], ['date', 'timestamptz'], ['timestamptz', 'time'],
      ['jsonb', 'int4'], ['json', 'jsonb'], ['uuid', 'text'], ['text', 'uuid'], ['varchar', 'int4'], ['inet', 'cidr']]) {
      assert.equal(castExists(t(a!), t(b!)), true, `${a} → ${b}`);
    }
    assert.equal(castExists(t('int8'), t('citext', 0, 'public')), true);
    assert.equal(castExists(t('int4', 1), t('int8', 1)), true);
    assert.equal(castExists(t('int4', 1), t('int4')), false);
  });
  it('an enum of the schema converts only from and to the string types, unless the schema declares a cast', () => {
    const mood = t('mood', 0, 'public');
    const declared = { enums: { 'public.mood': { kind: 'enum', name: { schema: 'public', name: 'mood' }, labels: ['ok'], source: null } }, casts: {} } as never;
    assert.equal(castExists(t('int2'), mood, declared), false, 'smallint → enum (lemmy-evolution 2022_to_2023)');
    assert.equal(castExists(mood, t('int4'), declared), false);
    assert.equal(castExists(t('text'), mood, declared), true);
    assert.equal(castExists(mood, t('varchar'), declared), true);
    assert.equal(castExists(t('int2'), mood), true, 'without the schema an enum is an unknown type');
    const withCast = { ...(declared as object), casts: { 'int2 AS public.mood': {} } } as never;
    assert.equal(castExists(t('int2'), mood, withCast), true);
  });
});

describe('hazard of a re-added column', () => {
  it('names the reason', () => {
    const column = { name: 'c', type: t('int8'), notNull: false, default: null, identity: null, generated: null, collation: null, source: null } as ColumnDef;
    const change = { kind: 'drop_column', table: { schema: 'public', name: 'x' }, column, reason: 'no cast from bigint to timestamp' } as const;
    const [h] = classifyChange(change, { from: emptySchema(), to: emptySchema(), changes: [change] });
    assert.equal(h?.type, 'DATA_LOSS');
    assert.match(h.message, /public\.x\.c .*no cast from bigint to timestamp/);
  });
});
