/** COMMENT ON every commentable kind the model manages: one query over pg_description. */
import type { CommentDef, ObjectKind } from '../model/objects.js';
import { objectRefKey } from '../model/objects.js';
import { EXT, NS } from './query-parts.js';
import { signatureSql, typeKeySql } from './catalog-sql.js';
import { reader } from './rows.js';

const C = (cat: string): string => `'pg_catalog.${cat}'::pg_catalog.regclass`;

export const COMMENTS_SQL = `WITH ${EXT}, ${NS}
SELECT x.kind, x.key, d.description AS text
FROM (SELECT * FROM pg_catalog.pg_description WHERE objoid >= 16384::pg_catalog.oid
  OR classoid IN (${C('pg_namespace')}, ${C('pg_extension')})) d
JOIN LATERAL (
  SELECT CASE WHEN d.objsubid > 0 THEN 'column'
      ELSE CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'f' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
        WHEN 'i' THEN 'index' WHEN 'I' THEN 'index' WHEN 'c' THEN 'type' END END AS kind,
    n.nspname || '.' || c.relname || CASE WHEN d.objsubid > 0 THEN '.' || a.attname ELSE '' END AS key
  FROM pg_catalog.pg_class c JOIN ns n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
  WHERE d.classoid = ${C('pg_class')} AND c.oid = d.objoid
  UNION ALL
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
    n.nspname || '.' || p.proname || '(' || ${signatureSql('p')} || ')'
  FROM pg_catalog.pg_proc p JOIN ns n ON n.oid = p.pronamespace WHERE d.classoid = ${C('pg_proc')} AND p.oid = d.objoid
  UNION ALL
  SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, n.nspname || '.' || t.typname
  FROM pg_catalog.pg_type t JOIN ns n ON n.oid = t.typnamespace WHERE d.classoid = ${C('pg_type')} AND t.oid = d.objoid
  UNION ALL
  SELECT 'schema', n.nspname FROM ns n WHERE d.classoid = ${C('pg_namespace')} AND n.oid = d.objoid
  UNION ALL
  SELECT 'extension', e.extname::text FROM pg_catalog.pg_extension e WHERE d.classoid = ${C('pg_extension')} AND e.oid = d.objoid
  UNION ALL
  SELECT CASE WHEN k.contypid <> 0 THEN 'domain constraint' ELSE 'constraint' END,
    COALESCE(tn.nspname || '.' || tc.relname, yn.nspname || '.' || ty.typname) || '.' || k.conname
  FROM pg_catalog.pg_constraint k
  LEFT JOIN pg_catalog.pg_class tc ON tc.oid = k.conrelid LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
  LEFT JOIN pg_catalog.pg_type ty ON ty.oid = k.contypid LEFT JOIN pg_catalog.pg_namespace yn ON yn.oid = ty.typnamespace
  WHERE d.classoid = ${C('pg_constraint')} AND k.oid = d.objoid
  UNION ALL
  SELECT 'trigger', n.nspname || '.' || c.relname || '.' || t.tgname
  FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN ns n ON n.oid = c.relnamespace
  WHERE d.classoid = ${C('pg_trigger')} AND t.oid = d.objoid
  UNION ALL
  SELECT 'policy', n.nspname || '.' || c.relname || '.' || po.polname
  FROM pg_catalog.pg_policy po JOIN pg_catalog.pg_class c ON c.oid = po.polrelid JOIN ns n ON n.oid = c.relnamespace
  WHERE d.classoid = ${C('pg_policy')} AND po.oid = d.objoid
  UNION ALL
  SELECT 'rule', n.nspname || '.' || c.relname || '.' || ru.rulename
  FROM pg_catalog.pg_rewrite ru JOIN pg_catalog.pg_class c ON c.oid = ru.ev_class JOIN ns n ON n.oid = c.relnamespace
  WHERE d.classoid = ${C('pg_rewrite')} AND ru.oid = d.objoid AND ru.rulename <> '_RETURN'
  UNION ALL
  SELECT 'collation', n.nspname || '.' || co.collname
  FROM pg_catalog.pg_collation co JOIN ns n ON n.oid = co.collnamespace WHERE d.classoid = ${C('pg_collation')} AND co.oid = d.objoid
  UNION ALL
  SELECT 'statistics', n.nspname || '.' || se.stxname
  FROM pg_catalog.pg_statistic_ext se JOIN ns n ON n.oid = se.stxnamespace WHERE d.classoid = ${C('pg_statistic_ext')} AND se.oid = d.objoid
  UNION ALL
  SELECT 'event trigger', et.evtname::text
  FROM pg_catalog.pg_event_trigger et JOIN pg_catalog.pg_proc ep ON ep.oid = et.evtfoid JOIN ns n ON n.oid = ep.pronamespace
  WHERE d.classoid = ${C('pg_event_trigger')} AND et.oid = d.objoid
  UNION ALL
  SELECT 'foreign data wrapper', w.fdwname::text FROM pg_catalog.pg_foreign_data_wrapper w
  WHERE d.classoid = ${C('pg_foreign_data_wrapper')} AND w.oid = d.objoid AND $1::text[] IS NULL
  UNION ALL
  SELECT 'server', s.srvname::text FROM pg_catalog.pg_foreign_server s
  WHERE d.classoid = ${C('pg_foreign_server')} AND s.oid = d.objoid AND $1::text[] IS NULL
  UNION ALL
  SELECT 'publication', p.pubname::text FROM pg_catalog.pg_publication p
  WHERE d.classoid = ${C('pg_publication')} AND p.oid = d.objoid AND $1::text[] IS NULL
  UNION ALL
  -- The key of canon/casts.ts castKey; casts the model leaves out (built-in, an extension's) are dropped with their comments.
  SELECT 'cast', ${typeKeySql('ca.castsource')} || ' AS ' || ${typeKeySql('ca.casttarget')}
  FROM pg_catalog.pg_cast ca WHERE d.classoid = ${C('pg_cast')} AND ca.oid = d.objoid
) x ON true
-- Objects made by initdb have oids below FirstNormalObjectId (16384) and are never user objects,
-- except the public schema and initdb's extensions (plpgsql): skipping the rest before the
-- lateral join saves visiting every built-in function's description on each inspect.
WHERE x.kind IS NOT NULL`;

export const buildComment = (raw: unknown): readonly [string, CommentDef] => {
  const r = reader('comments', raw);
  const target = { kind: r.str('kind') as ObjectKind, key: r.str('key') };
  return [objectRefKey(target), { kind: 'comment', target, text: r.str('text'), source: null }];
};
