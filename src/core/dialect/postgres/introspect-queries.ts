/**
 * The catalog queries of a PostgreSQL introspection: each reads one kind of fact for the whole schema
 * ($1, its name), so their number is fixed whatever the number of tables. They read pg_catalog, not
 * information_schema, whose views hide what the role has no privilege on and leave out what PostgreSQL
 * alone has (partitions, index methods, identity, extension membership).
 *
 * Arrays come back as JSON text (`to_json`) and "char" codes as text, which both executors return
 * alike (the native one would decode a "char" as its byte, NUL for none). SQL text (defaults, checks,
 * predicates, view definitions) is PostgreSQL's own deparsing (pg_get_expr, pg_get_viewdef,
 * pg_get_indexdef): what it prints is what it parses again. The deparsing functions are the costly
 * part of each query, so they run only on the rows whose text is used.
 */

/** The schema's tables, views, foreign tables and sequences (composite types are read with the types), with their figures. */
export const RELATIONS_SQL = `SELECT c.oid, c.relname, c.relkind::text, c.relispartition,
  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
  CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
  (SELECT json_agg(json_build_array(pn.nspname, p.relname) ORDER BY i.inhseqno)::text
     FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid),
  d.description,
  CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,
  CASE WHEN c.relkind = 'p' THEN (SELECT sum(l.reltuples) FILTER (WHERE l.reltuples >= 0) FROM pg_partition_tree(c.oid) t JOIN pg_class l ON l.oid = t.relid WHERE t.isleaf)::float8
       WHEN c.reltuples >= 0 THEN c.reltuples::float8 END,
  CASE WHEN c.relkind IN ('r', 'm') THEN pg_total_relation_size(c.oid)
       WHEN c.relkind = 'p' THEN (SELECT sum(pg_total_relation_size(t.relid)) FROM pg_partition_tree(c.oid) t WHERE t.isleaf)::int8 END,
  c.relpersistence::text, c.relrowsecurity, to_json(c.reloptions)::text, c.reltablespace <> 0, c.relreplident::text, c.reloftype <> 0, c.relispopulated,
  ext.extname,
  owner.relname, owner_att.attname, dep.deptype::text, dep.refobjid, dep.refobjsubid,
  CASE WHEN c.relkind = 'S' THEN c.oid::regclass::text END
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
LEFT JOIN pg_depend e ON e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.refclassid = 'pg_extension'::regclass AND e.deptype = 'e'
LEFT JOIN pg_extension ext ON ext.oid = e.refobjid
LEFT JOIN pg_depend dep ON c.relkind = 'S' AND dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
  AND dep.refclassid = 'pg_class'::regclass AND dep.refobjsubid > 0 AND dep.deptype IN ('a', 'i')
LEFT JOIN pg_class owner ON owner.oid = dep.refobjid
LEFT JOIN pg_attribute owner_att ON owner_att.attrelid = dep.refobjid AND owner_att.attnum = dep.refobjsubid
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
ORDER BY c.relname`;

/**
 * Every column of the schema's tables, views and foreign tables, with its type and default (the
 * sequences a column owns are read with the relations); in no order (sorted in JS: a sort of 50,000 wide rows spills to disk). A default reads no
 * column, so it is deparsed without its table (relid 0), which spares a relation lookup per default:
 * 8 times faster on 10,000 defaults. A generated column's expression reads columns, and needs it.
 */
export const COLUMNS_SQL = `SELECT a.attrelid, a.attnum, a.attname, quote_ident(a.attname), format_type(a.atttypid, a.atttypmod),
  t.typtype::text, tn.nspname, t.typname, t.typcategory = 'A',
  a.attnotnull, CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) ELSE pg_get_expr(ad.adbin, ad.adrelid) END,
  a.attidentity::text, a.attgenerated::text, d.description,
  coll.collname
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
LEFT JOIN pg_collation coll ON coll.oid = a.attcollation AND a.attcollation <> t.typcollation
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped`;

