package io.stratum.compute.catalog.pg;

import java.util.List;

/**
 * Catalogs and statistics views that Stratum keeps empty, with PostgreSQL 15's columns (generated from a
 * PostgreSQL 15.18 server's pg_attribute), so that client queries over them parse, bind and return no rows.
 */
final class EmptyCatalogs {
    private EmptyCatalogs() {
    }

    static void addTo(final List<SystemRelation> l) {
        final String pg = "pg_catalog";
        l.add(new SysRel(3466, pg, "pg_event_trigger", 'r',
            "oid oid, evtname name, evtevent name, evtowner oid, evtfoid oid, evtenabled char, "
            + "evttags text[]", MiscRows::none));
        l.add(new SysRel(2607, pg, "pg_conversion", 'r',
            "oid oid, conname name, connamespace oid, conowner oid, conforencoding int4, "
            + "contoencoding int4, conproc regproc, condefault bool", MiscRows::none));
        l.add(new SysRel(2605, pg, "pg_cast", 'r',
            "oid oid, castsource oid, casttarget oid, castfunc oid, castcontext char, castmethod char", MiscRows::none));
        l.add(new SysRel(2617, pg, "pg_operator", 'r',
            "oid oid, oprname name, oprnamespace oid, oprowner oid, oprkind char, oprcanmerge bool, "
            + "oprcanhash bool, oprleft oid, oprright oid, oprresult oid, oprcom oid, oprnegate oid, "
            + "oprcode regproc, oprrest regproc, oprjoin regproc", MiscRows::none));
        l.add(new SysRel(2616, pg, "pg_opclass", 'r',
            "oid oid, opcmethod oid, opcname name, opcnamespace oid, opcowner oid, opcfamily oid, "
            + "opcintype oid, opcdefault bool, opckeytype oid", MiscRows::none));
        l.add(new SysRel(2753, pg, "pg_opfamily", 'r',
            "oid oid, opfmethod oid, opfname name, opfnamespace oid, opfowner oid", MiscRows::none));
        l.add(new SysRel(2328, pg, "pg_foreign_data_wrapper", 'r',
            "oid oid, fdwname name, fdwowner oid, fdwhandler oid, fdwvalidator oid, fdwacl aclitem[], "
            + "fdwoptions text[]", MiscRows::none));
        l.add(new SysRel(1417, pg, "pg_foreign_server", 'r',
            "oid oid, srvname name, srvowner oid, srvfdw oid, srvtype text, srvversion text, "
            + "srvacl aclitem[], srvoptions text[]", MiscRows::none));
        l.add(new SysRel(12200, pg, "pg_user_mappings", 'v',
            "umid oid, srvid oid, srvname name, umuser oid, usename name, umoptions text[]", MiscRows::none));
        l.add(new SysRel(6100, pg, "pg_subscription", 'r',
            "oid oid, subdbid oid, subskiplsn text, subname name, subowner oid, subenabled bool, "
            + "subbinary bool, substream bool, subtwophasestate char, subdisableonerr bool, subconninfo text, "
            + "subslotname name, subsynccommit text, subpublications text[]", MiscRows::none));
        l.add(new SysRel(2964, pg, "pg_db_role_setting", 'r',
            "setdatabase oid, setrole oid, setconfig text[]", MiscRows::none));
        l.add(new SysRel(3602, pg, "pg_ts_config", 'r',
            "oid oid, cfgname name, cfgnamespace oid, cfgowner oid, cfgparser oid", MiscRows::none));
        l.add(new SysRel(3600, pg, "pg_ts_dict", 'r',
            "oid oid, dictname name, dictnamespace oid, dictowner oid, dicttemplate oid, "
            + "dictinitoption text", MiscRows::none));
        l.add(new SysRel(3601, pg, "pg_ts_parser", 'r',
            "oid oid, prsname name, prsnamespace oid, prsstart regproc, prstoken regproc, prsend regproc, "
            + "prsheadline regproc, prslextype regproc", MiscRows::none));
        l.add(new SysRel(3764, pg, "pg_ts_template", 'r',
            "oid oid, tmplname name, tmplnamespace oid, tmplinit regproc, tmpllexize regproc", MiscRows::none));
        l.add(new SysRel(3541, pg, "pg_range", 'r',
            "rngtypid oid, rngsubtype oid, rngmultitypid oid, rngcollation oid, rngsubopc oid, "
            + "rngcanonical regproc, rngsubdiff regproc", MiscRows::none));
        l.add(new SysRel(826, pg, "pg_default_acl", 'r',
            "oid oid, defaclrole oid, defaclnamespace oid, defaclobjtype char, defaclacl aclitem[]", MiscRows::none));
        l.add(new SysRel(3394, pg, "pg_init_privs", 'r',
            "objoid oid, classoid oid, objsubid int4, privtype char, initprivs aclitem[]", MiscRows::none));
        l.add(new SysRel(3596, pg, "pg_seclabel", 'r',
            "objoid oid, classoid oid, objsubid int4, provider text, label text", MiscRows::none));
        l.add(new SysRel(3592, pg, "pg_shseclabel", 'r',
            "objoid oid, classoid oid, provider text, label text", MiscRows::none));
        l.add(new SysRel(2600, pg, "pg_aggregate", 'r',
            "aggfnoid regproc, aggkind char, aggnumdirectargs int2, aggtransfn regproc, aggfinalfn regproc, "
            + "aggcombinefn regproc, aggserialfn regproc, aggdeserialfn regproc, aggmtransfn regproc, "
            + "aggminvtransfn regproc, aggmfinalfn regproc, aggfinalextra bool, aggmfinalextra bool, "
            + "aggfinalmodify char, aggmfinalmodify char, aggsortop oid, aggtranstype oid, "
            + "aggtransspace int4, aggmtranstype oid, aggmtransspace int4, agginitval text, aggminitval text", MiscRows::none));
        l.add(new SysRel(12201, pg, "pg_stat_activity", 'v',
            "datid oid, datname name, pid int4, leader_pid int4, usesysid oid, usename name, "
            + "application_name text, client_addr text, client_hostname text, client_port int4, "
            + "backend_start timestamptz, xact_start timestamptz, query_start timestamptz, "
            + "state_change timestamptz, wait_event_type text, wait_event text, state text, backend_xid xid, "
            + "backend_xmin xid, query_id int8, query text, backend_type text", MiscRows::none));
        l.add(new SysRel(12202, pg, "pg_locks", 'v',
            "locktype text, database oid, relation oid, page int4, tuple int2, virtualxid text, "
            + "transactionid xid, classid oid, objid oid, objsubid int2, virtualtransaction text, pid int4, "
            + "mode text, granted bool, fastpath bool, waitstart timestamptz", MiscRows::none));
        l.add(new SysRel(12203, pg, "pg_stat_user_tables", 'v',
            "relid oid, schemaname name, relname name, seq_scan int8, seq_tup_read int8, idx_scan int8, "
            + "idx_tup_fetch int8, n_tup_ins int8, n_tup_upd int8, n_tup_del int8, n_tup_hot_upd int8, "
            + "n_live_tup int8, n_dead_tup int8, n_mod_since_analyze int8, n_ins_since_vacuum int8, "
            + "last_vacuum timestamptz, last_autovacuum timestamptz, last_analyze timestamptz, "
            + "last_autoanalyze timestamptz, vacuum_count int8, autovacuum_count int8, analyze_count int8, "
            + "autoanalyze_count int8", MiscRows::none));
        l.add(new SysRel(12204, pg, "pg_stat_user_indexes", 'v',
            "relid oid, indexrelid oid, schemaname name, relname name, indexrelname name, idx_scan int8, "
            + "idx_tup_read int8, idx_tup_fetch int8", MiscRows::none));
        l.add(new SysRel(12205, pg, "pg_statio_user_tables", 'v',
            "relid oid, schemaname name, relname name, heap_blks_read int8, heap_blks_hit int8, "
            + "idx_blks_read int8, idx_blks_hit int8, toast_blks_read int8, toast_blks_hit int8, "
            + "tidx_blks_read int8, tidx_blks_hit int8", MiscRows::none));
        l.add(new SysRel(12206, pg, "pg_stat_database", 'v',
            "datid oid, datname name, numbackends int4, xact_commit int8, xact_rollback int8, "
            + "blks_read int8, blks_hit int8, tup_returned int8, tup_fetched int8, tup_inserted int8, "
            + "tup_updated int8, tup_deleted int8, conflicts int8, temp_files int8, temp_bytes int8, "
            + "deadlocks int8, checksum_failures int8, checksum_last_failure timestamptz, "
            + "blk_read_time float8, blk_write_time float8, session_time float8, active_time float8, "
            + "idle_in_transaction_time float8, sessions int8, sessions_abandoned int8, sessions_fatal int8, "
            + "sessions_killed int8, stats_reset timestamptz", MiscRows::none));
        l.add(new SysRel(12207, pg, "pg_prepared_xacts", 'v',
            "transaction xid, gid text, prepared timestamptz, owner name, database name", MiscRows::none));
        l.add(new SysRel(12208, pg, "pg_prepared_statements", 'v',
            "name text, statement text, prepare_time timestamptz, parameter_types oid[], from_sql bool, "
            + "generic_plans int8, custom_plans int8", MiscRows::none));
        l.add(new SysRel(2995, pg, "pg_largeobject_metadata", 'r',
            "oid oid, lomowner oid, lomacl aclitem[]", MiscRows::none));
        l.add(new SysRel(3576, pg, "pg_transform", 'r',
            "oid oid, trftype oid, trflang oid, trffromsql regproc, trftosql regproc", MiscRows::none));
        l.add(new SysRel(2602, pg, "pg_amop", 'r',
            "oid oid, amopfamily oid, amoplefttype oid, amoprighttype oid, amopstrategy int2, "
            + "amoppurpose char, amopopr oid, amopmethod oid, amopsortfamily oid", MiscRows::none));
        l.add(new SysRel(2603, pg, "pg_amproc", 'r',
            "oid oid, amprocfamily oid, amproclefttype oid, amprocrighttype oid, amprocnum int2, "
            + "amproc regproc", MiscRows::none));
        l.add(new SysRel(12209, pg, "pg_stat_all_tables", 'v',
            "relid oid, schemaname name, relname name, seq_scan int8, seq_tup_read int8, idx_scan int8, "
            + "idx_tup_fetch int8, n_tup_ins int8, n_tup_upd int8, n_tup_del int8, n_tup_hot_upd int8, "
            + "n_live_tup int8, n_dead_tup int8, n_mod_since_analyze int8, n_ins_since_vacuum int8, "
            + "last_vacuum timestamptz, last_autovacuum timestamptz, last_analyze timestamptz, "
            + "last_autoanalyze timestamptz, vacuum_count int8, autovacuum_count int8, analyze_count int8, "
            + "autoanalyze_count int8", MiscRows::none));
        l.add(new SysRel(12210, pg, "pg_timezone_names", 'v',
            "name text, abbrev text, utc_offset interval, is_dst bool", MiscRows::none));
        l.add(new SysRel(12211, pg, "pg_available_extensions", 'v',
            "name name, default_version text, installed_version text, comment text", MiscRows::none));
        l.add(new SysRel(12212, pg, "pg_cursors", 'v',
            "name text, statement text, is_holdable bool, is_binary bool, is_scrollable bool, "
            + "creation_time timestamptz", MiscRows::none));
        l.add(new SysRel(1214, pg, "pg_shdepend", 'r',
            "dbid oid, classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, deptype char", MiscRows::none));
        l.add(new SysRel(12213, pg, "pg_stats", 'v',
            "schemaname name, tablename name, attname name, inherited bool, null_frac float4, "
            + "avg_width int4, n_distinct float4, most_common_vals anyarray, most_common_freqs float8[], "
            + "histogram_bounds anyarray, correlation float4, most_common_elems anyarray, "
            + "most_common_elem_freqs float8[], elem_count_histogram float8[]", MiscRows::none));
        l.add(new SysRel(12214, pg, "pg_replication_slots", 'v',
            "slot_name name, plugin name, slot_type text, datoid oid, database name, temporary bool, "
            + "active bool, active_pid int4, xmin xid, catalog_xmin xid, restart_lsn text, "
            + "confirmed_flush_lsn text, wal_status text, safe_wal_size int8, two_phase bool", MiscRows::none));
        l.add(new SysRel(12215, pg, "pg_stat_replication", 'v',
            "pid int4, usesysid oid, usename name, application_name text, client_addr text, "
            + "client_hostname text, client_port int4, backend_start timestamptz, backend_xmin xid, "
            + "state text, sent_lsn text, write_lsn text, flush_lsn text, replay_lsn text, "
            + "write_lag interval, flush_lag interval, replay_lag interval, sync_priority int4, "
            + "sync_state text, reply_time timestamptz", MiscRows::none));
        l.add(new SysRel(12216, pg, "pg_group", 'v',
            "groname name, grosysid oid, grolist oid[]", MiscRows::none));
        l.add(new SysRel(12217, pg, "pg_shadow", 'v',
            "usename name, usesysid oid, usecreatedb bool, usesuper bool, userepl bool, usebypassrls bool, "
            + "passwd text, valuntil timestamptz, useconfig text[]", MiscRows::none));
        l.add(new SysRel(12218, pg, "pg_policies", 'v',
            "schemaname name, tablename name, policyname name, permissive text, roles name[], cmd text, "
            + "qual text, with_check text", MiscRows::none));
        l.add(new SysRel(12219, pg, "pg_rules", 'v',
            "schemaname name, tablename name, rulename name, definition text", MiscRows::none));
        l.add(new SysRel(3429, pg, "pg_statistic_ext_data", 'r',
            "stxoid oid, stxdinherit bool, stxdndistinct text, stxddependencies text, stxdmcv text, "
            + "stxdexpr text[]", MiscRows::none));
    }
}
