import { STRICT_COVERAGE_OPTIONS, maybeFlag, flag, parseCommandArgs, str, type Options } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { applyOperation } from '../../shell/operations/apply.js';
import { parseAllowedHazards } from '../../shell/operations/hazards.js';
import { humanSink } from '../../shell/runner/human-log.js';
import type { ApplyEvent, EventSink } from '../../shell/runner/events.js';
import { redactText } from '../../shell/db/redact.js';

export const OPTIONS = {
  'dry-run': { type: 'boolean' },
  'force-after-drift': { type: 'boolean' },
  'lock-wait': { type: 'string' },
  'strict-order': { type: 'boolean' },
  'allow-hazards': { type: 'string' },
  'lock-timeout': { type: 'string' },
  'lock-retries': { type: 'string' },
  'statement-timeout': { type: 'string' },
  'log-format': { type: 'string' },
  'no-preflight': { type: 'boolean' },
  prove: { type: 'boolean' },
  'no-prove': { type: 'boolean' },
  ...STRICT_COVERAGE_OPTIONS,
} as const satisfies Options;

/** One JSON object per line, for log shippers: time, event, and the event's fields. */
const jsonSink = (io: Io, urls: readonly string[]): EventSink => (e: ApplyEvent) =>
  io.out(redactText(JSON.stringify({ time: new Date().toISOString(), ...e }), urls));

export const runApply = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, OPTIONS);
  const allowHazards = parseAllowedHazards(str(p, 'allow-hazards'));
  return withProject(p, io, async (project) => {
    const dryRun = flag(p, 'dry-run');
    const json = project.setting('migrate.log_format') === 'json';
    const urls = [str(p, 'db'), io.env['DATABASE_URL']].filter((x): x is string => typeof x === 'string');
    const onEvent = json ? jsonSink(io, urls) : humanSink((l) => io.err(redactText(l, urls)), io.status);
    const controller = new AbortController();
    const stop = io.onInterrupt?.((signal) => controller.abort(signal));
    try {
      const r = await applyOperation(project, {
        dryRun, forceAfterDrift: flag(p, 'force-after-drift'), strictOrder: maybeFlag(p, 'strict-order'), allowHazards,
        preflight: !flag(p, 'no-preflight'), prove: flag(p, 'no-prove') ? false : maybeFlag(p, 'prove'), signal: controller.signal, onEvent,
      });
      if (json) {
        if (dryRun) for (const a of r.applied) onEvent({ event: 'message', level: 'info', text: `would ${a.resumed ? 'resume' : 'apply'} ${a.file}:\n${a.sql ?? ''}` });
        return EXIT.OK;
      }
      for (const a of r.applied) {
        if (dryRun) {
          io.out(`-- would ${a.resumed ? 'resume' : 'apply'} ${a.file}`);
          if (a.sql) io.out(a.sql);
        } else io.out(`applied ${a.file} (${a.durationMs} ms)${a.resumed ? ' (resumed)' : ''}`);
      }
      if (r.applied.length === 0) io.out('No pending migrations');
      return EXIT.OK;
    } finally {
      stop?.();
    }
  });
};
