import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { firstStamp } from '../../src/shell/operations/generate.js';
import { migrationFileName } from '../../src/shell/runner/migration-file.js';

describe('new migration names sort after the last file', () => {
  it('a file created in the same second as the last one moves to the next second, whatever its label', () => {
    const created = new Date('2026-12-04T20:19:01.700Z');
    const last = migrationFileName(new Date('2026-12-04T20:19:01.000Z'), 'zzz_first');
    const next = migrationFileName(new Date(firstStamp(last, created)), 'aaa_second');
    assert.equal(next, '20261204_201902_aaa_second.sql');
    assert.ok([last, next].sort()[1] === next);
  });

  it('keeps its own time when the last file is older, and follows the last one when this clock is behind', () => {
    assert.equal(firstStamp('20261204_201900_a.sql', new Date('2026-12-04T20:19:05.250Z')), Date.parse('2026-12-04T20:19:05.250Z'));
    assert.equal(firstStamp('20261204_201910_a.sql', new Date('2026-12-04T20:19:05.250Z')), Date.parse('2026-12-04T20:19:11.000Z'));
    assert.equal(firstStamp(undefined, new Date('2026-12-04T20:19:05.250Z')), Date.parse('2026-12-04T20:19:05.250Z'));
  });
});
