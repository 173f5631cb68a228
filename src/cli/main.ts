/**
 * The CLI entry: the only module that reads process.argv / process.env or sets the exit code.
 * Commands are imported lazily so `--help` and `--version` load no parser and no driver.
 */
import { HELP } from './help.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';

type Runner = (argv: readonly string[], io: Io) => Promise<number>;

const COMMANDS: Readonly<Record<string, () => Promise<Runner>>> = {
  init: async () => (await import('./commands/init.js')).runInit,
  plan: async () => (await import('./commands/plan.js')).runPlan,
  'migrate generate': async () => (await import('./commands/generate.js')).runGenerate,
  'migrate apply': async () => (await import('./commands/apply.js')).runApply,
  'migrate status': async () => (await import('./commands/status.js')).runStatus,
  drift: async () => (await import('./commands/drift.js')).runDrift,
  verify: async () => (await import('./commands/verify.js')).runVerify,
  pull: async () => (await import('./commands/pull.js')).runPull,
  dump: async () => (await import('./commands/dump.js')).runDump,
  inspect: async () => (await import('./commands/inspect.js')).runInspect,
};

const version = async (): Promise<string> => (await import('../shell/version.js')).toolVersion();

export const main = async (argv: readonly string[], io: Io): Promise<number> => {
  const verbose = argv.includes('--verbose');
  const [first, second] = argv;
  if (first === '--version' || first === '-V' || first === 'version') { io.out(`pg-flux ${await version()}`); return EXIT.OK; }
  if (!first || first === '--help' || first === '-h' || first === 'help') { io.out(HELP['main']!); return EXIT.OK; }
  const name = first === 'migrate' ? `migrate ${second ?? ''}`.trim() : first;
  const rest = argv.slice(first === 'migrate' ? 2 : 1);
  const load = COMMANDS[name];
  if (!load) {
    const hint = first === 'migrate' ? 'migrate takes generate, apply or status' : `unknown command "${first}"`;
    io.err(`error: ${hint} (see pg-flux --help)`);
    return EXIT.ERROR;
  }
  if (rest.includes('--help') || rest.includes('-h')) { io.out(HELP[name]!); return EXIT.OK; }
  try {
    return await (await load())(rest, io);
  } catch (e) {
    const { renderError } = await import('./errors.js');
    const { redactText } = await import('../shell/db/redact.js');
    const r = renderError(e);
    const urls = [io.env['DATABASE_URL'], io.env['PGFLUX_SHADOW_DSN'], ...argv.filter((a) => a.includes('://'))].filter((x): x is string => !!x);
    const dbIdx = argv.indexOf('--db');
    if (dbIdx >= 0 && argv[dbIdx + 1]) urls.push(argv[dbIdx + 1]!);
    io.err(redactText(`error: ${r.message}`, urls));
    if (verbose && e instanceof Error && e.stack) io.err(redactText(e.stack, urls));
    return r.code;
  }
};

/** Run as the `pg-flux` program (bin/pg-flux calls this). */
export const runCli = (): void => {
  // `pg-flux inspect | head`: the reader went away; stop quietly, as other command-line tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });
  const io: Io = {
    out: (t) => { process.stdout.write(`${t}\n`); },
    err: (t) => { process.stderr.write(`${t}\n`); },
    cwd: process.cwd(),
    env: process.env,
  };
  main(process.argv.slice(2), io).then((code) => { process.exitCode = code; });
};