/** Table constraints (domain constraints are read with the types); pg_get_constraintdef() only for those a warning shows. */
export const CONSTRAINTS_SQL = `SELECT co.conrelid, co.conname, co.contype::text, to_json(co.conkey)::text,
  fc.relname, fn.nspname, to_json(co.confkey)::text, co.confupdtype::text, co.confdeltype::text, co.confmatchtype::text,
  co.condeferrable, co.condeferred, co.convalidated, co.conparentid <> 0, co.conislocal, co.connoinherit,
  CASE WHEN co.contype = 'c' THEN pg_get_expr(co.conbin, co.conrelid) END,
  CASE WHEN co.contype = 'x' OR co.condeferrable OR NOT co.convalidated OR co.confmatchtype = 'f' OR co.confdelsetcols IS NOT NULL
    OR (co.contype = 'c' AND co.connoinherit) OR (co.contype = 'f' AND fn.nspname <> $1) THEN pg_get_constraintdef(co.oid) END,
  to_json(co.confdelsetcols)::text, d.description, co.confrelid
FROM pg_constraint co
JOIN pg_class c ON c.oid = co.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = co.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_description d ON d.objoid = co.oid AND d.classoid = 'pg_constraint'::regclass
WHERE n.nspname = $1`;

/**
 * Every index of the schema's tables and materialized views. pg_get_indexdef(), the costly part, only
 * for an index whose key is not plain ascending columns with their default operator class and
 * collation (the others are said whole by `indkey`). The columns an expression reads are the
 * `:varattno` of its parse tree's Var nodes (pg_node_tree's text form), in the order they appear.
 */
export const INDEXES_SQL = `SELECT i.indrelid, ic.relname, am.amname, i.indisunique, i.indisprimary, i.indisvalid, i.indnullsnotdistinct,
  i.indnatts, i.indnkeyatts, to_json(i.indkey::int2[])::text,
  CASE WHEN i.indexprs IS NOT NULL OR i.indoption::text ~ '[1-9]'
    OR EXISTS (SELECT 1 FROM unnest(i.indclass::oid[]) oc JOIN pg_opclass o ON o.oid = oc WHERE NOT o.opcdefault)
    OR EXISTS (SELECT 1 FROM unnest(i.indkey::int2[], i.indcollation::oid[]) u(k, coll) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.k
               WHERE u.coll <> 0 AND u.coll <> a.attcollation)
    OR c.relkind = 'm' OR i.indnatts > i.indnkeyatts OR ic.reloptions IS NOT NULL
  THEN pg_get_indexdef(i.indexrelid) END,
  pg_get_expr(i.indpred, i.indrelid),
  (SELECT to_json(array_agg(m[1]::int))::text FROM regexp_matches(i.indexprs::text, ':varattno (\\d+)', 'g') m),
  to_json(ic.reloptions)::text, ic.reltablespace <> 0, con.conname,
  EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid), d.description
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = ic.relam
LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
LEFT JOIN pg_description d ON d.objoid = i.indexrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE n.nspname = $1`;

/**
 * The schema's own types: enums (values in sort order), domains (base type and constraints), composite,
 * range and base types. Left out: the array type PostgreSQL makes for every type, a table's row type,
 * and the multirange made with each range type.
 */
