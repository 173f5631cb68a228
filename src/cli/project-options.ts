import type { Parsed } from './args.js';
import { schemasOption, str } from './args.js';
import type { Io } from './io.js';
import type { ProjectOptions } from '../shell/operations/project.js';

export const projectOptions = (p: Parsed, io: Io): ProjectOptions => ({
  cwd: io.cwd,
  db: str(p, 'db'),
  databaseUrlEnv: io.env['DATABASE_URL'],
  schemaDir: str(p, 'schema-dir'),
  migrationsDir: str(p, 'migrations-dir'),
  schemas: schemasOption(p),
  trackingSchema: str(p, 'tracking-schema'),
  shadowDsn: str(p, 'shadow-dsn') ?? io.env['PGFLUX_SHADOW_DSN'],
  notice: (line) => io.err(line),
});
