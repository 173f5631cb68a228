import type { Node } from '../parse/pg-query.js';

/** Value of a DefElem argument as PostgreSQL stores it in reloptions (`text`). */
export const defElemValue = (arg: Node | undefined): string => {
  if (!arg) return 'true';
  if (arg['Integer']) return String(arg['Integer'].ival ?? 0);
  if (arg['Float']) return String(arg['Float'].fval);
  if (arg['Boolean']) return arg['Boolean'].boolval ? 'true' : 'false';
  if (arg['String']) return String(arg['String'].sval);
  if (arg['TypeName']) return (arg['TypeName'].names ?? []).map((n: Node) => n['String']?.sval).join('.');
  throw new Error(`unsupported option value: ${JSON.stringify(arg)}`);
};

/** `WITH (k = v, ...)` DefElems → sorted `k=v` strings (keys are case-folded by the grammar). */
export const optionStrings = (options: readonly Node[] | undefined): string[] =>
  (options ?? [])
    .map((o) => {
      const d = o['DefElem'];
      const key = d.defnamespace ? `${d.defnamespace}.${d.defname}` : d.defname;
      return `${key}=${defElemValue(d.arg)}`;
    })
    .sort();

/** The same options as DefElems whose values are all strings (how the catalog prints them). */
export const canonicalDefElems = (options: readonly Node[] | undefined): Node[] | undefined =>
  options?.length
    ? options
        .map((o) => ({ DefElem: { defname: o['DefElem'].defname, arg: { String: { sval: defElemValue(o['DefElem'].arg) } } } }))
        .sort((a, b) => (a.DefElem.defname < b.DefElem.defname ? -1 : a.DefElem.defname > b.DefElem.defname ? 1 : 0))
    : undefined;
