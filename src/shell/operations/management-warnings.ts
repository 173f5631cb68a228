/**
 * Owners and privileges are managed under `auto` only while the source declares some. When the
 * last declaration of a category goes, pg-flux stops managing it rather than revoking everything:
 * say so, so that the silence is not mistaken for "the database matches". A category counts as
 * managed before when a migration file of the project has a statement of it.
 */
import { loadParser } from '../../core/parse/pg-query.js';
import { managesPrivileges, type Schema } from '../../core/model/schema.js';
import { parseForward } from '../runner/combined-format.js';
import { PHASES } from '../runner/migration-file.js';
import { readMigrationsDir } from '../runner/migrations-dir.js';
import type { Project } from './project.js';

interface Category {
  readonly key: 'manage.owners' | 'manage.privileges';
  readonly statements: RegExp;
  readonly declared: (desired: Schema) => boolean;
  readonly what: string;
  readonly always: string;
}

const CATEGORIES: readonly Category[] = [
  {
    key: 'manage.owners',
    statements: /^ALTER\s[\s\S]*\sOWNER\s+TO\s/i,
    declared: (s) => Object.keys(s.owners).length > 0,
    what: 'OWNER TO',
    always: 'would give every object the role that applies migrations',
  },
  {
    key: 'manage.privileges',
    statements: /^(GRANT|REVOKE|ALTER\s+DEFAULT\s+PRIVILEGES)\s/i,
    declared: managesPrivileges,
    what: 'GRANT, REVOKE or ALTER DEFAULT PRIVILEGES',
    always: 'would revoke every privilege the source does not grant',
  },
];

export const managementWarnings = async (project: Project, desired: Schema): Promise<string[]> => {
  const open = CATEGORIES.filter((c) => (project.setting(c.key) ?? 'auto') === 'auto' && !c.declared(desired));
  if (open.length === 0) return [];
  const files = await readMigrationsDir(project.migrationsPath, project.migrationsDir).catch(() => []);
  if (files.length === 0) return [];
  await loadParser();
  const statements = files.flatMap((f) => {
    try {
      const m = parseForward(f.path, f.bytes.toString('utf8'));
      return PHASES.flatMap((p) => m.sections[p].map((s) => s.sql.trimStart()));
    } catch {
      return []; // a broken file is reported by the commands that run it
    }
  });
  return open.filter((c) => statements.some((s) => c.statements.test(s))).map((c) =>
    `the source declares no ${c.what} any more, so ${c.key.slice('manage.'.length)} are no longer managed (${c.key}: auto) and the live ones are left as they are; ` +
    `set ${c.key}: always in .pg-flux.yml (which ${c.always}) or never (which silences this)`);
};
