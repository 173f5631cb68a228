/** Apply events as lines for a person (the default; `--log-format=json` writes the events themselves). */
import type { ApplyEvent, Blocker, EventSink } from './events.js';
import { formatDuration } from '../config/duration.js';

const pct = (done: number, total: number): string => (total > 0 ? `${Math.min(100, Math.floor((done * 100) / total))}%` : '');

export const describeBlocker = (b: Blocker): string =>
  `pid ${b.pid} (${b.applicationName || 'no application_name'}${b.state ? `, ${b.state}` : ''}${b.queryStart ? `, since ${b.queryStart}` : ''})${b.holds ? ` holding ${b.holds}` : ''}`;

/**
 * `line` gets finished lines; `status` (a terminal) gets a line that the next one replaces, for
 * progress of long statements. Without `status`, progress is printed every 10 seconds.
 */
export const humanSink = (line: (l: string) => void, status?: (l: string | null) => void): EventSink => {
  let lastProgressLine = 0;
  return (e: ApplyEvent) => {
    switch (e.event) {
      case 'message': line(e.level === 'warning' ? `warning: ${e.text}` : e.text); return;
      // The command reports each finished file once, on stdout; on a terminal the file being
      // applied is shown in the status line meanwhile.
      case 'file_start': status?.(`${e.resumed ? 'resuming' : 'applying'} ${e.file}`); return;
      case 'dry_run': line(e.sql); return;
      case 'lock_wait':
        line(`  ${e.statement.file}:${e.statement.line} waits ${formatDuration(e.waitedMs)}${e.wants ? ` for ${e.wants}` : ''}, blocked by ${e.blockers.map(describeBlocker).join('; ')}`);
        return;
      case 'retry': line(`  ${e.statement.file}:${e.statement.line}: ${e.reason} (attempt ${e.attempt} of ${e.of})`); return;
      case 'progress': {
        const text = `  ${e.statement.file}:${e.statement.line} ${e.phase} ${pct(e.done, e.total)} (${formatDuration(e.elapsedMs)})`.replace(/ +\(/, ' (');
        if (status) status(text);
        else if (Date.now() - lastProgressLine >= 10_000) { lastProgressLine = Date.now(); line(text); }
        return;
      }
      case 'statement_end': status?.(null); return;
      case 'preflight': if (!e.ok) line(`  pre-flight: ${e.detail}`); return;
      case 'file_end': status?.(null); return;
      case 'interrupted':
        line(`interrupted by ${e.signal}; state of each file:`);
        for (const f of e.files) line(`  ${f.file}: ${f.state}`);
        return;
      default:
    }
  };
};
