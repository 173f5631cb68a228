/**
 * Operator forms that PostgreSQL rewrites while it analyses an expression, so the catalog
 * prints the rewritten form (parse_expr.c): IN lists, BETWEEN [SYMMETRIC], LIKE / ILIKE /
 * SIMILAR TO as their operators, IS NOT DISTINCT FROM, row comparisons, negative numbers.
 * Source trees are rewritten the same way; catalog trees are already in this form.
 */
import type { Node } from '../parse/pg-query.js';
import { numberConst, referencedColumns, strList, strNode, unqualify } from './expr-nodes.js';

const op = (name: string, l: Node, r: Node): Node => ({ A_Expr: { kind: 'AEXPR_OP', name: [strNode(name)], lexpr: l, rexpr: r } });

const negate = (n: Node | undefined): Node | null => {
  const c = n?.['A_Const'];
  if (!c || (!c.ival && !c.fval)) return null;
  const text = c.fval ? String(c.fval.fval) : String(c.ival.ival ?? 0);
  return numberConst(text.startsWith('-') ? text.slice(1) : `-${text}`);
};

const bool = (boolop: 'AND_EXPR' | 'OR_EXPR', args: Node[]): Node => (args.length === 1 ? args[0]! : { BoolExpr: { boolop, args } });

/**
 * `x IN (...)` as transformAExprIn builds it: the items without column references become one
 * `x = ANY (ARRAY[...])` when there are at least two of them; every other item becomes its own
 * comparison, all joined by OR (AND for NOT IN).
 */
const normIn = (lexpr: Node, name: Node[], opName: string, items: Node[]): Node => {
  const vars = items.filter((i) => referencedColumns(i).length > 0);
  const consts = items.filter((i) => referencedColumns(i).length === 0);
  const useOr = opName !== '<>';
  const parts: Node[] = [];
  let singles = [...consts, ...vars];
  if (consts.length > 1) {
    parts.push({ A_Expr: { kind: useOr ? 'AEXPR_OP_ANY' : 'AEXPR_OP_ALL', name, lexpr, rexpr: { A_ArrayExpr: { elements: consts } } } });
    singles = vars;
  }
  for (const i of singles) parts.push({ A_Expr: { kind: 'AEXPR_OP', name, lexpr, rexpr: i } });
  return bool(useOr ? 'OR_EXPR' : 'AND_EXPR', parts);
};

/** `ROW(a, b) = ROW(1, 2)` is compared column by column (make_row_comparison_op): AND of =, OR of <>. */
const rowItems = (n: Node | undefined): Node[] | null => (n?.['RowExpr'] ? n['RowExpr'].args ?? [] : null);

/** Normalise an A_Expr; `norm` normalises sub-expressions. */
export const normAExpr = (ae: Node, norm: (n: Node) => Node): Node => {
  const lexpr = ae['lexpr'] ? norm(ae['lexpr']) : undefined;
  const name = unqualify(ae['name']);
  const opName = strList(name)[0] ?? '';
  switch (ae['kind']) {
    case 'AEXPR_IN':
      return normIn(lexpr!, name, opName, (ae['rexpr']?.List?.items ?? []).map((i: Node) => norm(i)));
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN':
    case 'AEXPR_BETWEEN_SYM':
    case 'AEXPR_NOT_BETWEEN_SYM': {
      // transformAExprBetween: two comparisons; SYMMETRIC ORs (ANDs when negated) both orders.
      const [lo, hi] = (ae['rexpr']?.List?.items ?? []).map((i: Node) => norm(i));
      const not = ae['kind'].startsWith('AEXPR_NOT');
      const range = (a: Node, b: Node): Node => not
        ? bool('OR_EXPR', [op('<', lexpr!, a), op('>', lexpr!, b)])
        : bool('AND_EXPR', [op('>=', lexpr!, a), op('<=', lexpr!, b)]);
      if (!ae['kind'].endsWith('_SYM')) return range(lo, hi);
      return bool(not ? 'AND_EXPR' : 'OR_EXPR', [range(lo, hi), range(hi, lo)]);
    }
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE':
    case 'AEXPR_SIMILAR': // SIMILAR TO is stored as the regex operator over similar_to_escape()
      return { A_Expr: { kind: 'AEXPR_OP', name, lexpr, rexpr: norm(ae['rexpr']) } };
    case 'AEXPR_NOT_DISTINCT':
      return { BoolExpr: { boolop: 'NOT_EXPR', args: [{ A_Expr: { kind: 'AEXPR_DISTINCT', name, lexpr, rexpr: norm(ae['rexpr']) } }] } };
    default: {
      const rexpr = ae['rexpr'] ? norm(ae['rexpr']) : undefined;
      // Unary minus of a number is a negative constant (the grammar folds `- 1`; the catalog
      // stores `-(1.5::numeric)` as '-1.5'::numeric).
      const negated = ae['kind'] === 'AEXPR_OP' && !lexpr && opName === '-' ? negate(rexpr) : null;
      if (negated) return negated;
      const [l, r] = [rowItems(lexpr), rowItems(rexpr)];
      if (ae['kind'] === 'AEXPR_OP' && l && r && l.length === r.length && (opName === '=' || opName === '<>')) {
        return bool(opName === '=' ? 'AND_EXPR' : 'OR_EXPR', l.map((x, i) => ({ A_Expr: { kind: 'AEXPR_OP', name, lexpr: x, rexpr: r[i]! } })));
      }
      const out: Node = { kind: ae['kind'], name };
      if (lexpr) out['lexpr'] = lexpr;
      if (rexpr) out['rexpr'] = rexpr;
      return { A_Expr: out };
    }
  }
};
