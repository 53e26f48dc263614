package io.stratum.compute.catalog.pg;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of virtual system relations: pg_class, pg_namespace, pg_attribute, pg_type, pg_index,
 * pg_constraint, pg_attrdef, pg_am, pg_database, pg_roles, pg_user, pg_authid, pg_auth_members,
 * pg_description, pg_shdescription, pg_collation, pg_inherits, pg_policy, pg_statistic_ext,
 * pg_publication, pg_publication_rel, pg_publication_namespace, pg_partitioned_table, pg_trigger,
 * pg_rewrite, pg_tablespace, pg_extension, pg_sequence, pg_settings, pg_proc, pg_language, pg_depend,
 * pg_enum, pg_foreign_table, pg_views, pg_matviews, pg_tables, pg_indexes, pg_sequences,
 * information_schema.tables / columns / schemata / table_constraints / key_column_usage. Their OIDs are
 * PostgreSQL's (pg_class 1259, pg_type 1247, ...; views and information_schema get fixed ones below 16384).
 * Stateless; thread-safe. Threads: none.
 */
public final class SystemCatalog {
    private static final List<SystemRelation> ALL;
    private static final Map<String, SystemRelation> BY_NAME = new HashMap<>();
    private static final Map<Integer, SystemRelation> BY_OID = new HashMap<>();

    /** Column names of {@code _pg_expandarray}'s composite result: {@code x}, {@code n}. */
    public static final List<String> EXPANDARRAY_COLUMNS = List.of("x", "n");

