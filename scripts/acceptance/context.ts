/**
 * What one case needs while it runs, and the cleanup that must happen whether it passes, fails
 * or times out: its databases are dropped and its project directories removed.
 */
import { Cluster } from './db.js';
import { Project, runCli, type CliResult } from './cli.js';
import { CaseFailure, clip, generateFailure, applyFailure } from './classify.js';
import { desiredModel } from './desired-model.js';
import { comparableModel, dumpDifference, firstDifference, normaliseDump, pgDump, withValidationSatisfied } from './compare.js';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadParser } from '../../src/core/parse/pg-query.js';

export interface Shared {
  readonly cluster: Cluster;
  /** Root of the CLI copy the run uses (bin/pg-flux inside). */
  readonly cliRoot: string;
  /** pg_dump of the server's major, or null (then only the model is compared). */
  readonly pgDump: string | null;
}

export class CaseContext {
  private readonly databases: string[] = [];
  private readonly projects: Project[] = [];

  constructor(readonly shared: Shared, readonly signal: AbortSignal) {}

  /** Stops work of a case whose time is up (its result is already recorded as a timeout). */
  private check(): void {
    if (this.signal.aborted) throw new CaseFailure('crash', 'timeout');
  }

  async database(prefix: string, template?: string): Promise<string> {
    this.check();
    const name = await this.shared.cluster.create(prefix, template);
    this.databases.push(name);
    return name;
  }

  async load(database: string, sql: string): Promise<void> {
    this.check();
    await this.shared.cluster.load(database, sql);
  }

  async project(files: readonly { name: string; text: string }[], config: string | null = null): Promise<Project> {
    this.check();
    const p = await Project.create(files, config);
    this.projects.push(p);
    return p;
  }

  url(database: string): string {
    return this.shared.cluster.urlOf(database);
  }

  async cli(project: Project, args: readonly string[]): Promise<CliResult> {
    this.check();
    return runCli(this.shared.cliRoot, args, project.dir, this.signal);
  }

  /**
   * generate, apply, compare with the reference database, generate again: the convergence
   * check shared by diff and real-world cases. Throws CaseFailure at the first failed step.
   */
  async converge(project: Project, work: string, reference: string): Promise<void> {
    const db = ['--db', this.url(work)];
    const gen = await this.cli(project, ['migrate', 'generate', '--no-prove', '--allow-hazards', 'all', '--label', 'acceptance', ...db]);
    if (gen.code !== 0) throw generateFailure('migrate generate', gen, this.signal.aborted);
    if ((await project.migrationFiles()).length > 0) {
      const apply = await this.cli(project, ['migrate', 'apply', '--no-prove', ...db]);
      if (apply.code !== 0) throw applyFailure(apply, this.signal.aborted);
    } else if (!/No changes/.test(gen.stdout)) {
      throw new CaseFailure('crash', `migrate generate exited 0 but wrote no file and did not say No changes: ${gen.stdout.trim().slice(0, 200)}`);
    }
    await this.compare(work, reference);
    const before = await project.migrationFiles();
    const again = await this.cli(project, ['migrate', 'generate', '--no-prove', '--allow-hazards', 'all', '--label', 'second', ...db]);
    if (again.code !== 0) {
      const f = generateFailure('second migrate generate', again, this.signal.aborted);
      throw new CaseFailure(f.category === 'crash' ? 'crash' : 'second_plan_not_empty', f.message, f.unsupported, f.detail);
    }
    const added = (await project.migrationFiles()).filter((f) => !before.includes(f));
    if (added.length > 0 || !/No changes/.test(again.stdout)) {
      const text = added[0] ? await project.readMigration(added[0]) : again.stdout;
      const stmts = text.split('\n').filter((l) => l.trim() && !l.startsWith('--'));
      const note = await this.symmetryNote(project, reference);
      throw new CaseFailure('second_plan_not_empty', `second plan: ${stmts[0]?.trim().slice(0, 250) ?? '(empty file)'}`, [],
        clip([...(note ? [`symmetry of the target: ${note}`] : []), ...stmts.slice(0, 20)].join('\n')));
    }
  }

  /**
   * Why a plan does not settle is nearly always that parse(target) and inspect(load(target))
   * differ; the first difference goes into the failure's detail (diagnosis only, not a check).
   */
  private async symmetryNote(project: Project, reference: string): Promise<string | null> {
    try {
      await loadParser();
      const dir = join(project.dir, 'schema');
      const names = (await readdir(dir)).sort();
      const files = await Promise.all(names.map(async (n) => ({ path: `schema/${n}`, text: await readFile(join(dir, n), 'utf8') })));
      const live = await this.shared.cluster.inspect(reference);
      const m = await desiredModel(files, this.shared.cluster, live);
      return firstDifference(comparableModel(m.desired, false), comparableModel(m.managedLive, false));
    } catch (e) {
      return `could not compare: ${(e as Error).message.split('\n')[0]}`;
    }
  }

  /** The migrated database must equal a fresh load of the target (model, then pg_dump). */
  async compare(work: string, reference: string): Promise<void> {
    this.check();
    const [got, want] = await Promise.all([this.shared.cluster.inspect(work), this.shared.cluster.inspect(reference)]);
    const diff = firstDifference(comparableModel(got.schema), withValidationSatisfied(comparableModel(want.schema), comparableModel(got.schema)));
    if (diff !== null) throw new CaseFailure('not_converged', diff);
    if (this.shared.pgDump !== null) {
      const [a, b] = await Promise.all([pgDump(this.shared.pgDump, this.url(work), this.signal), pgDump(this.shared.pgDump, this.url(reference), this.signal)]);
      const d = dumpDifference(normaliseDump(a), normaliseDump(b));
      if (d !== null) throw new CaseFailure('not_converged', d);
    }
  }

  async cleanup(): Promise<void> {
    for (const p of this.projects.splice(0)) await p.remove().catch(() => {});
    for (const d of this.databases.splice(0)) await this.shared.cluster.drop(d).catch(() => {});
  }
}
