import type { QualifiedName } from './names.js';
import type { SourceSpan } from './objects.js';

/**
 * A `-- pg-flux:renamed-from old_name` comment on the line before an object (or column, or enum
 * value) in the source: the object used to be called `from`. Read by the parser, used by the
 * planner (ALTER ... RENAME instead of drop + create); inert once `from` no longer exists live.
 */
export type RenameHint =
  | { readonly kind: 'table'; readonly to: QualifiedName; readonly from: string; readonly source: SourceSpan }
  | { readonly kind: 'column'; readonly table: QualifiedName; readonly to: string; readonly from: string; readonly source: SourceSpan }
  | { readonly kind: 'index'; readonly to: QualifiedName; readonly from: string; readonly source: SourceSpan }
  | { readonly kind: 'constraint'; readonly table: QualifiedName; readonly to: string; readonly from: string; readonly source: SourceSpan }
  | { readonly kind: 'enum_value'; readonly enum: QualifiedName; readonly to: string; readonly from: string; readonly source: SourceSpan };