    static {
        final List<SystemRelation> l = new ArrayList<>();
        final String pg = "pg_catalog";
        l.add(new SysRel(1259, pg, "pg_class", 'r', "oid oid, relname name, relnamespace oid, reltype oid, "
            + "reloftype oid, relowner oid, relam oid, relfilenode oid, reltablespace oid, relpages int4, "
            + "reltuples float4, relallvisible int4, reltoastrelid oid, relhasindex bool, relisshared bool, "
            + "relpersistence char, relkind char, relnatts int2, relchecks int2, relhasrules bool, "
            + "relhastriggers bool, relhassubclass bool, relrowsecurity bool, relforcerowsecurity bool, "
            + "relispopulated bool, relreplident char, relispartition bool, relrewrite oid, relfrozenxid xid, "
            + "relminmxid xid, relacl aclitem[], reloptions text[], relpartbound pg_node_tree", RelationRows::pgClass));
        l.add(new SysRel(2615, pg, "pg_namespace", 'r', "oid oid, nspname name, nspowner oid, nspacl aclitem[]",
            RelationRows::pgNamespace));
        l.add(new SysRel(1249, pg, "pg_attribute", 'r', "attrelid oid, attname name, atttypid oid, "
            + "attstattarget int4, attlen int2, attnum int2, attndims int4, attcacheoff int4, atttypmod int4, "
            + "attbyval bool, attalign char, attstorage char, attcompression char, attnotnull bool, atthasdef bool, "
            + "atthasmissing bool, attidentity char, attgenerated char, attisdropped bool, attislocal bool, "
            + "attinhcount int4, attcollation oid, attacl aclitem[], attoptions text[], attfdwoptions text[], "
            + "attmissingval anyarray", RelationRows::pgAttribute));
        l.add(new SysRel(1247, pg, "pg_type", 'r', "oid oid, typname name, typnamespace oid, typowner oid, "
            + "typlen int2, typbyval bool, typtype char, typcategory char, typispreferred bool, typisdefined bool, "
            + "typdelim char, typrelid oid, typsubscript regproc, typelem oid, typarray oid, typinput regproc, "
            + "typoutput regproc, typreceive regproc, typsend regproc, typmodin regproc, typmodout regproc, "
            + "typanalyze regproc, typalign char, typstorage char, typnotnull bool, typbasetype oid, typtypmod int4, "
            + "typndims int4, typcollation oid, typdefaultbin pg_node_tree, typdefault text, typacl aclitem[]",
            TypeRows::pgType));
        l.add(new SysRel(2610, pg, "pg_index", 'r', "indexrelid oid, indrelid oid, indnatts int2, indnkeyatts int2, "
            + "indisunique bool, indnullsnotdistinct bool, indisprimary bool, indisexclusion bool, indimmediate bool, "
            + "indisclustered bool, indisvalid bool, indcheckxmin bool, indisready bool, indislive bool, "
            + "indisreplident bool, indkey int2vector, indcollation oidvector, indclass oidvector, "
            + "indoption int2vector, indexprs pg_node_tree, indpred pg_node_tree", RelationRows::pgIndex));
        l.add(new SysRel(2606, pg, "pg_constraint", 'r', "oid oid, conname name, connamespace oid, contype char, "
            + "condeferrable bool, condeferred bool, convalidated bool, conrelid oid, contypid oid, conindid oid, "
            + "conparentid oid, confrelid oid, confupdtype char, confdeltype char, confmatchtype char, "
            + "conislocal bool, coninhcount int4, connoinherit bool, conkey int2[], confkey int2[], "
            + "conpfeqop oid[], conppeqop oid[], conffeqop oid[], confdelsetcols int2[], conexclop oid[], "
            + "conbin pg_node_tree", RelationRows::pgConstraint));
        l.add(new SysRel(2604, pg, "pg_attrdef", 'r', "oid oid, adrelid oid, adnum int2, adbin pg_node_tree",
            RelationRows::pgAttrdef));
        l.add(new SysRel(2608, pg, "pg_depend", 'r', "classid oid, objid oid, objsubid int4, refclassid oid, "
            + "refobjid oid, refobjsubid int4, deptype char", RelationRows::pgDepend));
        l.add(new SysRel(2224, pg, "pg_sequence", 'r', "seqrelid oid, seqtypid oid, seqstart int8, seqincrement int8, "
            + "seqmax int8, seqmin int8, seqcache int8, seqcycle bool", RelationRows::pgSequence));
        l.add(new SysRel(2601, pg, "pg_am", 'r', "oid oid, amname name, amhandler regproc, amtype char",
            MiscRows::pgAm));
        l.add(new SysRel(1262, pg, "pg_database", 'r', "oid oid, datname name, datdba oid, encoding int4, "
            + "datlocprovider char, datistemplate bool, datallowconn bool, datconnlimit int4, datfrozenxid xid, "
            + "datminmxid xid, dattablespace oid, datcollate text, datctype text, daticulocale text, "
            + "datcollversion text, datacl aclitem[]", MiscRows::pgDatabase));
        l.add(new SysRel(12100, pg, "pg_roles", 'v', "rolname name, rolsuper bool, rolinherit bool, "
            + "rolcreaterole bool, rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolconnlimit int4, "
            + "rolpassword text, rolvaliduntil timestamptz, rolbypassrls bool, rolconfig text[], oid oid",
            MiscRows::pgRoles));
        l.add(new SysRel(12101, pg, "pg_user", 'v', "usename name, usesysid oid, usecreatedb bool, usesuper bool, "
            + "userepl bool, usebypassrls bool, passwd text, valuntil timestamptz, useconfig text[]",
            MiscRows::pgUser));
        l.add(new SysRel(1260, pg, "pg_authid", 'r', "oid oid, rolname name, rolsuper bool, rolinherit bool, "
            + "rolcreaterole bool, rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolbypassrls bool, "
            + "rolconnlimit int4, rolpassword text, rolvaliduntil timestamptz", MiscRows::pgAuthid));
        l.add(new SysRel(1261, pg, "pg_auth_members", 'r', "roleid oid, member oid, grantor oid, admin_option bool",
            MiscRows::none));
        l.add(new SysRel(2609, pg, "pg_description", 'r', "objoid oid, classoid oid, objsubid int4, description text",
            MiscRows::pgDescription));
        l.add(new SysRel(2396, pg, "pg_shdescription", 'r', "objoid oid, classoid oid, description text",
            MiscRows::none));
        l.add(new SysRel(3456, pg, "pg_collation", 'r', "oid oid, collname name, collnamespace oid, collowner oid, "
            + "collprovider char, collisdeterministic bool, collencoding int4, collcollate text, collctype text, "
            + "colliculocale text, collversion text", MiscRows::pgCollation));
        l.add(new SysRel(2611, pg, "pg_inherits", 'r', "inhrelid oid, inhparent oid, inhseqno int4, "
            + "inhdetachpending bool", MiscRows::none));
        l.add(new SysRel(3256, pg, "pg_policy", 'r', "oid oid, polname name, polrelid oid, polcmd char, "
            + "polpermissive bool, polroles oid[], polqual pg_node_tree, polwithcheck pg_node_tree", MiscRows::none));
        l.add(new SysRel(3381, pg, "pg_statistic_ext", 'r', "oid oid, stxrelid oid, stxname name, stxnamespace oid, "
            + "stxowner oid, stxstattarget int4, stxkeys int2vector, stxkind char[], stxexprs pg_node_tree",
            MiscRows::none));
        l.add(new SysRel(6104, pg, "pg_publication", 'r', "oid oid, pubname name, pubowner oid, puballtables bool, "
            + "pubinsert bool, pubupdate bool, pubdelete bool, pubtruncate bool, pubviaroot bool", MiscRows::none));
        l.add(new SysRel(6106, pg, "pg_publication_rel", 'r', "oid oid, prpubid oid, prrelid oid, "
            + "prqual pg_node_tree, prattrs int2vector", MiscRows::none));
        l.add(new SysRel(6237, pg, "pg_publication_namespace", 'r', "oid oid, pnpubid oid, pnnspid oid",
            MiscRows::none));
        l.add(new SysRel(3350, pg, "pg_partitioned_table", 'r', "partrelid oid, partstrat char, partnatts int2, "
            + "partdefid oid, partattrs int2vector, partclass oidvector, partcollation oidvector, "
            + "partexprs pg_node_tree", MiscRows::none));
        l.add(new SysRel(2620, pg, "pg_trigger", 'r', "oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, "
            + "tgtype int2, tgenabled char, tgisinternal bool, tgconstrrelid oid, tgconstrindid oid, "
            + "tgconstraint oid, tgdeferrable bool, tginitdeferred bool, tgnargs int2, tgattr int2vector, "
            + "tgargs bytea, tgqual pg_node_tree, tgoldtable name, tgnewtable name", MiscRows::none));
        l.add(new SysRel(2618, pg, "pg_rewrite", 'r', "oid oid, rulename name, ev_class oid, ev_type char, "
            + "ev_enabled char, is_instead bool, ev_qual pg_node_tree, ev_action pg_node_tree", MiscRows::none));
        l.add(new SysRel(1213, pg, "pg_tablespace", 'r', "oid oid, spcname name, spcowner oid, spcacl aclitem[], "
            + "spcoptions text[]", MiscRows::pgTablespace));
        l.add(new SysRel(3079, pg, "pg_extension", 'r', "oid oid, extname name, extowner oid, extnamespace oid, "
            + "extrelocatable bool, extversion text, extconfig oid[], extcondition text[]", MiscRows::none));
        l.add(new SysRel(12102, pg, "pg_settings", 'v', "name text, setting text, unit text, category text, "
            + "short_desc text, extra_desc text, context text, vartype text, source text, min_val text, "
            + "max_val text, enumvals text[], boot_val text, reset_val text, sourcefile text, sourceline int4, "
            + "pending_restart bool", MiscRows::pgSettings));
        l.add(new SysRel(1255, pg, "pg_proc", 'r', "oid oid, proname name, pronamespace oid, proowner oid, "
            + "prolang oid, procost float4, prorows float4, provariadic oid, prosupport regproc, prokind char, "
            + "prosecdef bool, proleakproof bool, proisstrict bool, proretset bool, provolatile char, "
            + "proparallel char, pronargs int2, pronargdefaults int2, prorettype oid, proargtypes oidvector, "
            + "proallargtypes oid[], proargmodes char[], proargnames text[], proargdefaults pg_node_tree, "
            + "protrftypes oid[], prosrc text, probin text, prosqlbody pg_node_tree, proconfig text[], "
            + "proacl aclitem[]", MiscRows::pgProc));
        l.add(new SysRel(2612, pg, "pg_language", 'r', "oid oid, lanname name, lanowner oid, lanispl bool, "
            + "lanpltrusted bool, lanplcallfoid oid, laninline oid, lanvalidator oid, lanacl aclitem[]",
            MiscRows::pgLanguage));
        l.add(new SysRel(3501, pg, "pg_enum", 'r', "oid oid, enumtypid oid, enumsortorder float4, enumlabel name",
            EnumRows::pgEnum));
        l.add(new SysRel(3118, pg, "pg_foreign_table", 'r', "ftrelid oid, ftserver oid, ftoptions text[]",
            MiscRows::none));
        l.add(new SysRel(12103, pg, "pg_tables", 'v', "schemaname name, tablename name, tableowner name, "
            + "tablespace name, hasindexes bool, hasrules bool, hastriggers bool, rowsecurity bool", ViewRows::pgTables));
        l.add(new SysRel(12104, pg, "pg_indexes", 'v', "schemaname name, tablename name, indexname name, "
            + "tablespace name, indexdef text", ViewRows::pgIndexes));
        l.add(new SysRel(12105, pg, "pg_views", 'v', "schemaname name, viewname name, viewowner name, definition text",
            ViewRows::pgViews));
        l.add(new SysRel(12106, pg, "pg_matviews", 'v', "schemaname name, matviewname name, matviewowner name, "
            + "tablespace name, hasindexes bool, ispopulated bool, definition text", MiscRows::none));
        l.add(new SysRel(12107, pg, "pg_sequences", 'v', "schemaname name, sequencename name, sequenceowner name, "
            + "data_type regtype, start_value int8, min_value int8, max_value int8, increment_by int8, cycle bool, "
            + "cache_size int8, last_value int8", ViewRows::pgSequences));
        final String is = "information_schema";
        l.add(new SysRel(13101, is, "tables", 'v', "table_catalog name, table_schema name, table_name name, "
            + "table_type varchar, self_referencing_column_name name, reference_generation varchar, "
            + "user_defined_type_catalog name, user_defined_type_schema name, user_defined_type_name name, "
            + "is_insertable_into varchar, is_typed varchar, commit_action varchar", ViewRows::isTables));
        l.add(new SysRel(13102, is, "columns", 'v', "table_catalog name, table_schema name, table_name name, "
            + "column_name name, ordinal_position int4, column_default varchar, is_nullable varchar, "
            + "data_type varchar, character_maximum_length int4, character_octet_length int4, "
            + "numeric_precision int4, numeric_precision_radix int4, numeric_scale int4, datetime_precision int4, "
            + "interval_type varchar, interval_precision int4, character_set_catalog name, "
            + "character_set_schema name, character_set_name name, collation_catalog name, collation_schema name, "
            + "collation_name name, domain_catalog name, domain_schema name, domain_name name, udt_catalog name, "
            + "udt_schema name, udt_name name, scope_catalog name, scope_schema name, scope_name name, "
            + "maximum_cardinality int4, dtd_identifier name, is_self_referencing varchar, is_identity varchar, "
            + "identity_generation varchar, identity_start varchar, identity_increment varchar, "
            + "identity_maximum varchar, identity_minimum varchar, identity_cycle varchar, is_generated varchar, "
            + "generation_expression varchar, is_updatable varchar", ViewRows::isColumns));
        l.add(new SysRel(13103, is, "schemata", 'v', "catalog_name name, schema_name name, schema_owner name, "
            + "default_character_set_catalog name, default_character_set_schema name, "
            + "default_character_set_name name, sql_path varchar", ViewRows::isSchemata));
        l.add(new SysRel(13104, is, "table_constraints", 'v', "constraint_catalog name, constraint_schema name, "
            + "constraint_name name, table_catalog name, table_schema name, table_name name, constraint_type varchar, "
            + "is_deferrable varchar, initially_deferred varchar, enforced varchar, nulls_distinct varchar",
            ViewRows::isTableConstraints));
        l.add(new SysRel(13105, is, "key_column_usage", 'v', "constraint_catalog name, constraint_schema name, "
            + "constraint_name name, table_catalog name, table_schema name, table_name name, column_name name, "
            + "ordinal_position int4, position_in_unique_constraint int4", ViewRows::isKeyColumnUsage));
        l.add(new SysRel(13108, is, "referential_constraints", 'v', "constraint_catalog name, constraint_schema name, "
            + "constraint_name name, unique_constraint_catalog name, unique_constraint_schema name, "
            + "unique_constraint_name name, match_option varchar, update_rule varchar, delete_rule varchar",
            ViewRows::isReferentialConstraints));
        l.add(new SysRel(13106, is, "sequences", 'v', "sequence_catalog name, sequence_schema name, "
            + "sequence_name name, data_type varchar, numeric_precision int4, numeric_precision_radix int4, "
            + "numeric_scale int4, start_value varchar, minimum_value varchar, maximum_value varchar, "
            + "increment varchar, cycle_option varchar", ViewRows::isSequences));
        l.add(new SysRel(13107, is, "views", 'v', "table_catalog name, table_schema name, table_name name, "
            + "view_definition varchar, check_option varchar, is_updatable varchar, is_insertable_into varchar, "
            + "is_trigger_updatable varchar, is_trigger_deletable varchar, is_trigger_insertable_into varchar",
            ViewRows::isViews));
        EmptyCatalogs.addTo(l);
        ALL = List.copyOf(l);
        for (final SystemRelation r : ALL) {
            BY_NAME.put(r.schemaName() + "." + r.name(), r);
            BY_OID.put(r.oid(), r);
        }
    }

    private SystemCatalog() {
    }

    /** Every system relation. */
    public static List<SystemRelation> all() {
        return ALL;
    }

    /** The relation {@code schema.name} (schema {@code pg_catalog} or {@code information_schema}), or null. */
    public static SystemRelation find(final String schema, final String name) {
        return BY_NAME.get(schema + "." + name);
    }

    /** By pg_class OID, or null. */
    public static SystemRelation byOid(final int oid) {
        return BY_OID.get(oid);
    }

    /**
     * The set-returning {@code information_schema._pg_expandarray(anyarray)}: one row {@code (x, n)} per
     * element, n from 1 (columns x of the element type and n int4). Null array: no rows.
     */
    public static List<Object[]> expandArray(final Object[] array) {
        if (array == null) {
            return List.of();
        }
        final List<Object[]> rows = new ArrayList<>(array.length);
        for (int i = 0; i < array.length; i++) {
            rows.add(new Object[] {array[i], i + 1});
        }
        return rows;
    }
}
