package io.stratum.compute.catalog.pg;

import static io.stratum.compute.catalog.pg.SysRel.i2;
import static io.stratum.compute.catalog.pg.SysRel.oid;

import io.stratum.compute.catalog.CatalogContext;
import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.NamespaceDef;
import io.stratum.compute.types.PgType;

/** The small fixed catalogs: access methods, the database, roles, collations, tablespaces, settings, procs. */
final class MiscRows {
    /** OID of the current database in pg_database (PostgreSQL's {@code postgres} database has 5). */
    static final int DATABASE_OID = 5;

    private MiscRows() {
    }

    static void none(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
    }

    static void pgDescription(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        out.add().set("objoid", oid(NamespaceDef.PUBLIC)).set("classoid", oid(2615)).set("objsubid", 0)
            .set("description", CatalogFunctions.PUBLIC_DESCRIPTION);
    }

    static void pgAm(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        out.add().set("oid", oid(2)).set("amname", "heap").set("amhandler", oid(3)).set("amtype", "t");
        out.add().set("oid", oid(403)).set("amname", "btree").set("amhandler", oid(330)).set("amtype", "i");
    }

    static void pgDatabase(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        out.add().set("oid", oid(DATABASE_OID)).set("datname", ctx.database())
            .set("datdba", oid(NamespaceDef.SUPERUSER_OID)).set("encoding", 6).set("datlocprovider", "c")
            .set("datistemplate", false).set("datallowconn", true).set("datconnlimit", -1)
            .set("datfrozenxid", oid(0)).set("datminmxid", oid(1)).set("dattablespace", oid(1663))
            .set("datcollate", "C.UTF-8").set("datctype", "C.UTF-8");
    }

    static void pgRoles(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        out.add().set("oid", oid(NamespaceDef.DATABASE_OWNER_OID)).set("rolname", "pg_database_owner")
            .set("rolsuper", false).set("rolinherit", true).set("rolcreaterole", false).set("rolcreatedb", false)
            .set("rolcanlogin", false).set("rolreplication", false).set("rolbypassrls", false).set("rolconnlimit", -1)
            .set("rolpassword", "********");
        out.add().set("oid", oid(NamespaceDef.SUPERUSER_OID)).set("rolname", ctx.user()).set("rolsuper", true)
            .set("rolinherit", true).set("rolcreaterole", true).set("rolcreatedb", true).set("rolcanlogin", true)
            .set("rolreplication", true).set("rolbypassrls", true).set("rolconnlimit", -1)
            .set("rolpassword", "********");
    }

    static void pgAuthid(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        out.add().set("oid", oid(NamespaceDef.DATABASE_OWNER_OID)).set("rolname", "pg_database_owner")
            .set("rolsuper", false).set("rolinherit", true).set("rolcreaterole", false).set("rolcreatedb", false)
            .set("rolcanlogin", false).set("rolreplication", false).set("rolbypassrls", false).set("rolconnlimit", -1);
        out.add().set("oid", oid(NamespaceDef.SUPERUSER_OID)).set("rolname", ctx.user()).set("rolsuper", true)
            .set("rolinherit", true).set("rolcreaterole", true).set("rolcreatedb", true).set("rolcanlogin", true)
            .set("rolreplication", true).set("rolbypassrls", true).set("rolconnlimit", -1);
    }

    static void pgUser(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        out.add().set("usename", ctx.user()).set("usesysid", oid(NamespaceDef.SUPERUSER_OID)).set("usecreatedb", true)
            .set("usesuper", true).set("userepl", true).set("usebypassrls", true).set("passwd", "********");
    }

    static void pgCollation(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        collation(out, 100, "default", "d", null);
        collation(out, 950, "C", "c", "C");
        collation(out, 951, "POSIX", "c", "POSIX");
    }

    private static void collation(final SysRel.Rows out, final int oid, final String name, final String provider,
                                  final String locale) {
        out.add().set("oid", oid(oid)).set("collname", name).set("collnamespace", oid(NamespaceDef.PG_CATALOG))
            .set("collowner", oid(NamespaceDef.SUPERUSER_OID)).set("collprovider", provider)
            .set("collisdeterministic", true).set("collencoding", -1).set("collcollate", locale)
            .set("collctype", locale);
    }

