/** Help texts. Kept free of imports so `--help` starts as fast as Node itself. */
const GLOBAL = `Global options:
  --db URL               database (default: $DATABASE_URL, then db: in .pg-flux.yml,
                         then an embedded PostgreSQL kept in .pg-flux/)
  --schema-dir DIR       schema source directory (default: schema)
  --migrations-dir DIR   migrations directory (default: migrations)
  --schemas a,b          manage only these schemas (default: every non-system schema)
  --tracking-schema S    where applied migrations are recorded (default: _pgflux)
  --verbose              show stack traces and details on errors
  -h, --help             show help for a command`;

export const HELP: Readonly<Record<string, string>> = {
  main: `pg-flux — declarative PostgreSQL schema migrations

Usage: pg-flux <command> [options]

Commands:
  init                 scaffold schema/, migrations/ and .pg-flux.yml
  plan                 print the SQL that migrate generate would write
  migrate generate     write the next migration file from schema/ vs the database
  migrate apply        apply pending migration files
  migrate status       list applied, pending and modified migrations
  drift                compare schema/ with the database

Example (a fresh directory, no database needed):
  pg-flux init && pg-flux migrate generate --label init && pg-flux migrate apply

Exit codes: 0 ok · 1 error (or drift found) · 2 drift --strict found drift ·
            5 hazards not allowed (pass --allow-hazards) · 130/143 interrupted (SIGINT/SIGTERM)

${GLOBAL}
  -V, --version          print the version`,
  init: `Usage: pg-flux init [--force]

Creates schema/ (with an example table), migrations/, .pg-flux.yml, and adds .pg-flux/ to
.gitignore. Existing files are left alone unless --force is given.

Example:
  pg-flux init

${GLOBAL}`,
  plan: `Usage: pg-flux plan [--json] [--allow-hazards LIST] [--no-auto-not-valid]

Prints the migration that 'migrate generate' would write, without writing anything.
Exits 5 when the plan has hazards not listed in --allow-hazards.
  --json                 the changes as data (kind, object, statements, hazards)
  --allow-hazards LIST   hazard types to accept (see 'pg-flux migrate generate --help'), or all
  --no-auto-not-valid    add CHECK / FOREIGN KEY and SET NOT NULL in one step (scanning under
                         a strong lock) instead of NOT VALID + VALIDATE

Example:
  pg-flux plan --db postgres://app@localhost/app

${GLOBAL}`,
  'migrate generate': `Usage: pg-flux migrate generate [--label NAME] [--dry-run] [--allow-hazards LIST] [--no-auto-not-valid]

Diffs schema/ against the database and writes migrations/YYYYMMDD_HHMMSS_<label>.sql, stamped
with the hash of the live schema it was computed against. Prints the path, or 'No changes'.
Refuses (exit 5, nothing written) when the plan has hazards you did not allow; allowed ones are
written into the file as '-- pg-flux:allow-hazards LIST', so the consent is reviewed with it.
  --allow-hazards LIST   comma-separated hazard types, or all:
      DATA_LOSS               drops stored values (table, column, sequence, extension, enum value,
                              values a type change cuts)
      COLUMN_TYPE_CHANGE      a type change that rewrites the table
      MASS_DROP               drops more than mass_drop_threshold (25%) of the live objects
      CONSTRAINT_SCAN         validates CHECK / FK / NOT NULL / unique key under a strong lock
      INDEX_BUILD             builds an index on an existing table without CONCURRENTLY
      TABLE_LOCK              ACCESS EXCLUSIVE rewrite or scan of a large table (large_table_rows)
      SEQUENCE_RESTART        restarts a sequence or identity
      AUTHZ_CHANGE            grants, revokes, owners, roles, row-level security, policies
      UNTRACKED_DEPENDENCIES  drops/renames/retypes something function bodies mention
  --no-auto-not-valid    no NOT VALID + VALIDATE / staged SET NOT NULL rewrites
  --label NAME           file name suffix
  --dry-run              print the migration instead of writing it
Renames: write '-- pg-flux:renamed-from OLD' on the line before a table, column, index,
constraint or enum value in schema/ to get ALTER ... RENAME instead of a drop and an add.

Example:
  pg-flux migrate generate --label drop_legacy --allow-hazards DATA_LOSS

${GLOBAL}`,
  'migrate apply': `Usage: pg-flux migrate apply [--dry-run] [--allow-hazards LIST] [--lock-timeout D]
                          [--statement-timeout D] [--log-format human|json] [--force-after-drift]

Applies pending files in name order under an advisory lock. Before the first statement, every
statement about to run is classified for hazards (refused with exit 5 unless allowed by
--allow-hazards or by the file's '-- pg-flux:allow-hazards' line) and checked against the rows
it could fail on (e.g. NULLs before SET NOT NULL: refused with a count and a sample key). Each
file's transaction commits together with its row in <tracking schema>.migrations; before- and
after-transaction statements record their progress, so an interrupted run resumes. Ctrl-C or
SIGTERM cancels the running statement on the server, rolls back and releases the lock.
  --dry-run               run the hazard and data checks and print what would run
  --allow-hazards LIST    hazard types to accept (see migrate generate --help), or all
  --lock-timeout D        lock_timeout of every statement (default 5s): a statement that waits
                          longer is retried (--lock-retries, default 3, with backoff), then
                          fails naming the session that blocks it
  --lock-retries N        retries after a lock timeout (default 3)
  --statement-timeout D   statement_timeout of every statement (default: the server's)
  --lock-wait D           how long to wait for another apply's migration lock (default 30s)
  --log-format F          human (default) or json: one JSON object per event, on stdout
  --no-preflight          skip the data checks
  --force-after-drift     apply even though the live schema changed since generation
Durations: 500ms, 30s, 20min, 1h (a bare number is seconds).

Example:
  pg-flux migrate apply --statement-timeout=20min --log-format=json

${GLOBAL}`,
  'migrate status': `Usage: pg-flux migrate status [--json]

Lists every migration file as applied (with time), pending, modified (edited after it was
applied), incomplete (after-transaction steps still to run) or missing (recorded, no file).

Example:
  pg-flux migrate status --json

${GLOBAL}`,
  drift: `Usage: pg-flux drift [--strict] [--json]

Compares schema/ with the database and prints each difference as the statement that would fix
it. Exit 0 when they match, 1 when they differ, 2 when they differ and --strict is given.

Example:
  pg-flux drift --strict

${GLOBAL}`,
};
