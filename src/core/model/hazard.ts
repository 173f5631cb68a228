/** Hazard types: facts about a planned step that need the user's explicit consent. */
export const HAZARD_TYPES = ['DATA_LOSS', 'COLUMN_TYPE_CHANGE', 'SEQUENCE_RESTART'] as const;
export type HazardType = (typeof HAZARD_TYPES)[number];

export interface Hazard {
  readonly type: HazardType;
  readonly message: string;
}
