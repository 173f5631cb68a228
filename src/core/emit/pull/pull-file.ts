/**
 * The file `pg-flux pull` writes under schema/_pulled/: a CREATE for every undeclared live
 * object (the planner's create statements, in its dependency order), then — as SQL comments,
 * so they change nothing — the live definition of every object whose live form differs from
 * its source, with the file:line that declares it.
 */
import type { Plan } from '../../model/plan.js';
import type { SourceSpan } from '../../model/objects.js';
import { KINDS, type ObjectRef } from '../../coverage/kinds.js';
import { terminated } from '../dump/create-plan.js';

export interface DifferingDefinition {
  readonly ref: ObjectRef;
  /** Where the source declares it. */
  readonly source: SourceSpan | null;
  /** The live object's create statements. */
  readonly live: Plan;
}

export interface PullInput {
  /** Creates the undeclared objects. */
  readonly undeclared: Plan;
  readonly undeclaredCount: number;
  readonly differing: readonly DifferingDefinition[];
  readonly schemaDir: string;
  readonly created: Date;
}

const statements = (p: Plan): string[] => p.steps.flatMap((s) => s.statements.map((st) => terminated(st.sql)));

const commented = (text: string): string => text.split('\n').map((l) => (l === '' ? '--' : `-- ${l}`)).join('\n');

const stamp = (d: Date): string => d.toISOString().replace(/\.\d+Z$/, 'Z');

export const pullFileText = (i: PullInput): string => {
  const parts: string[] = [[
    `-- pg-flux pull, ${stamp(i.created)}: ${i.undeclaredCount} live object(s) that ${i.schemaDir}/ does not declare.`,
    `-- Files under ${i.schemaDir}/_pulled/ are part of the schema source. Review each statement, move it`,
    '-- into the schema file where it belongs, then delete this file.',
  ].join('\n')];
  parts.push(...statements(i.undeclared));
  if (i.differing.length > 0) {
    parts.push([
      `-- ${i.differing.length} object(s) whose live definition differs from the source. Shown as comments`,
      '-- for review only (`pg-flux drift` lists the differences; a migration changes the database).',
    ].join('\n'));
    for (const d of i.differing) {
      const where = d.source ? `declared at ${d.source.file}:${d.source.line}` : 'declared in source';
      parts.push(commented([`${d.ref.key} (${KINDS[d.ref.field].singular}), ${where}; live definition:`, ...statements(d.live)].join('\n')));
    }
  }
  return `${parts.join('\n\n')}\n`;
};
