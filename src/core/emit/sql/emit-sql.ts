/**
 * Change → SQL statements. The table is typed against every change kind, so a change kind
 * without an emitter does not compile.
 */
import type { Change, ChangeKind, ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import type { EmitContext } from './context.js';
import { namespaceEmitters } from './namespaces.js';
import { enumEmitters } from './enums.js';
import { sequenceEmitters } from './sequences.js';
import { tableEmitters } from './tables.js';
import { partitionEmitters } from './partitions.js';
import { columnEmitters } from './columns.js';
import { constraintEmitters } from './constraints.js';
import { indexEmitters } from './indexes.js';
import { viewEmitters } from './views.js';
import { routineEmitters } from './routines.js';
import { triggerEmitters } from './triggers.js';
import { eventTriggerEmitters } from './event-triggers.js';
import { castEmitters } from './casts.js';
import { foreignEmitters } from './foreign.js';
import { publicationEmitters } from './publications.js';
import { statisticsEmitters } from './statistics.js';
import { typeEmitters } from './types.js';
import { policyEmitters } from './policies.js';
import { authzEmitters } from './authz.js';
import { renameEmitters } from './renames.js';

type Emitters = { readonly [K in ChangeKind]: (c: ChangeOf<K>, ctx: EmitContext) => readonly Statement[] };

const EMITTERS: Emitters = {
  ...namespaceEmitters, ...enumEmitters, ...sequenceEmitters, ...tableEmitters, ...partitionEmitters, ...columnEmitters,
  ...constraintEmitters, ...indexEmitters, ...viewEmitters, ...routineEmitters, ...triggerEmitters, ...eventTriggerEmitters, ...castEmitters, ...foreignEmitters, ...publicationEmitters, ...statisticsEmitters,
  ...typeEmitters, ...policyEmitters, ...authzEmitters, ...renameEmitters,
};

export const emitChange = (c: Change, ctx: EmitContext): readonly Statement[] =>
  (EMITTERS[c.kind] as (c: Change, ctx: EmitContext) => readonly Statement[])(c, ctx);

export type { EmitContext };
