/**
 * The four invariants of DESIGN.md on every fixture case, on a real server:
 *  1. symmetry: parse(sql) equals inspect(database loaded with sql), for both sides;
 *  2. convergence: plan before → after, apply it; the database inspects equal to a fresh load of after;
 *  3. idempotence: a second plan is empty;
 *  4. reverse: the same from after → before (unless the case says why it cannot be reversed).
 * CI runs this file on every supported major.
 */
import { describe, it, before as beforeAll } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, testMajor, testServerUrl, ensureRoles } from '../support/database.js';
import { loadFixtures } from '../support/fixtures.js';
import { applyPlan, asComparedTo, comparable, inspectUrl, loadSql, parseSource, planBetween, planSql } from '../support/pipeline.js';

const cases = loadFixtures();
const major = testMajor();

const direction = async (from: string, to: string): Promise<void> => {
  const a = await freshDatabase('from');
  const b = await freshDatabase('to');
  try {
    await loadSql(a.url, from);
    await loadSql(b.url, to);
    const desired = await parseSource(to);
    const liveA = await inspectUrl(a.url);
    const liveB = await inspectUrl(b.url);
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
  } finally {
    await a.drop();
    await b.drop();
  }
};

describe(`fixture cases on PostgreSQL ${major}`, () => {
  beforeAll(async () => {
    const roles = [...new Set(cases.flatMap((c) => c.options.roles ?? []))];
    if (roles.length) await ensureRoles(testServerUrl(), roles);
  });
  assert.ok(cases.length > 0, 'no fixture cases found');
  for (const c of cases) {
    const tooOld = c.options.minMajor !== undefined && major < c.options.minMajor;
    const skip = tooOld ? `needs PostgreSQL ${c.options.minMajor}+` : false;
    it(`${c.name}: before → after`, { skip }, () => direction(c.before, c.after));
    it(`${c.name}: after → before`, { skip: skip || c.options.irreversible || false }, () => direction(c.after, c.before));
  }
});
