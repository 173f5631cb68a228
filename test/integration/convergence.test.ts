/**
 * The four invariants of DESIGN.md on every fixture case, on a real server:
 *  1. symmetry: parse(sql) equals inspect(database loaded with sql), for both sides;
 *  2. convergence: plan before → after, apply it; the database inspects equal to a fresh load of after;
 *  3. idempotence: a second plan is empty;
 *  4. reverse: the same from after → before (unless the case says why it cannot be reversed);
 *  5. exact undo: after each direction, its undo plan (migrate generate --generate-undo) brings the
 *     database back to the start (test/integration/undo-fixtures.test.ts runs a sample of the
 *     cases through the real files, apply and rollback).
 * CI runs this file fully on the newest major, and on each older one a sample:
 * PGFLUX_CONVERGENCE_SAMPLE=K keeps every K-th case, offset by the major (so 14-17 together
 * cover every case at K=4 or less, half of them at K=8 as CI runs), plus every case that names
 * a minimum major.
 */
import { describe, it, before as beforeAll } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, testMajor, testServerUrl, ensureRoles, type FreshDatabase } from '../support/database.js';
import { loadFixtures, type FixtureCase } from '../support/fixtures.js';
import { applyPlan, asComparedTo, comparable, inspectUrl, loadSql, parseSource, planBetween, planSql } from '../support/pipeline.js';

const major = testMajor();
const sampleEvery = Number(process.env['PGFLUX_CONVERGENCE_SAMPLE'] ?? 1);
if (!Number.isInteger(sampleEvery) || sampleEvery < 1) throw new Error(`PGFLUX_CONVERGENCE_SAMPLE must be a whole number ≥ 1, got ${process.env['PGFLUX_CONVERGENCE_SAMPLE']}`);
const cases = loadFixtures().filter((c, i) => sampleEvery === 1 || c.options.minMajor !== undefined || i % sampleEvery === major % sampleEvery);

/**
 * Each side of a case loaded once and inspected once, shared by both directions. The direction
 * that starts from a side migrates that side's database itself (only the other direction's
 * inspected model of it is needed later, and that is kept in memory), so no copy is made; the
 * other side's model is what it must converge to. Dropped when the case's last direction is done.
 */
interface Reference { readonly db: FreshDatabase; readonly live: Awaited<ReturnType<typeof inspectUrl>> }
const references = new Map<string, { ref: Promise<Reference>; uses: number }>();

const reference = (key: string, sql: string, uses: number): Promise<Reference> => {
  let r = references.get(key);
  if (!r) {
    const ref = (async (): Promise<Reference> => {
      const db = await freshDatabase('ref');
      await loadSql(db.url, sql);
      return { db, live: await inspectUrl(db.url) };
    })();
    references.set(key, (r = { ref, uses }));
  }
  return r.ref;
};

const release = async (key: string): Promise<void> => {
  const r = references.get(key);
  if (!r || --r.uses > 0) return;
  references.delete(key);
  await (await r.ref.catch(() => null))?.db.drop();
};

const direction = async (c: FixtureCase, forward: boolean, uses: number): Promise<void> => {
  const [fromSide, toSide] = forward ? (['before', 'after'] as const) : (['after', 'before'] as const);
  const fromKey = `${c.name}:${fromSide}`;
  const toKey = `${c.name}:${toSide}`;
  try {
    const refA = await reference(fromKey, c[fromSide], uses);
    const refB = await reference(toKey, c[toSide], uses);
    const a = refA.db;
    const desired = await parseSource(c[toSide]);
    const liveA = refA.live;
    const liveB = refB.live;
    assert.deepEqual(comparable(asComparedTo(liveB.schema, desired)), comparable(desired), 'symmetry: parse(to) must equal inspect(load(to))');
    const p = planBetween(liveA.schema, desired, liveA.serverVersionNum);
    try {
      await applyPlan(a.url, p);
    } catch (e) {
      assert.fail(`plan did not apply: ${(e as Error).message}\n--- plan ---\n${planSql(p)}`);
    }
    const after = await inspectUrl(a.url);
    assert.deepEqual(comparable(asComparedTo(after.schema, desired), true), comparable(asComparedTo(liveB.schema, desired), true), `convergence failed; plan was:\n${planSql(p)}`);
    const second = planBetween(after.schema, desired, after.serverVersionNum);
    assert.equal(planSql(second), '', 'a second plan must be empty');
    // 5. exact undo: the plan `migrate generate --generate-undo` writes (desired model back to the
    // live one it started from) returns the database to where it was, column order aside. A case
    // that cannot be reversed (case.json says why) has no exact undo either.
    if (c.options.irreversible !== undefined) return;
    const undo = planBetween(desired, liveA.schema, liveA.serverVersionNum);
    try {
      await applyPlan(a.url, undo);
    } catch (e) {
      assert.fail(`undo did not apply: ${(e as Error).message}\n--- undo ---\n${planSql(undo)}`);
    }
    const back = await inspectUrl(a.url);
    assert.deepEqual(comparable(back.schema, true), comparable(liveA.schema, true), `undo did not restore the start; undo was:\n${planSql(undo)}`);
  } finally {
    await release(fromKey);
    await release(toKey);
  }
};

describe(`fixture cases on PostgreSQL ${major}`, { concurrency: 2 }, () => {
  beforeAll(async () => {
    const roles = [...new Set(cases.flatMap((c) => c.options.roles ?? []))];
    if (roles.length) await ensureRoles(testServerUrl(), roles);
  });
  assert.ok(cases.length > 0, 'no fixture cases found');
  for (const c of cases) {
    const tooOld = c.options.minMajor !== undefined && major < c.options.minMajor;
    const skip = tooOld ? `needs PostgreSQL ${c.options.minMajor}+` : false;
    const gap = (d: 'before → after' | 'after → before'): string | false => {
      const g = c.options.knownGaps?.find((x) => x.direction === d && x.majors.includes(major));
      return g ? `known gap: ${g.reason}` : false;
    };
    const forwardSkip = skip || gap('before → after');
    const reverseSkip = skip || c.options.irreversible || gap('after → before');
    const uses = (forwardSkip ? 0 : 1) + (reverseSkip ? 0 : 1);
    it(`${c.name}: before → after`, { skip: forwardSkip }, () => direction(c, true, uses));
    it(`${c.name}: after → before`, { skip: reverseSkip }, () => direction(c, false, uses));
  }
});
