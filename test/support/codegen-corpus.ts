/**
 * The schemas codegen is compiled for: every fixture's after.sql (parsed from source, as `gen`
 * does by default) and every real-world corpus schema that loads into the test server (read back
 * from the live database, as `gen --from-db` does: most of them hold kinds the source parser
 * does not take yet). The corpus is ../shared/corpus unless PGFLUX_CORPUS says otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Schema } from '../../src/core/model/schema.js';
import { discoverCases, REAL_CORPORA, substitutePsqlVars, type RealCase } from '../../scripts/acceptance/corpora.js';
import { stripMetaCommands } from '../../scripts/acceptance/db.js';
import { loadFixtures } from './fixtures.js';
import { parseSource, inspectUrl, loadSql } from './pipeline.js';
import { freshDatabase, testServerUrl } from './database.js';

export interface CodegenCase { readonly name: string; readonly schema: Schema }

export const CORPUS_ROOT = process.env['PGFLUX_CORPUS'] ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');

export const fixtureCases = async (): Promise<CodegenCase[]> => {
  const out: CodegenCase[] = [];
  for (const f of loadFixtures()) out.push({ name: `fixture_${f.name}`, schema: await parseSource(f.after, `${f.name}/after.sql`) });
  return out;
};

/** Statement-by-statement, failures ignored: cluster-wide roles that may already exist. */
const runRoles = async (sql: string): Promise<void> => {
  for (const stmt of sql.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    try { await loadSql(testServerUrl(), stmt); } catch { /* the role exists, or is not needed */ }
  }
};

export interface CorpusCases { readonly cases: CodegenCase[]; readonly notLoadable: readonly string[] }

export const corpusCases = async (): Promise<CorpusCases> => {
  if (!existsSync(CORPUS_ROOT)) throw new Error(`corpus not found at ${CORPUS_ROOT} (set PGFLUX_CORPUS)`);
  const specs = discoverCases(CORPUS_ROOT, Object.keys(REAL_CORPORA), null) as RealCase[];
  for (const corpus of [...new Set(specs.map((s) => s.corpus))]) {
    for (const f of REAL_CORPORA[corpus]?.clusterSetup ?? []) await runRoles(substitutePsqlVars(readFileSync(join(CORPUS_ROOT, corpus, f), 'utf8'), 'postgres'));
  }
  const cases: CodegenCase[] = [];
  const notLoadable: string[] = [];
  for (const spec of specs) {
    const db = await freshDatabase(`cg_${spec.corpus}`);
    try {
      try {
        for (const f of spec.files) await loadSql(db.url, stripMetaCommands(substitutePsqlVars(readFileSync(join(spec.dir, f), 'utf8'), db.name)));
      } catch (e) {
        notLoadable.push(`${spec.corpus}/${spec.name}: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
      cases.push({ name: `corpus_${spec.corpus}_${spec.name}`, schema: (await inspectUrl(db.url)).schema });
    } finally {
      await db.drop();
    }
  }
  return { cases, notLoadable };
};
