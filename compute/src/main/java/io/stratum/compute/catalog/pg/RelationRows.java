package io.stratum.compute.catalog.pg;

import static io.stratum.compute.catalog.pg.SysRel.i2;
import static io.stratum.compute.catalog.pg.SysRel.i2vector;
import static io.stratum.compute.catalog.pg.SysRel.oid;

import io.stratum.compute.catalog.CatalogContext;
import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.ConstraintDef;
import io.stratum.compute.catalog.ConstraintKind;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.NamespaceDef;
import io.stratum.compute.catalog.SequenceDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.catalog.ViewDef;
import io.stratum.compute.types.PgType;

/** pg_class, pg_namespace, pg_attribute, pg_index, pg_constraint, pg_attrdef, pg_depend, pg_sequence. */
final class RelationRows {
    static final int HEAP_AM = 2;
    static final int BTREE_AM = 403;
    static final int PG_CLASS = 1259;
    static final int PG_TYPE = 1247;
    static final int PG_CONSTRAINT = 2606;
    static final int PG_ATTRDEF = 2604;
    /** opclass OIDs of the default btree operator classes, by type (indclass). */
    private static final int INT4_OPS = 1978;

    private RelationRows() {
    }

    private static SysRel.Rows classRow(final SysRel.Rows out, final int oid, final String name, final int nsp,
                                        final int rowType, final int am, final long node, final String kind,
                                        final int natts) {
        return out.add().set("oid", oid(oid)).set("relname", name).set("relnamespace", oid(nsp))
            .set("reltype", oid(rowType)).set("reloftype", oid(0)).set("relowner", oid(NamespaceDef.SUPERUSER_OID))
            .set("relam", oid(am)).set("relfilenode", oid(node)).set("reltablespace", oid(0)).set("relpages", 0)
            .set("reltuples", -1.0f).set("relallvisible", 0).set("reltoastrelid", oid(0)).set("relhasindex", false)
            .set("relisshared", false).set("relpersistence", "p").set("relkind", kind).set("relnatts", i2(natts))
            .set("relchecks", i2(0)).set("relhasrules", false).set("relhastriggers", false)
            .set("relhassubclass", false).set("relrowsecurity", false).set("relforcerowsecurity", false)
            .set("relispopulated", true).set("relreplident", "r".equals(kind) ? "d" : "n").set("relispartition", false)
            .set("relrewrite", oid(0)).set("relfrozenxid", oid(0)).set("relminmxid", oid(0));
    }

