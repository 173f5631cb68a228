/**
 * PostgreSQL's names for unnamed objects (canon/naming.ts), checked against names PostgreSQL 18
 * gave the same declarations (see test/fixtures/diff/constraint-long-names).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseName, indexColumnNames, isChosenNotNullName, makeObjectName, nameAddition } from '../../src/core/canon/naming.js';
import { truncateIdentifier } from '../../src/core/canon/identifiers.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const LONG_TABLE = truncateIdentifier('a_table_with_a_really_quite_long_name_that_goes_on_and_on_and_on');
const LONG_COL = 'a_column_with_an_equally_long_name_for_testing_truncation_rules';
const SECOND = 'second_column_with_a_fairly_long_name_as_well';

describe('default names', () => {
  it('table_column_label when it fits', () => {
    assert.equal(makeObjectName('users', 'email', 'key'), 'users_email_key');
    assert.equal(makeObjectName('users', null, 'pkey'), 'users_pkey');
    assert.equal(makeObjectName('users', 'org_id_email', 'key'), 'users_org_id_email_key');
  });

  it('identifiers are cut to 63 bytes', () => {
    assert.equal(LONG_TABLE, 'a_table_with_a_really_quite_long_name_that_goes_on_and_on_and_o');
    const fi = truncateIdentifier('tää_on_pitkä_nimi_jossa_on_paljon_ääkkösiä_ja_muita_merkkejä_ää');
    assert.equal(fi, 'tää_on_pitkä_nimi_jossa_on_paljon_ääkkösiä_ja_muita_merk');
    assert.ok(bytes(fi) <= 63);
  });

  it('the longer part loses characters first, label kept', () => {
    assert.equal(makeObjectName(LONG_TABLE, null, 'pkey'), 'a_table_with_a_really_quite_long_name_that_goes_on_and_on__pkey');
    assert.equal(makeObjectName(LONG_TABLE, LONG_COL, 'check'), 'a_table_with_a_really_quite__a_column_with_an_equally_lon_check');
    assert.equal(makeObjectName(LONG_TABLE, SECOND, 'check'), 'a_table_with_a_really_quite__second_column_with_a_fairly__check');
    assert.equal(makeObjectName(LONG_TABLE, SECOND, 'idx'), 'a_table_with_a_really_quite_l_second_column_with_a_fairly_l_idx');
  });

  it('multi-byte characters are never split', () => {
    const t = 'tää_on_pitkä_nimi_jossa_on_paljon_ääkkösiä_ja_muita_merk';
    const name = makeObjectName(t, 'sarake_jolla_on_myös_pitkä_nimi_ja_ääkkösiä', 'key');
    assert.equal(name, 'tää_on_pitkä_nimi_jossa_on_sarake_jolla_on_myös_pitkä__key');
    assert.equal(bytes(name), 63);
  });

  it('a taken name gets a number on the label, and the parts shrink to make room', () => {
    const taken = new Set(['t_a_check', 't_a_check1']);
    assert.equal(chooseName('t', 'a', 'check', (n) => taken.has(n)), 't_a_check2');
    const first = makeObjectName(LONG_TABLE, LONG_COL, 'key');
    assert.equal(first, 'a_table_with_a_really_quite_l_a_column_with_an_equally_long_key');
    assert.equal(chooseName(LONG_TABLE, LONG_COL, 'key', (n) => n === first), 'a_table_with_a_really_quite_l_a_column_with_an_equally_lon_key1');
    assert.equal(chooseName(LONG_TABLE, SECOND, 'check', (n) => n === makeObjectName(LONG_TABLE, SECOND, 'check')),
      'a_table_with_a_really_quite__second_column_with_a_fairly_check1');
  });

  it('several columns are joined, expressions are `expr`, repeats are numbered', () => {
    assert.equal(nameAddition(['a', 'b', 'c']), 'a_b_c');
    assert.equal(nameAddition([LONG_COL, SECOND]), `${LONG_COL}_${SECOND}`);
    assert.deepEqual(indexColumnNames(['a', null, 'lower', null, 'a']), ['a', 'expr', 'lower', 'expr1', 'a1']);
    assert.equal(makeObjectName('t', nameAddition(indexColumnNames([null, null])), 'idx'), 't_expr_expr1_idx');
  });
});

it('a NOT NULL name PostgreSQL chose after a collision (…_not_null1) is its own choice; other names are declared ones', () => {
  const t = 'application_settings';
  assert.equal(isChosenNotNullName(t, 'id', 'application_settings_id_not_null'), true);
  assert.equal(isChosenNotNullName(t, 'throttle_unauthenticated_packages_api_period_in_seconds', 'application_settings_throttle_unauthenticated_package_not_null1'), true);
  assert.equal(isChosenNotNullName(t, 'id', 'application_settings_id_not_null1'), true);
  assert.equal(isChosenNotNullName(t, 'id', 'application_settings_id_not_null01'), false);
  assert.equal(isChosenNotNullName(t, 'id', 'id_required'), false);
});
