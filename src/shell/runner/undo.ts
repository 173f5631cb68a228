/**
 * Undo migrations. The undo is not an inversion of the forward statements: it is the plan from
 * the forward migration's target model back to its baseline model, computed by the same differ,
 * orderer, emitter and hazard rules as any migration, so it is exactly as correct as a forward
 * one. What no plan can bring back — the values of a dropped table or column — is named in the
 * header as `-- lost:` lines (one per DATA_LOSS hazard of the forward migration).
 *
 * An undo lives in `<name>_undo.sql` beside the forward file, or after `-- +migrate Down` in a
 * combined file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plan } from '../../core/model/plan.js';
import { planHazardTypes, planStatements } from '../../core/emit/plan-statements.js';
import { renderMigrationFile, parseMigrationFile, type MigrationFile } from './migration-file.js';
import { readKeyLines, splitCombined } from './combined-format.js';

export const undoFileName = (forward: string): string => forward.replace(/\.sql$/, '_undo.sql');

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** What the undo cannot restore: the forward plan's DATA_LOSS hazards. */
export const lostByForward = (forward: Plan): string[] =>
  forward.steps.flatMap((s) => s.hazards.filter((h) => h.type === 'DATA_LOSS').map((h) => oneLine(h.message)));

/** The undo file text (separate format). `forwardName` is the forward file it belongs to. */
export const renderUndo = (input: {
  version: string; created: Date; label: string | null; forwardName: string; undo: Plan; forward: Plan;
  /** schemaHashIgnoringColumnOrder of the forward migration's target model. */
  expects: string;
}): string => {
  const text = renderMigrationFile({
    version: input.version, created: input.created, label: input.label === null ? 'undo' : `${input.label} (undo)`,
    baseline: input.undo.fromHash, target: input.undo.toHash, hazards: planHazardTypes(input.undo), statements: planStatements(input.undo),
  });
  const lost = lostByForward(input.forward);
  const extra = [`-- undo: ${input.forwardName}`, `-- expects: ${input.expects}`, ...lost.map((l) => `-- lost: ${l}; this undo brings the structure back, not the data`)];
  const i = text.indexOf('\n-- hazards:');
  const eol = text.indexOf('\n', i + 1);
  return `${text.slice(0, eol)}\n${extra.join('\n')}${text.slice(eol)}`;
};

export interface UndoInfo {
  /** Where it was read from: `<name>_undo.sql`, or the forward file (combined). */
  readonly path: string;
  readonly file: MigrationFile;
  readonly baseline: string | null;
  readonly target: string | null;
  readonly hazards: readonly string[];
  readonly lost: readonly string[];
  /** The live schema it expects, column order aside (schemaHashIgnoringColumnOrder); null for undo files without that line. */
  readonly expects: string | null;
  /** The undo's text (for a combined file: the Down part, the rest blanked). */
  readonly text: string;
}

const hazardsOf = (v: string | undefined): string[] =>
  v === undefined || v.trim() === 'none' ? [] : v.split(',').map((x) => x.trim()).filter(Boolean);

/**
 * The undo of a forward migration: its combined Down part, else `<name>_undo.sql`; null when it
 * has neither (or the Down part is empty). Needs loadParser().
 */
export const findUndo = async (dir: string, forwardName: string, forwardText: string): Promise<UndoInfo | null> => {
  const parts = splitCombined(forwardText);
  if (parts?.down != null) {
    const path = join(dir, forwardName);
    const file = parseMigrationFile(path, parts.down);
    const keys = readKeyLines(parts.down.split('\n'), parts.downLine!);
    const empty = file.sections.before.length + file.sections.main.length + file.sections.after.length === 0;
    if (empty) return null;
    return {
      path, file, baseline: keys.get('baseline')?.[0] ?? null, target: keys.get('target')?.[0] ?? null,
      hazards: hazardsOf(keys.get('hazards')?.[0]), lost: keys.get('lost') ?? [], expects: keys.get('expects')?.[0] ?? null, text: parts.down,
    };
  }
  const path = join(dir, undoFileName(forwardName));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const file = parseMigrationFile(path, text);
  const lines = text.split('\n');
  const keys = readKeyLines(lines, lines[0]?.trimEnd() === '-- pg-flux migration' ? 1 : 0);
  return {
    path, file, baseline: file.header?.baseline ?? null, target: file.header?.target ?? null,
    hazards: file.header?.hazards ?? [], lost: keys.get('lost') ?? [], expects: keys.get('expects')?.[0] ?? null, text,
  };
};
