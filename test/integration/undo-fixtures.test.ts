/**
 * Exact undo through the real files (every fixture case gets the undo check in
 * convergence.test.ts, on every major; here a sample of them, one in twelve, goes the whole way):
 * the forward migration and its undo are written the way
 * `migrate generate --generate-undo` writes them, run by `migrate apply` and `migrate rollback`
 * (library calls, the same code as the CLI), and the database must inspect equal to the `before`
 * load again. Structure always comes back; only values of dropped tables and columns cannot,
 * and the undo must say so in `-- lost:` lines (one per DATA_LOSS hazard of the forward plan).
 * Every other case uses the combined format (`-- +migrate Up` / `-- +migrate Down`).
 */
import { describe, it, before as beforeAll } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, testMajor, testServerUrl, ensureRoles } from '../support/database.js';
import { loadFixtures } from '../support/fixtures.js';
import { comparable, inspectUrl, loadSql, parseSource, planBetween, planSql } from '../support/pipeline.js';
import { migrationTexts } from '../../src/shell/operations/generate.js';
import { openProject } from '../../src/shell/operations/project.js';
import { applyOperation } from '../../src/shell/operations/apply.js';
import { parseAllowedHazards } from '../../src/shell/operations/hazards.js';
import { rollbackOperation } from '../../src/shell/operations/rollback.js';
import { migrationFileName } from '../../src/shell/runner/migration-file.js';
import { undoFileName } from '../../src/shell/runner/undo.js';

const cases = loadFixtures();
/**
 * One case in EVERY goes through the files (twelve: the undo plan itself is checked on every case
 * by convergence.test.ts; this adds the file format, apply and rollback, which do not vary by kind).
 */
const EVERY = 12;
/** Beyond one in EVERY: the cases whose undo is the hardest to get right (column order, no-cast types). */
const SAMPLE = new Set(['column-type-no-cast', 'column-default-typed-literals', 'function-replace-body', 'function-return-type-change', 'enum-remove-reorder', 'view-chain-column-type']);
const major = testMajor();

const roundTrip = async (before: string, after: string, format: 'separate' | 'combined'): Promise<void> => {
  const db = await freshDatabase('undo');
  const dir = await mkdtemp(join(tmpdir(), 'pgflux-undo-'));
  try {
    await loadSql(db.url, before);
    const live = await inspectUrl(db.url);
    const desired = await parseSource(after);
    const forward = planBetween(live.schema, desired, live.serverVersionNum);
    if (forward.steps.length === 0) return;
    const created = new Date(Date.UTC(2026, 0, 1));
    const name = migrationFileName(created, 'case');
    const texts = migrationTexts({ plan: forward, desired, live: live.schema, serverVersionNum: live.serverVersionNum, warnings: [] },
      { created, label: 'case', name, undo: true, format });
    await mkdir(join(dir, 'migrations'));
    await writeFile(join(dir, 'migrations', name), texts.text);
    if (texts.undoFile !== null) await writeFile(join(dir, 'migrations', undoFileName(name)), texts.undoFile);

    // The undo names what cannot come back: exactly the forward plan's DATA_LOSS hazards.
    const lossy = forward.steps.flatMap((s) => s.hazards.filter((h) => h.type === 'DATA_LOSS'));
    const lost = (texts.undo ?? '').split('\n').filter((l) => l.startsWith('-- lost: '));
    assert.equal(lost.length, lossy.length, `undo header:\n${texts.undo}`);

    const project = await openProject({ cwd: dir, db: db.url });
    try {
      // The forward file's hazards are the fixture's point, not what this test checks.
      await applyOperation(project, { allowHazards: parseAllowedHazards('all') });
      const r = await rollbackOperation(project, { count: 1, allowHazards: 'all' });
      assert.equal(r.rolledBack.length, 1);
    } catch (e) {
      assert.fail(`${(e as Error).message}\n--- forward ---\n${planSql(forward)}\n--- undo ---\n${texts.undo}`);
    } finally {
      await project.close();
    }
    const back = await inspectUrl(db.url);
    assert.deepEqual(comparable(back.schema, true), comparable(live.schema, true), `undo did not restore the before state; undo was:\n${texts.undo}`);
  } finally {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
};

describe(`forward + undo on every fixture case (PostgreSQL ${major})`, { concurrency: 2 }, () => {
  beforeAll(async () => {
    const roles = [...new Set(cases.flatMap((c) => c.options.roles ?? []))];
    if (roles.length) await ensureRoles(testServerUrl(), roles);
  });
  assert.ok(cases.length > 0, 'no fixture cases found');
  cases.forEach((c, i) => {
    if (i % EVERY !== 0 && !SAMPLE.has(c.name)) return;
    const tooOld = c.options.minMajor !== undefined && major < c.options.minMajor;
    const skip = tooOld ? `needs PostgreSQL ${c.options.minMajor}+` : c.options.irreversible ?? false;
    const format = Math.floor(i / EVERY) % 2 ? 'combined' : 'separate';
    it(`${c.name}: undo returns to before (${format})`, { skip }, () => roundTrip(c.before, c.after, format));
  });
});
