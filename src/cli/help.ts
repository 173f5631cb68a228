/** Help texts. Kept free of imports so `--help` starts as fast as Node itself. */
const GLOBAL = `Global options (also settable in .pg-flux.yml or the environment; flag > environment > file > default):
  --db URL               database: a postgres:// URL or a libpq "host=... dbname=..." string
                         (else $DATABASE_URL, then db: in .pg-flux.yml, then the PG* variables
                         PGHOST/PGPORT/PGDATABASE/PGUSER/PGPASSWORD, then an embedded PostgreSQL in .pg-flux/)
  --config FILE          settings file (default: .pg-flux.yml here; or $PGFLUX_CONFIG)
  --schema-dir DIR       schema source directory (default: schema; $PGFLUX_SCHEMA_DIR)
  --migrations-dir DIR   migrations directory (default: migrations; $PGFLUX_MIGRATIONS_DIR)
  --schemas a,b          manage only these schemas (default: every non-system schema; $PGFLUX_SCHEMAS)
  --tracking-schema S    where applied migrations are recorded (default: _pgflux; $PGFLUX_TRACKING_SCHEMA)
  --shadow-dsn URL       server for scratch databases (canonical forms of views, functions, ...;
                         default: the project's embedded PostgreSQL of the target's major; $PGFLUX_SHADOW_DSN)
  --verbose              stack traces on errors, the embedded-database notice off a terminal, the
                         parse cache's hits and misses (.pg-flux/cache/; cache: false or
                         $PGFLUX_CACHE=false turns it off), and the list of live objects pg-flux
                         does not manage (else one summary line)
  -h, --help             show help for a command
Booleans take --flag, --flag=true or --flag=false.`;

const STRICT_COVERAGE = `  --strict-coverage      a live object of a kind pg-flux does not manage (cast, operator, ...;
                         README "What pg-flux manages") is an error: the list, exit 4, nothing
                         written (strict_coverage: true in .pg-flux.yml; $PGFLUX_STRICT_COVERAGE).
                         Without it they are left alone and summed up on stderr (--verbose lists them)`;

const LOCK_WAIT = `  --lock-wait DURATION   how long to wait for another run's migration lock, e.g. 500ms, 30s, 2min
                         (default 30s; migrate.lock_wait in .pg-flux.yml; $PGFLUX_MIGRATE_LOCK_WAIT)`;

