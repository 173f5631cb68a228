/** init: scaffold a project; never overwrites a file unless forced. */
import { access, appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_FILE } from '../config/load-config.js';

export interface InitResult {
  readonly created: readonly string[];
  /** Files that existed and were replaced (--force only). */
  readonly overwritten: readonly string[];
  readonly skipped: readonly string[];
}

const CONFIG = `# pg-flux project settings. Flags override these; see pg-flux --help.
version: 1
schema_dir: schema
migrations_dir: migrations
# db: postgres://user@host:5432/dbname   (else DATABASE_URL, else an embedded PostgreSQL in .pg-flux/)
# schemas: [public]                      (default: every non-system schema)
# strict_coverage: true                 (a live object pg-flux does not manage is an error; default false)
`;

const EXAMPLE = `-- Declare the schema you want; pg-flux works out the migration.
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
`;

const exists = async (p: string): Promise<boolean> => access(p).then(() => true, () => false);

export const initProject = async (cwd: string, opts: { force?: boolean | undefined }): Promise<InitResult> => {
  const created: string[] = [];
  const overwritten: string[] = [];
  const skipped: string[] = [];
  const write = async (rel: string, text: string): Promise<void> => {
    const there = await exists(join(cwd, rel));
    if (there && !opts.force) { skipped.push(rel); return; }
    if (there && (await readFile(join(cwd, rel), 'utf8')) === text) { skipped.push(rel); return; }
    await writeFile(join(cwd, rel), text);
    (there ? overwritten : created).push(rel);
  };
  for (const dir of ['schema', 'migrations']) {
    if (await exists(join(cwd, dir))) skipped.push(`${dir}/`);
    else { await mkdir(join(cwd, dir), { recursive: true }); created.push(`${dir}/`); }
  }
  await write(CONFIG_FILE, CONFIG);
  if (!(await exists(join(cwd, 'schema', 'users.sql'))) && created.includes('schema/')) await write('schema/users.sql', EXAMPLE);
  const gi = join(cwd, '.gitignore');
  const current = (await exists(gi)) ? await readFile(gi, 'utf8') : '';
  if (!current.split('\n').some((l) => l.trim() === '.pg-flux/')) {
    await appendFile(gi, `${current && !current.endsWith('\n') ? '\n' : ''}.pg-flux/\n`);
    created.push('.gitignore (.pg-flux/)');
  } else skipped.push('.gitignore');
  return { created, overwritten, skipped };
};
