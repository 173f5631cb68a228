import { flag, parseCommandArgs, str, UsageError } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { applyOperation } from '../../shell/operations/apply.js';
import { parseAllowedHazards } from '../../shell/operations/hazards.js';
import { parseDuration } from '../../shell/runner/durations.js';
import { humanSink } from '../../shell/runner/human-log.js';
import type { ApplyEvent, EventSink } from '../../shell/runner/events.js';
import { redactText } from '../../shell/db/redact.js';

/** One JSON object per line, for log shippers: time, event, and the event's fields. */
const jsonSink = (io: Io, urls: readonly string[]): EventSink => (e: ApplyEvent) =>
  io.out(redactText(JSON.stringify({ time: new Date().toISOString(), ...e }), urls));

export const runApply = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, {
    'dry-run': { type: 'boolean' }, 'force-after-drift': { type: 'boolean' }, 'allow-hazards': { type: 'string' },
    'lock-timeout': { type: 'string' }, 'statement-timeout': { type: 'string' }, 'lock-wait': { type: 'string' },
    'lock-retries': { type: 'string' }, 'log-format': { type: 'string' }, 'no-preflight': { type: 'boolean' },
  });
  const allowHazards = parseAllowedHazards(str(p, 'allow-hazards'));
  const duration = (k: string): number | undefined => (str(p, k) === undefined ? undefined : parseDuration(str(p, k)!, `--${k}`));
  const format = str(p, 'log-format') ?? 'human';
  if (format !== 'human' && format !== 'json') throw new UsageError(`--log-format takes human or json, got "${format}"`);
  const retries = str(p, 'lock-retries');
  if (retries !== undefined && !/^\d+$/.test(retries)) throw new UsageError(`--lock-retries takes a whole number, got "${retries}"`);
  const [lockTimeoutFlag, statementTimeoutMs, lockWaitMs] = [duration('lock-timeout'), duration('statement-timeout'), duration('lock-wait')];
  const urls = [str(p, 'db'), io.env['DATABASE_URL']].filter((x): x is string => typeof x === 'string');
  const onEvent = format === 'json' ? jsonSink(io, urls) : humanSink((l) => io.err(redactText(l, urls)), io.status);
  return withProject(p, io, async (project) => {
    const lockTimeoutMs = lockTimeoutFlag ?? (project.lockTimeout ? parseDuration(project.lockTimeout, 'lock_timeout in .pg-flux.yml') : undefined);
    const controller = new AbortController();
    const stop = io.onInterrupt?.((signal) => controller.abort(signal));
    try {
      const r = await applyOperation(project, {
        dryRun: flag(p, 'dry-run'), forceAfterDrift: flag(p, 'force-after-drift'), allowHazards,
        lockWaitMs, lockTimeoutMs, statementTimeoutMs, lockRetries: retries === undefined ? undefined : Number(retries),
        preflight: !flag(p, 'no-preflight'), signal: controller.signal, onEvent,
      });
      if (format === 'json') return EXIT.OK;
      const verb = r.dryRun ? 'would apply' : 'applied';
      for (const a of r.applied) io.out(`${verb} ${a.file}${r.dryRun ? '' : ` (${a.durationMs} ms)`}${a.resumed ? ' (resumed)' : ''}`);
      if (r.applied.length === 0) io.out('No pending migrations');
      return EXIT.OK;
    } finally {
      stop?.();
    }
  });
};
