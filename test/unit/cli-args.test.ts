/** The argument parser and the command dispatcher (no server: nothing here opens a database). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandArgs, UsageError, GLOBAL_OPTIONS } from '../../src/cli/args.js';
import { main } from '../../src/cli/main.js';
import { HELP } from '../../src/cli/help.js';
import type { Io } from '../../src/cli/io.js';
import { parseDuration } from '../../src/shell/config/duration.js';
import { terminalSafe } from '../../src/cli/terminal-safe.js';

const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; }, cwd: '/nonexistent-pg-flux-test', env: {} };
  const code = await main(argv, io);
  return { code, out, err };
};

describe('parseCommandArgs', () => {
  const own = { 'dry-run': { type: 'boolean' }, label: { type: 'string' } } as const;
  it('takes --flag, --flag=true and --flag=false for booleans (unset stays undefined)', () => {
    assert.equal(parseCommandArgs(['--dry-run'], own).values['dry-run'], true);
    assert.equal(parseCommandArgs(['--dry-run=true'], own).values['dry-run'], true);
    assert.equal(parseCommandArgs(['--dry-run=false'], own).values['dry-run'], false);
    assert.equal(parseCommandArgs([], own).values['dry-run'], undefined);
    assert.throws(() => parseCommandArgs(['--dry-run=maybe'], own), /--dry-run takes true or false, got "maybe"/);
  });
  it('takes string values as --x v and --x=v; a missing value is an error', () => {
    assert.equal(parseCommandArgs(['--label', 'a b'], own).values['label'], 'a b');
    assert.equal(parseCommandArgs(['--label=x=y'], own).values['label'], 'x=y');
    assert.throws(() => parseCommandArgs(['--label'], own), /--label needs a value/);
    assert.throws(() => parseCommandArgs(['--label', '--dry-run'], own), /--label needs a value/);
  });
  it('names the nearest option for an unknown one', () => {
    assert.throws(() => parseCommandArgs(['--dryrun'], own), (e: unknown) => e instanceof UsageError && /^unknown option --dryrun: did you mean --dry-run\?$/.test(e.message));
    assert.throws(() => parseCommandArgs(['--frobnicate'], own), /: unknown option --frobnicate$/);
    assert.throws(() => parseCommandArgs(['-q'], own), /: unknown option -q$/);
  });
  it('refuses extra positional arguments, keeps the allowed ones, and stops at --', () => {
    assert.throws(() => parseCommandArgs(['extra'], own), /: unexpected argument "extra"$/);
    assert.deepEqual(parseCommandArgs(['a'], own, { max: 1 }).positionals, ['a']);
    assert.throws(() => parseCommandArgs(['a', 'b'], own, { max: 1 }), /: unexpected argument "b"$/);
    assert.deepEqual(parseCommandArgs(['--', '--weird'], own, { max: 1 }).positionals, ['--weird']);
  });
  it('knows the global options everywhere', () => {
    const p = parseCommandArgs(['--db', 'postgres://x@h/d', '--config=a.yml', '--verbose=false'], {});
    assert.equal(p.values['db'], 'postgres://x@h/d');
    assert.equal(p.values['config'], 'a.yml');
    assert.equal(p.values['verbose'], false);
  });
});

describe('main', () => {
  it('pg-flux migrate --help prints the migrate help; a bare migrate names its subcommands', async () => {
    const h = await run(['migrate', '--help']);
    assert.equal(h.code, 0);
    assert.match(h.out, /^Usage: pg-flux migrate <subcommand>/);
    for (const s of ['generate', 'apply', 'status', 'baseline', 'repair', 'rebase', 'rollback']) assert.match(h.out, new RegExp(`\\n  ${s} `));
    const bare = await run(['migrate']);
    assert.equal(bare.code, 1);
    assert.match(bare.err, /^error: migrate needs a subcommand: generate, apply, status, baseline, repair, rebase, rollback \(see pg-flux migrate --help\)\n$/);
  });
  it('unknown commands and options are one lower-case line with the nearest name and where to look', async () => {
    const cmd = await run(['drfit']);
    assert.deepEqual([cmd.code, cmd.err], [1, 'error: unknown command "drfit": did you mean "drift"? (see pg-flux --help)\n']);
    const sub = await run(['migrate', 'aply']);
    assert.deepEqual([sub.code, sub.err], [1, 'error: unknown migrate subcommand "aply": did you mean "migrate apply"? (see pg-flux migrate --help)\n']);
    const opt = await run(['migrate', 'apply', '--dry-runn']);
    assert.deepEqual([opt.code, opt.err], [1, 'error: unknown option --dry-runn: did you mean --dry-run? (see pg-flux migrate apply --help)\n']);
    const pos = await run(['drift', 'now']);
    assert.deepEqual([pos.code, pos.err], [1, 'error: unexpected argument "now" (see pg-flux drift --help)\n']);
  });
  it('global options may come before the command', async () => {
    const r = await run(['--db', 'mysql://u:secret-pw@h/d', 'drift']);
    assert.equal(r.code, 1);
    assert.match(r.err, /^error: --db has scheme "mysql:"; pg-flux connects to PostgreSQL only/);
    assert.doesNotMatch(r.err, /secret-pw/);
  });
  it('pg-flux help <command> is the command\'s --help', async () => {
    const r = await run(['help', 'migrate', 'rollback']);
    assert.equal(r.out, `${HELP['migrate rollback']}\n`);
  });
});

describe('help texts', () => {
  const commands: Record<string, string> = {
    init: 'init', plan: 'plan', 'migrate generate': 'generate', 'migrate apply': 'apply', 'migrate status': 'status',
    'migrate baseline': 'baseline', 'migrate repair': 'repair', 'migrate rebase': 'rebase', 'migrate rollback': 'rollback', drift: 'drift',
  };
  it('every command documents every option it accepts, with an example', async () => {
    for (const [name, file] of Object.entries(commands)) {
      const mod = await import(`../../src/cli/commands/${file}.js`) as { OPTIONS: Record<string, unknown> };
      const text = HELP[name];
      assert.ok(text, `no help for ${name}`);
      assert.match(text, /\nExample[^\n]*:\n {2}pg-flux /, `${name} help has an example`);
      for (const o of [...Object.keys(mod.OPTIONS), ...Object.keys(GLOBAL_OPTIONS)]) assert.ok(text.includes(`--${o}`), `${name} help does not mention --${o}`);
    }
  });
});

describe('durations and terminal safety', () => {
  it('parses 500ms, 30s, 20min, 1h and bare seconds', () => {
    assert.deepEqual(['500ms', '30s', '20min', '1h', '2', '1.5s', 'abc', '5 parsecs'].map(parseDuration), [500, 30_000, 1_200_000, 3_600_000, 2000, 1500, null, null]);
  });
  it('escapes control characters but keeps newlines and tabs', () => {
    assert.equal(terminalSafe('a\u001b[31mb\tc\nd\u0007\u009b'), 'a\\x1B[31mb\tc\nd\\x07\\x9B');
  });
});
