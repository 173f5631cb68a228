/**
 * The combined migration format (`migrate.format: combined`, as the seeds' go-blog example
 * uses): one file holding the forward migration after `-- +migrate Up` and its undo after
 * `-- +migrate Down`. Markers are whole comment lines, matched case-insensitively. The checksum
 * still covers the whole file; apply runs only the Up part.
 *
 * Each part is parsed by the ordinary reader with the other part's lines blanked out, so line
 * numbers in messages stay those of the file.
 */
import { parseMigrationFile, type MigrationFile } from './migration-file.js';

export const UP_MARKER = '-- +migrate Up';
export const DOWN_MARKER = '-- +migrate Down';

const isMarker = (line: string, marker: string): boolean => line.trim().toLowerCase() === marker.toLowerCase();

export interface CombinedParts {
  /** The file with the Down part blanked (header and Up part kept). */
  readonly up: string;
  /** The file with everything up to and including the Down marker blanked, or null when there is no Down part. */
  readonly down: string | null;
  /** 1-based line of the Down marker. */
  readonly downLine: number | null;
}

/** Null for a file in the separate format (no `-- +migrate` markers). */
export const splitCombined = (text: string): CombinedParts | null => {
  const lines = text.split('\n');
  const up = lines.findIndex((l) => isMarker(l, UP_MARKER));
  const down = lines.findIndex((l) => isMarker(l, DOWN_MARKER));
  if (up < 0 && down < 0) return null;
  const blank = (from: number, to: number): string => lines.map((l, i) => (i >= from && i < to ? '' : l)).join('\n');
  if (down < 0) return { up: text, down: null, downLine: null };
  return { up: blank(down, lines.length), down: blank(0, down + 1), downLine: down + 1 };
};

/** The forward part of a migration file, whichever its format. */
export const parseForward = (path: string, text: string): MigrationFile => parseMigrationFile(path, splitCombined(text)?.up ?? text);

/** `-- key: value` lines right after the Down marker (or at the top of an `_undo.sql`). */
export const readKeyLines = (lines: readonly string[], from: number): Map<string, string[]> => {
  const out = new Map<string, string[]>();
  for (let i = from; i < lines.length; i++) {
    const m = /^-- ([a-z]+): ?(.*)$/.exec(lines[i]!.trimEnd());
    if (!m) {
      if (lines[i]!.trim() === '' && out.size === 0) continue;
      break;
    }
    out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[2]!]);
  }
  return out;
};

/** Join a forward migration text and its undo text into one combined file. */
export const combine = (forward: string, undo: string): string => {
  const [header, ...rest] = forward.split('\n\n');
  return `${header}\n\n${UP_MARKER}\n${rest.join('\n\n').replace(/\n*$/, '\n')}\n${DOWN_MARKER}\n${undo.replace(/^-- pg-flux migration\n/, '')}`;
};