export const HELP: Readonly<Record<string, string>> = {
  main: `pg-flux — declarative PostgreSQL schema migrations

Usage: pg-flux <command> [options]

Commands:
  init                 scaffold schema/, migrations/ and .pg-flux.yml
  plan                 print the SQL that migrate generate would write
  migrate generate     write the next migration file from schema/ vs the database
  migrate apply        apply pending migration files
  migrate status       list applied, pending, modified, incomplete and missing migrations
  migrate baseline     record a file as applied without running it (adopting an existing database)
  migrate repair       accept cosmetic edits of applied files (new checksums)
  migrate rebase       regenerate unapplied migrations on top of a teammate's applied ones
  migrate rollback     run the undo of the last N applied migrations
  drift                compare schema/ with the database
  verify               list live objects that schema/ does not declare
  pull                 capture undeclared live objects into schema/_pulled/
  dump                 write the database as a schema/ source tree
  inspect              show the live model: counts, definitions, JSON
  gen                  generate TypeScript, Go, Python and Rust types from the schema

Example (a fresh directory, no database needed):
  pg-flux init && pg-flux migrate generate --label init && pg-flux migrate apply

Exit codes: 0 ok · 1 error (or drift found) · 2 drift --strict found drift ·
            3 gen --check found stale generated files · 4 verify --strict found undeclared objects
            (or --strict-coverage found objects pg-flux does not manage) ·
            5 hazards not allowed (pass --allow-hazards) · 130/143 migrate apply interrupted (SIGINT/SIGTERM)

${GLOBAL}
  -V, --version          print the version`,
  migrate: `Usage: pg-flux migrate <subcommand> [options]

Subcommands:
  generate   write the next migration file (--generate-undo: also its exact undo)
  apply      apply pending files under the migration lock (--dry-run prints the SQL)
  status     every file as applied, pending, modified, incomplete or missing
  baseline   record FILE (or every file --up-to FILE) as applied without running it
  repair     accept edits of applied files that do not change what they do
  rebase     regenerate this branch's unapplied migration on top of the live schema
  rollback   run the undo of the last N applied migrations, newest first

Example:
  pg-flux migrate generate --label add_users && pg-flux migrate apply && pg-flux migrate status

Run pg-flux migrate <subcommand> --help for its options.`,
  init: `Usage: pg-flux init [--force]

Creates schema/ (with an example table), migrations/, .pg-flux.yml, and adds .pg-flux/ to
.gitignore. Existing files are left alone unless --force is given; what --force overwrote is
listed.
  --force                overwrite .pg-flux.yml (never your schema files)

Example:
  pg-flux init

${GLOBAL}`,
  plan: `Usage: pg-flux plan [--json] [--allow-hazards LIST] [--no-auto-not-valid] [--strict-coverage]

Prints the migration that 'migrate generate' would write, without writing anything.
Exits 5 when the plan has hazards not listed in --allow-hazards.
  --json                 the changes as data (kind, object, statements, hazards) and the live
                         objects pg-flux does not manage (unmanaged: [{kind, key}])
  --allow-hazards LIST   hazard types to accept (see 'pg-flux migrate generate --help'), or all
  --no-auto-not-valid    add CHECK / FOREIGN KEY and SET NOT NULL in one step (scanning under
                         a strong lock) instead of NOT VALID + VALIDATE (--auto-not-valid, the
                         default, overrides auto_not_valid: false in .pg-flux.yml)
${STRICT_COVERAGE}

Example:
  pg-flux plan --db postgres://app@localhost/app

${GLOBAL}`,
  'migrate generate': `Usage: pg-flux migrate generate [--label NAME] [--dry-run] [--allow-hazards LIST]
                             [--generate-undo] [--format separate|combined] [--no-auto-not-valid]
                             [--no-prove] [--strict-coverage]

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
                         (--auto-not-valid, the default, overrides the config)
  --no-prove             do not prove the file first. By default the target's schema is copied
                         to a scratch database (on --shadow-dsn, else an embedded server of the
                         target's major), the file runs there as migrate apply runs it, and the
                         result must equal schema/ (owners and grants are not compared); the
                         header records it ('-- proof: ...'); a file that fails is not written.
                         (--prove, the default, overrides migrate.prove: false)
                         migrate.prove: false in .pg-flux.yml turns it off
  --label NAME           file name suffix
  --dry-run              print the migration instead of writing it
  --generate-undo        also write <name>_undo.sql: the exact plan back to the current schema
                         (values of dropped tables or columns cannot come back: its -- lost: lines
                         say which); migrate.generate_undo in .pg-flux.yml
  --format F             separate (default): undo in its own file; combined: one file with
                         -- +migrate Up / -- +migrate Down (implies the undo); migrate.format
${STRICT_COVERAGE}
Renames: write '-- pg-flux:renamed-from OLD' on the line before a table, column, index,
constraint or enum value in schema/ to get ALTER ... RENAME instead of a drop and an add.

Example:
  pg-flux migrate generate --label drop_legacy --allow-hazards DATA_LOSS

${GLOBAL}`,
  'migrate apply': `Usage: pg-flux migrate apply [--dry-run] [--allow-hazards LIST] [--lock-timeout D]
                          [--statement-timeout D] [--log-format human|json] [--force-after-drift]
                          [--strict-order] [--lock-wait D] [--shadow-dsn URL] [--no-prove]
                          [--strict-coverage]

Applies pending files in name order under an advisory lock. Before the first statement, every
statement about to run is classified for hazards (refused with exit 5 unless allowed by
--allow-hazards or by the file's '-- pg-flux:allow-hazards' line) and checked against the rows
it could fail on (e.g. NULLs before SET NOT NULL: refused with a count and a sample key). Each
file's transaction commits together with its row in <tracking schema>.migrations; before- and
after-transaction statements record their progress, so an interrupted run resumes. A file
edited after it was applied is refused, and so is a file whose baseline no longer matches the
live schema (the message says whether it looks like a parallel branch or a manual change, and
the steps to fix either). A pending file that sorts before the newest applied one is an
out-of-order migration: a warning with the fix (pg-flux migrate rebase), or an error with
--strict-order. Ctrl-C or SIGTERM cancels the running statement on the server, rolls back and
releases the lock.
  --dry-run               run the hazard and data checks and print the SQL that would run
  --allow-hazards LIST    hazard types to accept (see migrate generate --help), or all
  --lock-timeout D        lock_timeout of every statement (default 5s): a statement that waits
                          longer is retried (--lock-retries, default 3, with backoff), then
                          fails naming the session that blocks it (migrate.lock_timeout)
  --lock-retries N        retries after a lock timeout (default 3; migrate.lock_retries)
  --statement-timeout D   statement_timeout of every statement (default: the server's)
  --log-format F          human (default) or json: one JSON object per event, on stdout
  --no-preflight          skip the data checks
  --shadow-dsn URL        shadow proof (also PGFLUX_SHADOW_DSN, shadow_dsn:): before touching
                          the target, copy its schema to a scratch database on this server (same
                          major), run the pending files there as they will run, and refuse
                          (exit 1, nothing applied) when they fail there or the result differs
                          from schema/ (owners and grants are not compared); with --dry-run only
                          the proof and the checks run
  --no-prove              skip the shadow proof although a shadow server is set (migrate.prove;
                          --prove overrides migrate.prove: false)
  --force-after-drift     apply even though the live schema changed since generation
  --strict-order          an out-of-order migration is an error (migrate.strict_order)
${LOCK_WAIT}
${STRICT_COVERAGE}
                         (checked before the first statement when something is pending)
Durations: 500ms, 30s, 20min, 1h (a bare number is seconds).

Examples:
  pg-flux migrate apply --shadow-dsn="$PGFLUX_SHADOW_DSN" --dry-run
  pg-flux migrate apply --statement-timeout=20min --log-format=json

${GLOBAL}`,
  'migrate status': `Usage: pg-flux migrate status [--json]

Lists every migration file as applied (time and duration, or baselined), pending (flagged when
out of order), modified (edited after it was applied), incomplete (after-transaction steps still
to run) or missing (recorded as applied, but no file here: another branch's migration); [undo]
marks files that migrate rollback can undo.
  --json                 the same as data: [{file, state, appliedAt, durationMs, baselined,
                         outOfOrder, pendingAfter, undo}]

Example:
  pg-flux migrate status --json

${GLOBAL}`,
  'migrate baseline': `Usage: pg-flux migrate baseline FILE [--force]
       pg-flux migrate baseline --up-to FILE [--force]
       (both take [--strict-coverage])

Records migration files as applied without running them, with their checksums: for adopting
pg-flux on a database that already has the schema. FILE marks that file only; --up-to FILE marks
every pending file up to and including it. Refuses a file that does not exist, one already
applied, and (unless --force) one whose target schema hash does not match the live schema.
  --up-to FILE           every pending file up to and including FILE
  --force                mark it even though the live schema is not what it produces
${LOCK_WAIT}
${STRICT_COVERAGE}

Example:
  pg-flux migrate baseline migrations/20260101_000000_initial.sql

${GLOBAL}`,
  'migrate repair': `Usage: pg-flux migrate repair [--file FILE] [--force]

Accepts edits of applied migration files by recording their new checksums, and lists them.
Only edits that leave the statements as they were (comments, blank lines, layout) are accepted;
an edit that changes what the file does is refused unless --force (a database that ran the old
text would differ from one that runs the new one: put the change in a new migration instead).
  --file FILE            only this file
  --force                accept an edit that changes the statements
${LOCK_WAIT}

Example:
  pg-flux migrate repair --file 20260101_000000_initial.sql

${GLOBAL}`,
  'migrate rebase': `Usage: pg-flux migrate rebase [--onto REF] [--allow-hazards LIST] [--force] [--no-prove] [--strict-coverage]

After a teammate's migration was merged (and applied to staging): regenerates this branch's
migration on top of it — same label, a new timestamp that sorts last, the old file (and its
undo) removed — so history stays linear. Theirs are the migration files the main branch has
(asked of git: origin's default branch, else origin/main or main; --onto names another ref), and
are never rewritten. When yours is applied to this database, rebase first runs its undo, then
applies theirs, then regenerates yours; apply it with pg-flux migrate apply. A file edited by
hand since it was generated is refused (the edit would be lost) unless --force.
  --onto REF             the git ref whose migrations are your teammates' (default origin/main)
  --allow-hazards LIST   hazards allowed in the regenerated file and in undoing yours here
  --force                regenerate files edited by hand (or hand-written) too
  --no-prove             do not prove the regenerated file on a copy of the target (see migrate
                         generate --help; migrate.prove; --prove overrides it)
${STRICT_COVERAGE}

Example (after git pull origin main):
  pg-flux migrate rebase --allow-hazards DATA_LOSS && pg-flux migrate apply

${GLOBAL}`,
  'migrate rollback': `Usage: pg-flux migrate rollback [N] [--dry-run] [--allow-hazards LIST] [--force-after-drift] [--strict-coverage]

Runs the undo of the last N applied migrations (default 1), newest first, each in a transaction
together with the removal of its tracking row. The undo is the file's -- +migrate Down part or
<name>_undo.sql (migrate generate --generate-undo writes one). Everything is checked first: a
migration without an undo stops the rollback before anything runs (it never skips one to undo an
older one), and the undo's hazards must be allowed.
  --dry-run              print the undo SQL that would run; change nothing
  --allow-hazards LIST   hazards of the undo to allow (an undo of CREATE TABLE drops the table)
  --force-after-drift    run the undo even though the schema changed since the migration
${LOCK_WAIT}
${STRICT_COVERAGE}

Example:
  pg-flux migrate rollback 1 --dry-run

${GLOBAL}`,
  drift: `Usage: pg-flux drift [--strict] [--sql] [--json] [--strict-coverage]

Compares schema/ with the database and prints one line per difference, grouped by object, as
the operation that would make the database match the source:
  ADD COLUMN public.users.last_login timestamptz
  DROP INDEX public.idx_orphan
Exit 0 when they match, 1 when they differ, 2 when they differ and --strict is given.
  --strict               exit 2 (not 1) on differences, for CI
  --sql                  print the SQL statements that would fix it instead
  --json                 the differences as data (kind, object, group, line, sql), and the live
                         objects pg-flux does not manage (unmanaged: [{kind, key}])
${STRICT_COVERAGE}
An INVALID index left by a failed CREATE INDEX CONCURRENTLY is noted, and the fix rebuilds it.

Example:
  pg-flux drift --strict

${GLOBAL}`,
  verify: `Usage: pg-flux verify [--strict] [--strict-coverage] [--json]

Lists live objects that no file under schema/ declares (a hotfix made by hand), grouped by
kind. Objects missing from the database are not its business (drift and apply see those).
Files under schema/_pulled/ count as source; a note says how many objects only they declare.
Objects of kinds pg-flux does not manage are summed up in a note and not counted.
  --strict               exit 4 when anything is undeclared (else exit 0)
  --strict-coverage      count (and list) objects of kinds pg-flux does not manage too, and exit 4
                         on any undeclared object (strict_coverage: true; $PGFLUX_STRICT_COVERAGE)
  --json                 the findings as data (unmanaged: [{kind, key}])

Example:
  pg-flux verify --strict

${GLOBAL}`,
  pull: `Usage: pg-flux pull [--dry-run] [--strict-coverage]

Writes schema/_pulled/YYYYMMDD_HHMMSS_pulled.sql with a CREATE for every undeclared live
object (in dependency order) and, as SQL comments, the live definition of every object that
differs from its source, with the file:line that declares it. Files under schema/_pulled/
are part of the source, so verify is clean right after; move the statements where they
belong. Never overwrites a file.
  --dry-run              print the file instead of writing it (--dry-run=false writes)
${STRICT_COVERAGE}

Example:
  pg-flux pull --dry-run

${GLOBAL}`,
  dump: `Usage: pg-flux dump [--out DIR] [--layout by-object|by-kind|single] [--force] [--strict-coverage]

Writes the database's managed objects as a schema source tree that round-trips: migrate
generate against the same database then says No changes. Deterministic bytes; written to a
temporary directory and renamed into place, so nothing is ever half-written.
  --out DIR              target directory (default: the schema directory)
  --layout by-object     one folder per schema; one file per table (with its constraints,
                         indexes and owned sequences), view, function, type (default)
  --layout by-kind       one folder per kind: tables/public.users.sql, indexes/public.users.sql
  --layout single        everything in DIR/schema.sql
  --force                replace a non-empty DIR (only one holding nothing but .sql files)
${STRICT_COVERAGE}

Example:
  pg-flux dump --out schema --db postgres://app@localhost/app

${GLOBAL}`,
  inspect: `Usage: pg-flux inspect [--type KIND] [--object GLOB] [--summary] [--json] [--strict-coverage]

Shows the live model as the differ sees it. Without options: counts per kind. With --type or
--object: the canonical definition (CREATE statements) of each matching object, a table with
its constraints and indexes.
  --type KIND            tables, indexes, constraints, sequences, enums, views, functions, ...
  --object GLOB          identity keys like public.users, public.users.users_pkey, public.idx_*
  --summary              counts only (of the matches, with --type / --object)
  --json                 the model (or the matches) as data (unmanaged: the objects it does not hold)
${STRICT_COVERAGE}

Example:
  pg-flux inspect --object 'public.users'

${GLOBAL}`,
  gen: `Usage: pg-flux gen [--lang ts,go,python,rust] [--check] [--from-db] [options]

Generates application types from schema/ (no database needed), or from the live database with
--from-db: Row, Insert and Update shapes of tables, Row shapes of views, enums, function
arguments and results. Files start with a header holding the schema hash and the command that
regenerates them; only files whose bytes change are written, and generated files the schema no
longer produces are removed. Outputs come from --lang, else the gen: section of .pg-flux.yml,
else the outputs already generated in the default directories.
  --lang LIST            ts, go, python, rust (comma-separated); default output directories:
                         ts src/db, go internal/dbgen, python dbgen, rust src/dbgen
  --check                write nothing; list stale, missing and obsolete files, exit 3 if any
  --from-db              generate from the live database instead of schema/
  --strict-coverage      with --from-db: a live object of a kind pg-flux does not manage is an
                         error (exit 4, nothing written; strict_coverage: true)
  --out DIR              output directory (with a single --lang)
  --validators zod|none  TypeScript: zod schemas in validators.ts (z.infer = the interfaces)
  --branded-ids          primary keys get branded types; foreign keys reuse them
  --row-only             no Insert / Update shapes
  --case snake|camel|pascal          property names (TS, Python; Go JSON tags); default snake
  --null-style optional|nullable     nullable columns on insert: may be left out (default),
                                     or must be given (possibly as null)
  --array-elements nullable|nonnull  array elements may be NULL (default) or not
  --bigint-as string|number|bigint   TS int8 (node-postgres returns string: default)
  --dates-as Date|string|temporal    TS date/timestamp types (Date: node-postgres default;
                                     temporal: PlainDate, PlainTime, PlainDateTime, Instant, Duration)
  --go-tags db|sqlx|gorm|bun|none    Go struct tags (default db; ent has no tags)
  --go-driver pgx|database/sql       Go profile (default pgx v5)
  --go-package NAME      Go package name (default: the output directory's name)

Example:
  pg-flux gen --lang go,ts --validators=zod --branded-ids
  pg-flux gen --check

${GLOBAL}`,
};
