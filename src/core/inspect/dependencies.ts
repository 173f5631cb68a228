/**
 * What each view, rule, routine, trigger and policy depends on, from pg_depend (normal and auto
 * dependencies), as the refs of order/refs.ts: `table:s.r` for any relation (tables, views,
 * materialized views), `col:s.r.c` for one of its columns, `sequence:`, `idx:`, `con:s.t.n`,
 * `function:s.f(signature)`, `type:s.t` (arrays name their element type), and `ext:name` for
 * anything an extension owns. One query for the whole database.
 *
 * The dependent side names objects the model may not manage (a policy, a trigger on a
 * partitioned table): the rebuild mechanism then refuses, at plan time, a drop they would block.
 */
import { EXT, NS, PG_CLASS, notExtMember, managedRoutine } from './query-parts.js';
import { functionRefSql, typeKeySql } from './catalog-sql.js';
import { reader } from './rows.js';
import { RELATION_KIND, UNMANAGED_RELATION } from './unmanaged-query.js';

const REGCLASS = (c: string): string => `'pg_catalog.${c}'::pg_catalog.regclass`;

export const DEPENDENCIES_SQL = `WITH ${EXT}, ${NS},
extm AS MATERIALIZED (
  SELECT d.classid, d.objid, e.extname::text AS extname
  FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
  WHERE d.refclassid = ${REGCLASS('pg_extension')} AND d.deptype = 'e'),
dependent AS (
  -- A view's own rule depends on the view internally; any other rule's dependencies on its table are real.
  SELECT ${REGCLASS('pg_rewrite')} AS classid, ru.oid AS objid, CASE WHEN ru.rulename = '_RETURN' THEN c.oid ELSE 0 END AS self,
    CASE WHEN ru.rulename = '_RETURN' THEN 'table:' || n.nspname || '.' || c.relname
      ELSE 'rule:' || n.nspname || '.' || c.relname || '.' || ru.rulename END AS ref
  FROM pg_catalog.pg_rewrite ru
  JOIN pg_catalog.pg_class c ON c.oid = ru.ev_class
  JOIN ns n ON n.oid = c.relnamespace
  WHERE ${notExtMember('pg_class', 'c.oid')}
  UNION ALL
  SELECT ${REGCLASS('pg_proc')}, p.oid, 0, ${functionRefSql('p', 'n')}
  FROM pg_catalog.pg_proc p JOIN ns n ON n.oid = p.pronamespace
  WHERE ${managedRoutine('p')}
  UNION ALL
  SELECT ${REGCLASS('pg_trigger')}, t.oid, 0, 'trigger:' || n.nspname || '.' || c.relname || '.' || t.tgname
  FROM pg_catalog.pg_trigger t
  JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
  JOIN ns n ON n.oid = c.relnamespace
  WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND ${notExtMember('pg_class', 'c.oid')}
  UNION ALL
  SELECT ${REGCLASS('pg_policy')}, po.oid, 0, 'policy:' || n.nspname || '.' || c.relname || '.' || po.polname
  FROM pg_catalog.pg_policy po
  JOIN pg_catalog.pg_class c ON c.oid = po.polrelid
  JOIN ns n ON n.oid = c.relnamespace
  -- Objects of kinds the model does not manage that can depend on managed ones: relations
  -- (inheritance children, typed tables, partitions, partitioned tables, composite types;
  -- their columns' types, their parents) and domain constraints (the routines they call). Their refs let a drop they would block be refused at plan time.
  UNION ALL
  SELECT ${PG_CLASS}, c.oid, c.oid, ${RELATION_KIND} || ':' || n.nspname || '.' || c.relname
  FROM pg_catalog.pg_class c JOIN ns n ON n.oid = c.relnamespace
  WHERE ${UNMANAGED_RELATION} AND ${notExtMember('pg_class', 'c.oid')}
  UNION ALL
  SELECT ${REGCLASS('pg_constraint')}, k.oid, 0, 'domain:' || n.nspname || '.' || t.typname
  FROM pg_catalog.pg_constraint k
  JOIN pg_catalog.pg_type t ON t.oid = k.contypid
  JOIN ns n ON n.oid = t.typnamespace
  WHERE k.contypid <> 0 AND ${notExtMember('pg_type', 't.oid')}),
edge AS (
  SELECT o.ref,
    CASE
      WHEN x.extname IS NOT NULL THEN 'ext:' || x.extname
      WHEN d.refclassid = ${PG_CLASS} THEN
        CASE WHEN rc.relkind IN ('r', 'p', 'v', 'm', 'f') THEN
               CASE WHEN d.refobjsubid > 0 THEN 'col:' || rcn.nspname || '.' || rc.relname || '.' || ra.attname
                 ELSE 'table:' || rcn.nspname || '.' || rc.relname END
             WHEN rc.relkind = 'S' THEN 'sequence:' || rcn.nspname || '.' || rc.relname
             WHEN rc.relkind = 'i' OR rc.relkind = 'I' THEN 'idx:' || rcn.nspname || '.' || rc.relname
             WHEN rc.relkind = 'c' THEN 'type:' || rcn.nspname || '.' || rc.relname END
      WHEN d.refclassid = ${REGCLASS('pg_proc')} THEN ${functionRefSql('rp', 'rpn')}
      WHEN d.refclassid = ${REGCLASS('pg_type')} THEN
        CASE WHEN rtr.oid IS NOT NULL AND rtr.relkind <> 'c' THEN 'table:' || rtn.nspname || '.' || rtr.relname
          ELSE 'type:' || ${typeKeySql('d.refobjid')} END
      WHEN d.refclassid = ${REGCLASS('pg_constraint')} AND rk.conrelid <> 0 THEN
        'con:' || rkn.nspname || '.' || rkc.relname || '.' || rk.conname
    END AS target,
    COALESCE(rcn.nspname, rpn.nspname, rtn2.nspname, rkn.nspname) AS target_schema
  FROM dependent o
  JOIN pg_catalog.pg_depend d ON d.classid = o.classid AND d.objid = o.objid AND d.deptype IN ('n', 'a')
  LEFT JOIN extm x ON x.classid = d.refclassid AND x.objid = d.refobjid
  LEFT JOIN pg_catalog.pg_class rc ON d.refclassid = ${PG_CLASS} AND rc.oid = d.refobjid
  LEFT JOIN pg_catalog.pg_namespace rcn ON rcn.oid = rc.relnamespace
  LEFT JOIN pg_catalog.pg_attribute ra ON ra.attrelid = rc.oid AND ra.attnum = d.refobjsubid AND d.refobjsubid > 0
  LEFT JOIN pg_catalog.pg_proc rp ON d.refclassid = ${REGCLASS('pg_proc')} AND rp.oid = d.refobjid
  LEFT JOIN pg_catalog.pg_namespace rpn ON rpn.oid = rp.pronamespace
  LEFT JOIN pg_catalog.pg_type rt ON d.refclassid = ${REGCLASS('pg_type')} AND rt.oid = d.refobjid
  LEFT JOIN pg_catalog.pg_type rte ON rte.oid = CASE WHEN rt.typelem <> 0 AND rt.typstorage <> 'p' THEN rt.typelem ELSE rt.oid END
  LEFT JOIN pg_catalog.pg_namespace rtn2 ON rtn2.oid = rte.typnamespace
  LEFT JOIN pg_catalog.pg_class rtr ON rtr.oid = rte.typrelid
  LEFT JOIN pg_catalog.pg_namespace rtn ON rtn.oid = rtr.relnamespace
  LEFT JOIN pg_catalog.pg_constraint rk ON d.refclassid = ${REGCLASS('pg_constraint')} AND rk.oid = d.refobjid
  LEFT JOIN pg_catalog.pg_class rkc ON rkc.oid = rk.conrelid
  LEFT JOIN pg_catalog.pg_namespace rkn ON rkn.oid = rkc.relnamespace
  WHERE NOT (d.refclassid = ${PG_CLASS} AND d.refobjid = o.self))
SELECT e.ref, pg_catalog.array_agg(DISTINCT e.target ORDER BY e.target) AS refs
FROM edge e
WHERE e.target IS NOT NULL AND (e.target LIKE 'ext:%' OR e.target_schema NOT IN ('pg_catalog', 'information_schema'))
GROUP BY e.ref`;

export interface DependencyRow {
  /** The dependent object's ref (`table:s.v` for a view, `function:...`, `trigger:...`, ...). */
  readonly ref: string;
  readonly refs: readonly string[];
}

export const toDependencyRow = (raw: unknown): DependencyRow => {
  const r = reader('dependencies', raw);
  return { ref: r.str('ref'), refs: r.strs('refs') };
};