    static void pgClass(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final TableDef t : s.tables()) {
            int checks = 0;
            boolean triggers = !s.referencing(t.oid()).isEmpty();
            for (final ConstraintDef c : t.constraints()) {
                checks += c.kind() == ConstraintKind.CHECK ? 1 : 0;
                triggers |= c.foreignKey();
            }
            classRow(out, t.oid(), t.name(), t.namespaceOid(), t.rowTypeOid(), HEAP_AM, t.relfilenode(), "r",
                t.columns().size()).set("relhasindex", !t.indexes().isEmpty()).set("relchecks", i2(checks))
                .set("relhastriggers", triggers)
                .set("relpages", (int) s.relationBlocks(t.relfilenode()))
                .set("reloptions", t.options().isEmpty() ? null : t.options().toArray());
        }
        for (final IndexDef i : s.indexes()) {
            classRow(out, i.oid(), i.name(), i.namespaceOid(), 0, BTREE_AM, i.relfilenode(), "i",
                i.keyAttnums().length).set("relreplident", "n").set("reltuples", 0.0f)
                .set("relpages", (int) CatalogFunctions.indexBlocks(s, i));
        }
        for (final SequenceDef q : s.sequences()) {
            classRow(out, q.oid(), q.name(), q.namespaceOid(), 0, 0, q.oid(), "S", 3).set("relpages", 1)
                .set("reltuples", 1.0f);
        }
        for (final ViewDef v : s.views()) {
            classRow(out, v.oid(), v.name(), v.namespaceOid(), 0, 0, 0, "v", v.columns().size()).set("relreplident", "n")
                .set("relhasrules", true);
        }
        for (final SystemRelation r : SystemCatalog.all()) {
            classRow(out, r.oid(), r.name(), r.namespaceOid(), 0, r.kind() == 'v' ? 0 : HEAP_AM,
                r.kind() == 'v' ? 0 : r.oid(), String.valueOf(r.kind()), r.columns().size());
        }
    }

    static void pgNamespace(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final NamespaceDef n : s.namespaces()) {
            out.add().set("oid", oid(n.oid())).set("nspname", n.name()).set("nspowner", oid(n.ownerOid()));
            if (n.oid() == NamespaceDef.PUBLIC) {
                out.set("nspacl", new Object[] {"pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner"});
            }
        }
    }

    private static SysRel.Rows attRow(final SysRel.Rows out, final int relid, final String name, final PgType type,
                                      final int attnum, final int typmod, final boolean notNull) {
        final int ndims = TypeRows.isArray(type) ? 1 : 0;
        if (type == PgType.ENUM || type == PgType.ENUM_ARRAY) {
            // an enum column: its type is the enum (the typmod holds its OID)
            return attRow(out, relid, name, type == PgType.ENUM ? PgType.INT4 : PgType.INT4_ARRAY, attnum, -1, notNull)
                .set("atttypid", oid(typmod + (type == PgType.ENUM ? 0 : 1)));
        }
        return out.add().set("attrelid", oid(relid)).set("attname", name).set("atttypid", oid(type.oid()))
            .set("attstattarget", -1).set("attlen", i2(type.typlen())).set("attnum", i2(attnum)).set("attndims", ndims)
            .set("attcacheoff", -1).set("atttypmod", typmod).set("attbyval", TypeRows.byValue(type))
            .set("attalign", TypeRows.align(type)).set("attstorage", TypeRows.storage(type)).set("attcompression", "")
            .set("attnotnull", notNull).set("atthasdef", false).set("atthasmissing", false).set("attidentity", "")
            .set("attgenerated", "").set("attisdropped", false).set("attislocal", true).set("attinhcount", 0)
            .set("attcollation", oid(TypeRows.collation(type)));
    }

    static void pgAttribute(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final TableDef t : s.tables()) {
            for (final ColumnDef c : t.columns()) {
                attRow(out, t.oid(), c.name(), c.type(), c.attnum(), c.typmod(), c.notNull())
                    .set("atthasdef", c.hasDefault()).set("atthasmissing", c.missingValue() != null)
                    .set("attidentity", c.isIdentity() ? String.valueOf(c.identity()) : "");
                if (c.dropped()) {
                    out.set("atttypid", oid(0)).set("attisdropped", true).set("attcollation", oid(0));
                }
            }
        }
        for (final IndexDef i : s.indexes()) {
            final TableDef t = s.table(i.tableOid());
            int e = 0;
            for (int k = 0; k < i.keyAttnums().length; k++) {
                if (i.keyAttnums()[k] == 0) {
                    // an expression key's column: named as PostgreSQL's ChooseIndexColumnNames would, typed by it
                    attRow(out, i.oid(), exprColumnName(i, e), PgType.byOid(i.exprTypeOids()[e]), k + 1, -1, false);
                    e++;
                    continue;
                }
                final ColumnDef c = t.columns().get(i.keyAttnums()[k] - 1);
                attRow(out, i.oid(), c.name(), c.type(), k + 1, c.typmod(), false);
            }
        }
        for (final SequenceDef q : s.sequences()) {
            attRow(out, q.oid(), "last_value", PgType.INT8, 1, -1, true);
            attRow(out, q.oid(), "log_cnt", PgType.INT8, 2, -1, true);
            attRow(out, q.oid(), "is_called", PgType.BOOL, 3, -1, true);
        }
        for (final ViewDef v : s.views()) {
            for (final ColumnDef c : v.columns()) {
                attRow(out, v.oid(), c.name(), c.type(), c.attnum(), c.typmod(), false);
            }
        }
        for (final SystemRelation r : SystemCatalog.all()) {
            for (int k = 0; k < r.columns().size(); k++) {
                final SystemColumn c = r.columns().get(k);
                attRow(out, r.oid(), c.name(), c.type(), k + 1, -1, r.notNull(k));
            }
        }
    }

    static void pgIndex(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final IndexDef i : s.indexes()) {
            final int n = i.keyAttnums().length;
            final Object[] collation = new Object[n];
            final Object[] opclass = new Object[n];
            final Object[] option = new Object[n];
            final TableDef t = s.table(i.tableOid());
            int e = 0;
            for (int k = 0; k < n; k++) {
                final PgType type = i.keyAttnums()[k] > 0 ? t.columns().get(i.keyAttnums()[k] - 1).type()
                    : PgType.byOid(i.exprTypeOids()[e++]);
                collation[k] = oid(TypeRows.collation(type));
                opclass[k] = oid(opclass(type));
                option[k] = (short) 0;
            }
            out.add().set("indexrelid", oid(i.oid())).set("indrelid", oid(i.tableOid())).set("indnatts", i2(n))
                .set("indnkeyatts", i2(n)).set("indisunique", i.unique()).set("indnullsnotdistinct", false)
                .set("indisprimary", i.primary()).set("indisexclusion", false).set("indimmediate", true)
                .set("indisclustered", false).set("indisvalid", true).set("indcheckxmin", false)
                .set("indisready", true).set("indislive", true).set("indisreplident", false)
                .set("indkey", i2vector(i.keyAttnums())).set("indcollation", collation).set("indclass", opclass)
                .set("indoption", option).set("indexprs", i.exprs().isEmpty() ? null : String.join(" ", i.exprs()))
                .set("indpred", i.predicate());
        }
    }

    /** The attname of an index's expression column: the function's name, else {@code expr}, numbered when repeated. */
    private static String exprColumnName(final IndexDef i, final int e) {
        final String text = i.prettyExpr(e);
        final int open = text.indexOf('(');
        return IndexDef.looksLikeCall(text) && open > 0 ? text.substring(0, open).toLowerCase(java.util.Locale.ROOT)
            : e == 0 ? "expr" : "expr" + e;
    }

    /** The default btree operator class of a type (PostgreSQL's OIDs). */
    static int opclass(final PgType t) {
        switch (t) {
            case BOOL: return 424;
            case BYTEA: return 428;
            case CHAR: return 429;
            case NAME: return 1986;
            case INT8: return 3124;
            case INT2: return 1979;
            case INT4: return INT4_OPS;
            case TEXT: case VARCHAR: return 3126;
            case OID: case REGCLASS: case REGTYPE: case REGPROC: return 1989;
            case FLOAT4: return 1970;
            case FLOAT8: return 3123;
            case BPCHAR: return 426;
            case DATE: return 3122;
            case TIME: return 1996;
            case TIMESTAMP: return 3128;
            case TIMESTAMPTZ: return 3127;
            case INTERVAL: return 1982;
            case NUMERIC: return 3125;
            case UUID: return 2968;
            case JSONB: return 4033;
            default: return 0;
        }
    }

    static void pgConstraint(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final TableDef t : s.tables()) {
            for (final ConstraintDef c : t.constraints()) {
                final Object[] keys = new Object[c.keyAttnums().length];
                for (int k = 0; k < keys.length; k++) {
                    keys[k] = (short) c.keyAttnums()[k];
                }
                out.add().set("oid", oid(c.oid())).set("conname", c.name()).set("connamespace", oid(t.namespaceOid()))
                    .set("contype", String.valueOf(c.kind().code())).set("condeferrable", false)
                    .set("condeferred", false).set("convalidated", true).set("conrelid", oid(t.oid()))
                    .set("contypid", oid(0)).set("conindid", oid(c.indexOid())).set("conparentid", oid(0))
                    .set("confrelid", oid(c.refTableOid())).set("confupdtype", String.valueOf(c.onUpdate()))
                    .set("confdeltype", String.valueOf(c.onDelete())).set("confmatchtype", String.valueOf(c.matchType()))
                    .set("conislocal", true).set("coninhcount", 0)
                    .set("connoinherit", c.kind() != ConstraintKind.CHECK && !c.foreignKey())
                    .set("conkey", keys.length == 0 ? null : keys)
                    .set("conbin", c.checkExpr());
                if (c.foreignKey()) {
                    final Object[] fkeys = new Object[c.refAttnums().length];
                    final Object[] ops = new Object[fkeys.length];
                    for (int k = 0; k < fkeys.length; k++) {
                        fkeys[k] = (short) c.refAttnums()[k];
                        ops[k] = oid(96);
                    }
                    out.set("confkey", fkeys).set("conpfeqop", ops).set("conppeqop", ops).set("conffeqop", ops);
                }
            }
        }
    }

    /** A stable OID for the pg_attrdef row of (table, attnum). */
    static long attrdefOid(final int table, final int attnum) {
        return ((table * 31L + attnum) & 0x3FFF_FFFFL) | 0x4000_0000L;
    }

    static void pgAttrdef(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final TableDef t : s.tables()) {
            for (final ColumnDef c : t.columns()) {
                if (c.hasDefault()) {
                    out.add().set("oid", oid(attrdefOid(t.oid(), c.attnum()))).set("adrelid", oid(t.oid()))
                        .set("adnum", i2(c.attnum())).set("adbin", c.defaultExpr());
                }
            }
        }
    }

    private static void dep(final SysRel.Rows out, final int classid, final long objid, final int refclassid,
                            final long refobjid, final int refsub, final String type) {
        out.add().set("classid", oid(classid)).set("objid", oid(objid)).set("objsubid", 0)
            .set("refclassid", oid(refclassid)).set("refobjid", oid(refobjid)).set("refobjsubid", refsub)
            .set("deptype", type);
    }

    static void pgDepend(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final TableDef t : s.tables()) {
            dep(out, PG_TYPE, t.rowTypeOid(), PG_CLASS, t.oid(), 0, "i");
            for (final ConstraintDef c : t.constraints()) {
                for (final int a : c.keyAttnums()) {
                    dep(out, PG_CONSTRAINT, c.oid(), PG_CLASS, t.oid(), a, "a");
                }
                if (c.foreignKey()) {
                    for (final int a : c.refAttnums()) {
                        dep(out, PG_CONSTRAINT, c.oid(), PG_CLASS, c.refTableOid(), a, "n");
                    }
                    dep(out, PG_CONSTRAINT, c.oid(), PG_CLASS, c.indexOid(), 0, "n");
                } else if (c.indexOid() != 0) {
                    dep(out, PG_CLASS, c.indexOid(), PG_CONSTRAINT, c.oid(), 0, "i");
                }
            }
            for (final IndexDef i : t.indexes()) {
                if (s.constraintOfIndex(i.oid()) == null) {
                    for (final int a : i.keyAttnums()) {
                        dep(out, PG_CLASS, i.oid(), PG_CLASS, t.oid(), a, "a");
                    }
                }
            }
        }
        for (final SequenceDef q : s.sequences()) {
            if (q.ownedByTable() != 0) {
                dep(out, PG_CLASS, q.oid(), PG_CLASS, q.ownedByTable(), q.ownedByColumn(), "a");
                dep(out, PG_ATTRDEF, attrdefOid(q.ownedByTable(), q.ownedByColumn()), PG_CLASS, q.oid(), 0, "n");
                dep(out, PG_ATTRDEF, attrdefOid(q.ownedByTable(), q.ownedByColumn()), PG_CLASS, q.ownedByTable(),
                    q.ownedByColumn(), "a");
            }
        }
    }

    static void pgSequence(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final SequenceDef q : s.sequences()) {
            out.add().set("seqrelid", oid(q.oid())).set("seqtypid", oid(q.type().oid())).set("seqstart", q.start())
                .set("seqincrement", q.increment()).set("seqmax", q.max()).set("seqmin", q.min())
                .set("seqcache", q.cache()).set("seqcycle", q.cycle());
        }
    }
}