    static void pgTablespace(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        out.add().set("oid", oid(1663)).set("spcname", "pg_default").set("spcowner", oid(NamespaceDef.SUPERUSER_OID));
        out.add().set("oid", oid(1664)).set("spcname", "pg_global").set("spcowner", oid(NamespaceDef.SUPERUSER_OID));
    }

    static void pgSettings(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        if (ctx.settings() == null) {
            return;
        }
        for (final Setting g : ctx.settings().get()) {
            out.add().set("name", g.name()).set("setting", g.setting()).set("unit", g.unit())
                .set("category", g.category()).set("short_desc", g.shortDesc()).set("context", g.context())
                .set("vartype", g.vartype()).set("source", g.source()).set("boot_val", g.bootVal())
                .set("reset_val", g.resetVal()).set("pending_restart", false);
        }
    }

    static void pgLanguage(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        language(out, 12, "internal", false);
        language(out, 13, "c", false);
        language(out, 14, "sql", true);
    }

    private static void language(final SysRel.Rows out, final int oid, final String name, final boolean trusted) {
        out.add().set("oid", oid(oid)).set("lanname", name).set("lanowner", oid(NamespaceDef.SUPERUSER_OID))
            .set("lanispl", false).set("lanpltrusted", trusted).set("lanplcallfoid", oid(0)).set("laninline", oid(0))
            .set("lanvalidator", oid(0));
    }

    /** The few functions pg_proc lists (enough for regproc output and clients that probe it). */
    static final Object[][] PROCS = {
        {750L, "array_in", PgType.UNKNOWN, 3}, {751L, "array_out", PgType.UNKNOWN, 1},
        {1574L, "nextval", PgType.INT8, 1}, {1575L, "currval", PgType.INT8, 1}, {1576L, "setval", PgType.INT8, 2},
        {1081L, "format_type", PgType.TEXT, 2}, {2079L, "pg_table_is_visible", PgType.BOOL, 1},
        {1642L, "pg_get_userbyid", PgType.NAME, 1}, {1643L, "pg_get_indexdef", PgType.TEXT, 1},
        {1387L, "pg_get_constraintdef", PgType.TEXT, 1}, {1716L, "pg_get_expr", PgType.TEXT, 2},
        {89L, "version", PgType.TEXT, 0}, {861L, "current_database", PgType.NAME, 0},
        {1402L, "current_schema", PgType.NAME, 0}, {1403L, "current_schemas", PgType.NAME_ARRAY, 1},
        {1299L, "now", PgType.TIMESTAMPTZ, 0}, {2147L, "count", PgType.INT8, 0},
    };

    static void pgProc(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final Object[] p : PROCS) {
            final int nargs = (Integer) p[3];
            out.add().set("oid", oid((Long) p[0])).set("proname", p[1]).set("pronamespace", oid(NamespaceDef.PG_CATALOG))
                .set("proowner", oid(NamespaceDef.SUPERUSER_OID)).set("prolang", oid(12)).set("procost", 1.0f)
                .set("prorows", 0.0f).set("provariadic", oid(0)).set("prosupport", oid(0))
                .set("prokind", "count".equals(p[1]) ? "a" : "f").set("prosecdef", false).set("proleakproof", false)
                .set("proisstrict", true).set("proretset", false).set("provolatile", "s").set("proparallel", "s")
                .set("pronargs", i2(nargs)).set("pronargdefaults", i2(0)).set("prorettype", oid(((PgType) p[2]).oid()))
                .set("proargtypes", new Object[0]).set("prosrc", p[1]);
        }
        ProcRows.rows(s, out);
    }

    /** regproc output for the functions above, or null. */
    static String procName(final long oid) {
        for (final Object[] p : PROCS) {
            if ((Long) p[0] == oid) {
                return (String) p[1];
            }
        }
        return null;
    }

    /** regproc input for the functions above, or -1. */
    static long procOid(final String name) {
        for (final Object[] p : PROCS) {
            if (p[1].equals(name)) {
                return (Long) p[0];
            }
        }
        return -1;
    }
}
