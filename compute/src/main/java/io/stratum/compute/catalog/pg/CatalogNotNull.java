package io.stratum.compute.catalog.pg;

import java.util.Map;

/**
 * Which columns of PostgreSQL 15's system catalogs are NOT NULL (attnotnull), one character per column,
 * {@code 1} for NOT NULL; taken from a PostgreSQL 15.18 server. Views have none.
 */
final class CatalogNotNull {
    private CatalogNotNull() {
    }

    static final Map<String, String> MASKS = Map.ofEntries(
        Map.entry("pg_aggregate", "1111111111111111111100"),
        Map.entry("pg_am", "1111"),
        Map.entry("pg_amop", "111111111"),
        Map.entry("pg_amproc", "111111"),
        Map.entry("pg_attrdef", "1111"),
        Map.entry("pg_attribute", "11111111111111111111110000"),
        Map.entry("pg_auth_members", "1111"),
        Map.entry("pg_authid", "111111111100"),
        Map.entry("pg_cast", "111111"),
        Map.entry("pg_class", "111111111111111111111111111111000"),
        Map.entry("pg_collation", "11111110000"),
        Map.entry("pg_constraint", "11111111111111111100000000"),
        Map.entry("pg_conversion", "11111111"),
        Map.entry("pg_database", "1111111111111000"),
        Map.entry("pg_db_role_setting", "110"),
        Map.entry("pg_default_acl", "11111"),
        Map.entry("pg_depend", "1111111"),
        Map.entry("pg_description", "1111"),
        Map.entry("pg_enum", "1111"),
        Map.entry("pg_event_trigger", "1111110"),
        Map.entry("pg_extension", "11111100"),
        Map.entry("pg_foreign_data_wrapper", "1111100"),
        Map.entry("pg_foreign_server", "11110000"),
        Map.entry("pg_foreign_table", "110"),
        Map.entry("pg_index", "111111111111111111100"),
        Map.entry("pg_inherits", "1111"),
        Map.entry("pg_init_privs", "11111"),
        Map.entry("pg_language", "111111110"),
        Map.entry("pg_largeobject", "111"),
        Map.entry("pg_largeobject_metadata", "110"),
        Map.entry("pg_namespace", "1110"),
        Map.entry("pg_opclass", "111111111"),
        Map.entry("pg_operator", "111111111111111"),
        Map.entry("pg_opfamily", "11111"),
        Map.entry("pg_parameter_acl", "110"),
        Map.entry("pg_partitioned_table", "11111110"),
        Map.entry("pg_policy", "11111100"),
        Map.entry("pg_proc", "111111111111111111110000010000"),
        Map.entry("pg_publication", "111111111"),
        Map.entry("pg_publication_namespace", "111"),
        Map.entry("pg_publication_rel", "11100"),
        Map.entry("pg_range", "1111111"),
        Map.entry("pg_replication_origin", "11"),
        Map.entry("pg_rewrite", "11111111"),
        Map.entry("pg_seclabel", "11111"),
        Map.entry("pg_sequence", "11111111"),
        Map.entry("pg_shdepend", "1111111"),
        Map.entry("pg_shdescription", "111"),
        Map.entry("pg_shseclabel", "1111"),
        Map.entry("pg_statistic", "1111111111111111111110000000000"),
        Map.entry("pg_statistic_ext", "111111110"),
        Map.entry("pg_statistic_ext_data", "110000"),
        Map.entry("pg_subscription", "11111111111011"),
        Map.entry("pg_subscription_rel", "1110"),
        Map.entry("pg_tablespace", "11100"),
        Map.entry("pg_transform", "11111"),
        Map.entry("pg_trigger", "1111111111111111000"),
        Map.entry("pg_ts_config", "11111"),
        Map.entry("pg_ts_config_map", "1111"),
        Map.entry("pg_ts_dict", "111110"),
        Map.entry("pg_ts_parser", "11111111"),
        Map.entry("pg_ts_template", "11111"),
        Map.entry("pg_type", "11111111111111111111111111111000"),
        Map.entry("pg_user_mapping", "1110"));

    /** Whether column {@code index} (0-based) of catalog {@code name} is NOT NULL. */
    static boolean notNull(final String name, final int index) {
        final String m = MASKS.get(name);
        return m != null && index < m.length() && m.charAt(index) == '1';
    }
}
