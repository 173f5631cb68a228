import type { Parsed } from './args.js';
import { flag, schemasOption, str } from './args.js';
import type { Io } from './io.js';
import type { ProjectOptions } from '../shell/operations/project.js';

export const projectOptions = (p: Parsed, io: Io): ProjectOptions => ({
  cwd: io.cwd,
  config: str(p, 'config'),
  db: str(p, 'db'),
  schemaDir: str(p, 'schema-dir'),
  migrationsDir: str(p, 'migrations-dir'),
  schemas: schemasOption(p),
  trackingSchema: str(p, 'tracking-schema'),
  flags: p.values,
  env: io.env,
  notice: (line) => io.err(line),
  announceEmbedded: (io.interactive ?? false) || flag(p, 'verbose'),
  verbose: flag(p, 'verbose'),
});