export const TYPES_SQL = `SELECT t.typname, t.typtype::text, format_type(t.oid, NULL),
  CASE WHEN t.typtype = 'e' THEN (SELECT to_json(array_agg(e.enumlabel ORDER BY e.enumsortorder))::text FROM pg_enum e WHERE e.enumtypid = t.oid) END,
  CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END, t.typnotnull, t.typdefault,
  CASE WHEN t.typtype = 'd' THEN (SELECT to_json(array_agg(pg_get_constraintdef(co.oid) ORDER BY co.conname))::text FROM pg_constraint co WHERE co.contypid = t.oid) END,
  ext.extname, d.description
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_class r ON r.oid = t.typrelid
LEFT JOIN pg_depend e ON e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.refclassid = 'pg_extension'::regclass AND e.deptype = 'e'
LEFT JOIN pg_extension ext ON ext.oid = e.refobjid
LEFT JOIN pg_description d ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass
WHERE n.nspname = $1 AND t.typtype IN ('b', 'c', 'd', 'e', 'r')
  AND (t.typrelid = 0 OR r.relkind = 'c')
  AND NOT EXISTS (SELECT 1 FROM pg_type el WHERE el.typarray = t.oid)
ORDER BY t.typname`;

/**
 * What else lives in the schema, none of which the state holds: one row per object, with the extension
 * it belongs to (its objects are warned about once, by extension). Triggers, rules and policies are
 * named with their table.
 */
export const OTHER_OBJECTS_SQL = `WITH ext AS (
  SELECT d.classid, d.objid, e.extname FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
  WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
), ns AS (SELECT oid FROM pg_namespace WHERE nspname = $1)
SELECT o.kind, o.name, o.tbl, o.detail, ext.extname FROM (
  SELECT 'pg_proc'::regclass AS classid, p.oid,
    CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' ELSE 'function' END AS kind,
    p.oid::regprocedure::text AS name, NULL::name AS tbl, NULL::text AS detail
  FROM pg_proc p WHERE p.pronamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'pg_trigger'::regclass, t.oid, 'trigger', t.tgname, c.relname, pg_get_triggerdef(t.oid)
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace IN (SELECT oid FROM ns) AND NOT t.tgisinternal
  UNION ALL
  SELECT 'pg_rewrite'::regclass, r.oid, 'rule', r.rulename, c.relname, NULL
  FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE c.relnamespace IN (SELECT oid FROM ns) AND r.rulename <> '_RETURN'
  UNION ALL
  SELECT 'pg_policy'::regclass, p.oid, 'policy', p.polname, c.relname, NULL
  FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'pg_operator'::regclass, o.oid, 'operator', o.oid::regoperator::text, NULL, NULL FROM pg_operator o WHERE o.oprnamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'pg_opclass'::regclass, o.oid, 'operator class', o.opcname, NULL, NULL FROM pg_opclass o WHERE o.opcnamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'pg_opfamily'::regclass, o.oid, 'operator family', o.opfname, NULL, NULL FROM pg_opfamily o WHERE o.opfnamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'pg_collation'::regclass, o.oid, 'collation', o.collname, NULL, NULL FROM pg_collation o WHERE o.collnamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'pg_conversion'::regclass, o.oid, 'conversion', o.conname, NULL, NULL FROM pg_conversion o WHERE o.connamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'pg_statistic_ext'::regclass, o.oid, 'statistics object', o.stxname, c.relname, NULL
  FROM pg_statistic_ext o JOIN pg_class c ON c.oid = o.stxrelid WHERE o.stxnamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'pg_ts_config'::regclass, o.oid, 'text search configuration', o.cfgname, NULL, NULL FROM pg_ts_config o WHERE o.cfgnamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'pg_ts_dict'::regclass, o.oid, 'text search dictionary', o.dictname, NULL, NULL FROM pg_ts_dict o WHERE o.dictnamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'pg_ts_parser'::regclass, o.oid, 'text search parser', o.prsname, NULL, NULL FROM pg_ts_parser o WHERE o.prsnamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'pg_ts_template'::regclass, o.oid, 'text search template', o.tmplname, NULL, NULL FROM pg_ts_template o WHERE o.tmplnamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'pg_extension'::regclass, e.oid, 'extension', e.extname, NULL, e.extversion FROM pg_extension e WHERE e.extnamespace IN (SELECT oid FROM ns)
) o
LEFT JOIN ext ON ext.classid = o.classid AND ext.objid = o.oid
ORDER BY o.kind, o.tbl, o.name`;
