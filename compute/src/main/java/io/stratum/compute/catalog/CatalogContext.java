package io.stratum.compute.catalog;

import io.stratum.compute.catalog.pg.Setting;
import java.util.List;
import java.util.function.Supplier;

/**
 * What catalog lookups and the virtual catalogs need to know about the session: who it is, which database
 * (branch) it is on, its search path and its settings (for pg_settings).
 *
 * @param user session user name (pg_roles / pg_user / pg_authid show it as OID 10, superuser)
 * @param database current database name as the client gave it (pg_database, current_database())
 * @param searchPath search_path entries as set ({@code "$user"}, {@code public}, ...); pg_catalog is searched
 *     first unless listed, as PostgreSQL does
 * @param settings the session's settings, read when pg_settings is scanned
 */
public record CatalogContext(String user, String database, List<String> searchPath, Supplier<List<Setting>> settings) {
    /** user, database, search_path {@code "$user", public}, no settings. */
    public static CatalogContext of(final String user, final String database) {
        return new CatalogContext(user, database, List.of("\"$user\"", "public"), List::of);
    }
}
