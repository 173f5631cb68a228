/**
 * Unique type names across one generated output: every relation, enum, brand and function gets
 * a Pascal name (and its derived Insert/Update/Args/Result names) that no other object and no
 * language built-in uses. Claims are made in a fixed order, so names are deterministic.
 */
import { pascal, RESERVED_TYPE_NAMES } from './naming.js';

export class NameRegistry {
  private readonly taken = new Set<string>(RESERVED_TYPE_NAMES);

  /**
   * The first candidate whose name and derived names (name + each suffix) are all free, else
   * the last candidate with a number; every returned name and derived name is then taken.
   */
  claim(candidates: readonly string[], suffixes: readonly string[] = []): string {
    const free = (n: string): boolean => !this.taken.has(n) && suffixes.every((s) => !this.taken.has(n + s));
    let name = candidates.find(free);
    if (!name) {
      const last = candidates[candidates.length - 1]!;
      for (let i = 2; !name; i++) if (free(`${last}${i}`)) name = `${last}${i}`;
    }
    this.taken.add(name);
    for (const s of suffixes) this.taken.add(name + s);
    return name;
  }
}

/** `Auth` for schema auth, nothing for public. */
export const schemaPrefix = (schema: string): string => (schema === 'public' ? '' : pascal(schema));

/** File stems: unique, lower snake case, schema-prefixed outside public. */
export class StemRegistry {
  private readonly taken = new Set<string>();
  claim(stem: string): string {
    let s = stem;
    for (let i = 2; this.taken.has(s); i++) s = `${stem}_${i}`;
    this.taken.add(s);
    return s;
  }
}
