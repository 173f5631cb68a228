import { STRICT_COVERAGE_OPTIONS, flag, parseCommandArgs, str, UsageError } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { inspectLive } from '../../shell/operations/compute-plan.js';
import { KIND_FIELDS, fieldNamed, type KindField } from '../../core/coverage/kinds.js';
import { subsetSchema } from '../../core/coverage/undeclared.js';
import { createPlan } from '../../core/emit/dump/create-plan.js';
import { layoutDump } from '../../core/emit/dump/layout.js';
import { selectObjects, selectedModel, summaryLines, withOwned, type Selection } from '../../core/emit/report/inspect-report.js';

const typeOption = (v: string | undefined): KindField | null => {
  if (v === undefined) return null;
  const f = fieldNamed(v);
  if (f === null) throw new UsageError(`--type must name a kind pg-flux manages (${KIND_FIELDS.join(', ')}), got "${v}"`);
  return f;
};

export const runInspect = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, { type: { type: 'string' }, object: { type: 'string' }, summary: { type: 'boolean' }, json: { type: 'boolean' }, ...STRICT_COVERAGE_OPTIONS });
  const sel: Selection = { field: typeOption(str(p, 'type')), glob: str(p, 'object') ?? null };
  const filtered = sel.field !== null || sel.glob !== null;
  return withProject(p, io, async (project) => {
    const live = await inspectLive(project);
    const refs = selectObjects(live.schema, sel);
    if (flag(p, 'json')) {
      io.out(JSON.stringify(selectedModel(live.schema, sel, refs), null, 2));
      return EXIT.OK;
    }
    if (flag(p, 'summary') || !filtered) {
      for (const line of summaryLines(live.schema, refs, filtered)) io.out(line);
      if (!filtered) io.out('(--type KIND or --object GLOB prints definitions; --json the model as data)');
      return EXIT.OK;
    }
    if (refs.length === 0) {
      throw new UsageError(`no live object matches${sel.field ? ` --type ${sel.field}` : ''}${sel.glob ? ` --object '${sel.glob}'` : ''} (pg-flux inspect --summary counts what there is)`);
    }
    // A table is shown with what it owns, as a dump file holds it.
    const shown = subsetSchema(live.schema, withOwned(live.schema, refs));
    io.out(layoutDump(createPlan(shown, live.serverVersionNum, { secretPlaceholders: true }), shown, 'by-object').map((f) => f.text.trimEnd()).join('\n\n'));
    return EXIT.OK;
  });
};
