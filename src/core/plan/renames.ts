/** Placeholder replaced below. */
import type { Change } from '../model/change.js';
import type { Schema } from '../model/schema.js';
import type { RenameHint } from '../model/rename-hint.js';
export type { RenameHint };
export const applyRenames = (from: Schema, _to: Schema, _hints: readonly RenameHint[]): { schema: Schema; changes: Change[] } => ({ schema: from, changes: [] });
