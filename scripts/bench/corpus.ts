/**
 * Corpus workloads (GitLab, pagila): where their files are. pg-flux manages every kind of object
 * these files hold, so a workload's source tree is the whole file (`schema/<name>.sql`) and the
 * in-sync database is loaded from the same file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseStatements } from '../../src/core/parse/pg-query.js';

export interface CorpusFile {
  readonly name: string;
  readonly path: string;
  /** Extensions the file needs (created by the file itself; listed for the report). */
  readonly extensions: readonly string[];
}

/** Locates a corpus workload's file; null (with the reason) when the corpus does not have it. */
export const corpusFile = (corpusDir: string, name: 'gitlab' | 'pagila'): CorpusFile | { missing: string } => {
  if (name === 'gitlab') {
    const path = join(corpusDir, 'gitlab', 'structure.sql');
    return existsSync(path) ? { name, path, extensions: ['btree_gist', 'pg_trgm'] } : { missing: path };
  }
  // The 2024 snapshot loads on PostgreSQL 14+; pagila HEAD needs PostgreSQL 18 and pgvector.
  const dir = join(corpusDir, 'pagila');
  let files: string[] = [];
  try { files = readdirSync(dir).filter((f) => /^pagila-schema-2024-.*\.sql$/.test(f)).sort(); } catch { /* no folder */ }
  const file = files[0];
  return file ? { name, path: join(dir, file), extensions: [] } : { missing: join(dir, 'pagila-schema-2024-*.sql') };
};

/** A file's statements as texts (for loading in batches; see server.ts). */
export const statementTexts = (text: string): string[] => parseStatements(text).map((s) => s.text);
