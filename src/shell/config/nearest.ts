/** The nearest known word to a mistyped one (config keys, option names), or null when none is close. */

/** Levenshtein distance, two rows (inputs are short: keys and option names). */
const distance = (a: string, b: string): number => {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length]!;
};

/**
 * The closest candidate within a third of the word's length (at least 2 edits), preferring a
 * candidate the word is a prefix or extension of (`schema_dirs` → `schema_dir`).
 */
export const nearest = (word: string, candidates: readonly string[]): string | null => {
  const w = word.toLowerCase();
  let best: string | null = null;
  let bestScore = Infinity;
  for (const c of candidates) {
    const l = c.toLowerCase();
    // One is the other plus a suffix (`schema_dirs`, `db_url` for `db`): the likeliest meaning.
    const prefix = Math.min(l.length, w.length) >= 2 && (l.startsWith(w) || w.startsWith(l));
    const score = prefix ? Math.min(1, distance(w, l)) : distance(w, l);
    if (score < bestScore) { best = c; bestScore = score; }
  }
  return best !== null && bestScore <= Math.max(2, Math.floor(w.length / 3)) ? best : null;
};
