package io.stratum.compute.catalog;

/**
 * A schema (pg_namespace row).
 *
 * @param oid pg_catalog 11, public 2200, information_schema 13000, pg_toast 99; created ones from 16384
 * @param name nspname
 * @param ownerOid nspowner (10, the bootstrap superuser, whose name is the session user; public: 6171
 *     pg_database_owner, as PostgreSQL 15)
 */
public record NamespaceDef(int oid, String name, int ownerOid) {
    public static final int PG_CATALOG = 11;
    public static final int PG_TOAST = 99;
    public static final int PUBLIC = 2200;
    public static final int INFORMATION_SCHEMA = 13000;
    /** OID of the bootstrap superuser (the session user, whatever its name). */
    public static final int SUPERUSER_OID = 10;
    /** OID of the pg_database_owner role, which owns schema public in PostgreSQL 15. */
    public static final int DATABASE_OWNER_OID = 6171;
}
