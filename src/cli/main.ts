/**
 * The CLI entry: the only module that reads process.argv / process.env or sets the exit code.
 * Commands are imported lazily so `--help` and `--version` load no parser and no driver.
 */
import { HELP } from './help.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { GLOBAL_OPTIONS, UsageError } from './args.js';
import { redactText } from '../shell/db/redact.js';
import { terminalSafe } from './terminal-safe.js';
import { setFlagsFromString } from 'node:v8';

type Runner = (argv: readonly string[], io: Io) => Promise<number>;

const COMMANDS: Readonly<Record<string, () => Promise<Runner>>> = {
  init: async () => (await import('./commands/init.js')).runInit,
  plan: async () => (await import('./commands/plan.js')).runPlan,
  'migrate generate': async () => (await import('./commands/generate.js')).runGenerate,
  'migrate apply': async () => (await import('./commands/apply.js')).runApply,
  'migrate status': async () => (await import('./commands/status.js')).runStatus,
  'migrate baseline': async () => (await import('./commands/baseline.js')).runBaseline,
  'migrate repair': async () => (await import('./commands/repair.js')).runRepair,
  'migrate rebase': async () => (await import('./commands/rebase.js')).runRebase,
  'migrate rollback': async () => (await import('./commands/rollback.js')).runRollback,
  drift: async () => (await import('./commands/drift.js')).runDrift,
  verify: async () => (await import('./commands/verify.js')).runVerify,
  pull: async () => (await import('./commands/pull.js')).runPull,
  dump: async () => (await import('./commands/dump.js')).runDump,
  inspect: async () => (await import('./commands/inspect.js')).runInspect,
  gen: async () => (await import('./commands/gen.js')).runGenCommand,
};

/** Commands that group subcommands (`pg-flux migrate --help` lists them). */
const GROUPS = new Set(Object.keys(COMMANDS).filter((c) => c.includes(' ')).map((c) => c.split(' ')[0]!));

const version = async (): Promise<string> => (await import('../shell/version.js')).toolVersion();

const GLOBAL_WITH_VALUE = new Set(Object.entries(GLOBAL_OPTIONS).filter(([, s]) => s.type === 'string').map(([k]) => k));

/**
 * Split `[global options] command [subcommand] [options]`: global options may come before the
 * command (`pg-flux --db URL drift`), as many CLIs allow.
 */
const splitCommand = (argv: readonly string[]): { words: string[]; rest: string[] } => {
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '--') {
    const a = argv[i]!;
    leading.push(a);
    const name = a.replace(/^--?/, '').split('=')[0]!;
    if (!a.includes('=') && GLOBAL_WITH_VALUE.has(name) && i + 1 < argv.length) leading.push(argv[++i]!);
    i++;
  }
  const words: string[] = [];
  if (i < argv.length) words.push(argv[i++]!);
  if (words[0] !== undefined && GROUPS.has(words[0]) && i < argv.length && !argv[i]!.startsWith('-')) words.push(argv[i++]!);
  return { words, rest: [...leading, ...argv.slice(i)] };
};

const closest = async (word: string, candidates: readonly string[]): Promise<string | null> =>
  (await import('../shell/config/nearest.js')).nearest(word, candidates);

const isHelp = (a: string): boolean => a === '--help' || a === '-h' || a === '--help=true';

/**
 * Everything a command prints passes redaction (every connection string this run knows, and
 * PGPASSWORD); stderr, and stdout on a terminal, also have control characters escaped.
 */
const guarded = (io: Io, argv: readonly string[], stdoutIsTerminal: boolean): Io => {
  const urls = [io.env['DATABASE_URL'], io.env['PGFLUX_SHADOW_DSN'], ...argv].filter((x): x is string => !!x && (x.includes(':') || x.includes('=')));
  const bare = [io.env['PGPASSWORD'] ?? ''];
  const clean = (t: string): string => redactText(t, urls, bare);
  return {
    ...io,
    out: (t) => io.out(stdoutIsTerminal ? terminalSafe(clean(t)) : clean(t)),
    err: (t) => io.err(terminalSafe(clean(t))),
  };
};

