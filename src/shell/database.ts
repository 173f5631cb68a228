/** Which database a command talks to: --db, DATABASE_URL, `db:` in config, else the embedded default. */
import { openProjectDatabase } from './embedded/project-database.js';

export interface ResolvedDatabase {
  readonly url: string;
  /** Printed once to stderr, e.g. when the embedded default is used. */
  readonly notice: string | null;
  close(): Promise<void>;
}

export const resolveDatabase = async (opts: {
  readonly flag?: string | undefined;
  readonly env?: string | undefined;
  readonly config?: string | undefined;
  readonly projectDir: string;
}): Promise<ResolvedDatabase> => {
  const url = opts.flag || opts.env || opts.config;
  if (url) return { url, notice: null, close: async () => {} };
  const db = await openProjectDatabase(opts.projectDir);
  return { url: db.url, notice: db.notice, close: () => db.close() };
};