export const main = async (argv: readonly string[], rawIo: Io, opts: { stdoutIsTerminal?: boolean } = {}): Promise<number> => {
  const io = guarded(rawIo, argv, opts.stdoutIsTerminal ?? false);
  const verbose = argv.some((a) => a === '--verbose' || a === '--verbose=true');
  if (argv[0] === '--version' || argv[0] === '-V' || argv[0] === 'version') { io.out(`pg-flux ${await version()}`); return EXIT.OK; }
  const { words, rest } = splitCommand(argv);
  const [first, second] = words;
  if (first === undefined || first === 'help') {
    const topic = first === 'help' ? rest.filter((a) => !a.startsWith('-')).join(' ') : '';
    if (topic && HELP[topic]) { io.out(HELP[topic]); return EXIT.OK; }
    if (!first && !rest.some(isHelp) && rest.length > 0) {
      io.err(`error: no command given (see pg-flux --help)`);
      return EXIT.ERROR;
    }
    io.out(HELP['main']!);
    return EXIT.OK;
  }
  if (GROUPS.has(first) && second === undefined) {
    if (rest.some(isHelp)) { io.out(HELP[first]!); return EXIT.OK; }
    const subs = Object.keys(COMMANDS).filter((c) => c.startsWith(`${first} `)).map((c) => c.split(' ')[1]!);
    const given = rest.find((a) => !a.startsWith('-'));
    io.err(`error: ${first} needs a subcommand: ${subs.join(', ')} (see pg-flux ${first} --help)${given ? '' : ''}`);
    return EXIT.ERROR;
  }
  const name = second === undefined ? first : `${first} ${second}`;
  const load = COMMANDS[name];
  if (!load) {
    const candidates = GROUPS.has(first)
      ? Object.keys(COMMANDS).filter((c) => c.startsWith(`${first} `)).map((c) => c.split(' ')[1]!)
      : [...new Set(Object.keys(COMMANDS).map((c) => c.split(' ')[0]!))];
    const word = GROUPS.has(first) ? second! : first;
    const guess = await closest(word, candidates);
    const what = GROUPS.has(first) ? `unknown ${first} subcommand "${word}"` : `unknown command "${word}"`;
    io.err(`error: ${what}${guess ? `: did you mean "${GROUPS.has(first) ? `${first} ` : ''}${guess}"?` : ''} (see pg-flux ${GROUPS.has(first) ? `${first} ` : ''}--help)`);
    return EXIT.ERROR;
  }
  if (rest.some(isHelp)) { io.out(HELP[name]!); return EXIT.OK; }
  try {
    return await (await load())(rest, io);
  } catch (e) {
    const { renderError } = await import('./errors.js');
    const r = renderError(e);
    const usage = e instanceof UsageError ? ` (see pg-flux ${name} --help)` : '';
    io.err(`error: ${r.message}${usage}`);
    if (verbose && e instanceof Error && e.stack) io.err(e.stack);
    return r.code;
  }
};

/** Run as the `pg-flux` program (bin/pg-flux calls this). */
export const runCli = (): void => {
  // The parser is 1.7 MB of WebAssembly. By default V8 compiles it twice: quickly (Liftoff), then
  // the hot functions again in background threads (TurboFan). One CLI run never earns the second
  // compile back: Liftoff alone cuts loading the parser from about 0.26 s to 0.13 s of CPU, and
  // parsing all of GitLab's structure.sql from 1.45 s to 1.05 s. Set before any WebAssembly is
  // compiled (the flag is read at compile time).
  setFlagsFromString('--liftoff-only');
  let statusShown = false;
  const clearStatus = (): void => { if (statusShown) { process.stderr.write('\r\x1b[K'); statusShown = false; } };
  // `pg-flux ... | head` closes the pipe early: stop quietly, as other command-line tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });
  }
  const io: Io = {
    out: (t) => { clearStatus(); process.stdout.write(`${t}\n`); },
    err: (t) => { clearStatus(); process.stderr.write(`${t}\n`); },
    cwd: process.cwd(),
    env: process.env,
    interactive: process.stderr.isTTY === true,
    status: process.stderr.isTTY
      ? (line) => { clearStatus(); if (line !== null) { process.stderr.write(line.slice(0, (process.stderr.columns || 80) - 1)); statusShown = true; } }
      : undefined,
    // The first signal asks the command to stop cleanly (cancel, roll back, release); a second one exits at once.
    onInterrupt: (handler) => {
      let seen = 0;
      const on = (signal: NodeJS.Signals): void => {
        seen++;
        if (seen > 1) process.exit(signal === 'SIGINT' ? 130 : 143);
        handler(signal);
      };
      process.on('SIGINT', on);
      process.on('SIGTERM', on);
      return () => { process.off('SIGINT', on); process.off('SIGTERM', on); };
    },
  };
  void main(process.argv.slice(2), io, { stdoutIsTerminal: process.stdout.isTTY === true }).then((code) => { process.exitCode = code; });
};
