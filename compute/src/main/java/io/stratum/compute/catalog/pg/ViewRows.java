package io.stratum.compute.catalog.pg;

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

/** The views: pg_tables, pg_indexes, pg_sequences and the information_schema ones. */
final class ViewRows {
    private ViewRows() {
    }

    private static String nsp(final CatalogSnapshot s, final int oid) {
        final NamespaceDef n = s.namespace(oid);
        return n == null ? null : n.name();
    }

    static void pgTables(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final TableDef t : s.tables()) {
            out.add().set("schemaname", nsp(s, t.namespaceOid())).set("tablename", t.name())
                .set("tableowner", ctx.user()).set("hasindexes", !t.indexes().isEmpty()).set("hasrules", false)
                .set("hastriggers", false).set("rowsecurity", false);
        }
        for (final SystemRelation r : SystemCatalog.all()) {
            if (r.kind() == 'r') {
                out.add().set("schemaname", r.schemaName()).set("tablename", r.name()).set("tableowner", ctx.user())
                    .set("hasindexes", false).set("hasrules", false).set("hastriggers", false).set("rowsecurity", false);
            }
        }
    }

    static void pgIndexes(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final IndexDef i : s.indexes()) {
            out.add().set("schemaname", nsp(s, i.namespaceOid())).set("tablename", s.table(i.tableOid()).name())
                .set("indexname", i.name()).set("indexdef", CatalogFunctions.pgGetIndexdef(s, i.oid(), 0, false));
        }
    }

    static void pgSequences(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final SequenceDef q : s.sequences()) {
            out.add().set("schemaname", nsp(s, q.namespaceOid())).set("sequencename", q.name())
                .set("sequenceowner", ctx.user()).set("data_type", (long) q.type().oid()).set("start_value", q.start())
                .set("min_value", q.min()).set("max_value", q.max()).set("increment_by", q.increment())
                .set("cycle", q.cycle()).set("cache_size", q.cache());
        }
    }

    static void isTables(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final TableDef t : s.tables()) {
            out.add().set("table_catalog", ctx.database()).set("table_schema", nsp(s, t.namespaceOid()))
                .set("table_name", t.name()).set("table_type", "BASE TABLE").set("is_insertable_into", "YES")
                .set("is_typed", "NO");
        }
        for (final ViewDef v : s.views()) {
            out.add().set("table_catalog", ctx.database()).set("table_schema", nsp(s, v.namespaceOid()))
                .set("table_name", v.name()).set("table_type", "VIEW").set("is_insertable_into", "NO").set("is_typed", "NO");
        }
        for (final SystemRelation r : SystemCatalog.all()) {
            out.add().set("table_catalog", ctx.database()).set("table_schema", r.schemaName())
                .set("table_name", r.name()).set("table_type", r.kind() == 'v' ? "VIEW" : "BASE TABLE")
                .set("is_insertable_into", "NO").set("is_typed", "NO");
        }
    }

    /** information_schema.columns.data_type. */
    static String dataType(final PgType t) {
        if (TypeRows.isArray(t)) {
            return "ARRAY";
        }
        return t.sqlName();
    }

    static void isColumns(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final TableDef t : s.tables()) {
            for (final ColumnDef c : t.columns()) {
                if (c.dropped()) {
                    continue;
                }
                column(out, ctx, nsp(s, t.namespaceOid()), t.name(), c.name(), c.attnum(), c.type(), c.typmod(),
                    c.notNull(), c.hasDefault() ? c.defaultExpr() : null);
                EnumRows.enumColumn(s, out, c.type(), c.typmod());
                if (c.isIdentity()) {
                    out.set("is_identity", "YES").set("identity_generation", c.identity() == 'a' ? "ALWAYS" : "BY DEFAULT");
                    for (final io.stratum.compute.catalog.SequenceDef q : s.sequences()) {
                        if (q.ownedByTable() == t.oid() && q.ownedByColumn() == c.attnum()) {
                            out.set("identity_start", String.valueOf(q.start()))
                                .set("identity_increment", String.valueOf(q.increment()))
                                .set("identity_maximum", String.valueOf(q.max())).set("identity_minimum", String.valueOf(q.min()));
                        }
                    }
                }
            }
        }
        for (final ViewDef v : s.views()) {
            for (final ColumnDef c : v.columns()) {
                column(out, ctx, nsp(s, v.namespaceOid()), v.name(), c.name(), c.attnum(), c.type(), c.typmod(), false, null);
                EnumRows.enumColumn(s, out, c.type(), c.typmod());
                out.set("is_updatable", "NO");
            }
        }
        for (final SystemRelation r : SystemCatalog.all()) {
            for (int k = 0; k < r.columns().size(); k++) {
                final SystemColumn c = r.columns().get(k);
                column(out, ctx, r.schemaName(), r.name(), c.name(), k + 1, c.type(), -1, r.notNull(k), null);
            }
        }
    }

    private static void column(final SysRel.Rows out, final CatalogContext ctx, final String schema, final String table,
                               final String name, final int attnum, final PgType type, final int typmod,
                               final boolean notNull, final String def) {
        out.add().set("table_catalog", ctx.database()).set("table_schema", schema).set("table_name", table)
            .set("column_name", name).set("ordinal_position", attnum).set("column_default", def)
            .set("is_nullable", notNull ? "NO" : "YES").set("data_type", dataType(type))
            .set("udt_catalog", ctx.database()).set("udt_schema", "pg_catalog").set("udt_name", type.typname())
            .set("dtd_identifier", String.valueOf(attnum)).set("is_self_referencing", "NO").set("is_identity", "NO")
            .set("identity_cycle", "NO").set("is_generated", "NEVER").set("is_updatable", "YES");
        switch (type) {
            case VARCHAR: case BPCHAR:
                if (typmod >= 4) {
                    out.set("character_maximum_length", typmod - 4).set("character_octet_length", (typmod - 4) * 4);
                } else {
                    out.set("character_octet_length", 1073741824);
                }
                break;
            case TEXT:
                out.set("character_octet_length", 1073741824);
                break;
            case INT2:
                out.set("numeric_precision", 16).set("numeric_precision_radix", 2).set("numeric_scale", 0);
                break;
            case INT4:
                out.set("numeric_precision", 32).set("numeric_precision_radix", 2).set("numeric_scale", 0);
                break;
            case INT8:
                out.set("numeric_precision", 64).set("numeric_precision_radix", 2).set("numeric_scale", 0);
                break;
            case FLOAT4:
                out.set("numeric_precision", 24).set("numeric_precision_radix", 2);
                break;
            case FLOAT8:
                out.set("numeric_precision", 53).set("numeric_precision_radix", 2);
                break;
            case NUMERIC:
                out.set("numeric_precision_radix", 10);
                if (typmod >= 4) {
                    out.set("numeric_precision", ((typmod - 4) >> 16) & 0xFFFF).set("numeric_scale",
                        TypeFormat.numericScale(typmod));
                }
                break;
            case DATE:
                out.set("datetime_precision", 0);
                break;
            case TIME: case TIMESTAMP: case TIMESTAMPTZ: case INTERVAL:
                out.set("datetime_precision", typmod >= 0 ? typmod : 6);
                break;
            default:
                break;
        }
    }

    /** information_schema.views: user views (their definition as written, not deparsed). */
    static void isViews(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final ViewDef v : s.views()) {
            out.add().set("table_catalog", ctx.database()).set("table_schema", nsp(s, v.namespaceOid()))
                .set("table_name", v.name()).set("view_definition", v.definition()).set("check_option", "NONE")
                .set("is_updatable", "NO").set("is_insertable_into", "NO").set("is_trigger_updatable", "NO")
                .set("is_trigger_deletable", "NO").set("is_trigger_insertable_into", "NO");
        }
    }

    /** pg_views: user views. */
    static void pgViews(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final ViewDef v : s.views()) {
            out.add().set("schemaname", nsp(s, v.namespaceOid())).set("viewname", v.name()).set("viewowner", ctx.user())
                .set("definition", v.definition());
        }
    }

    static void isSchemata(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final NamespaceDef n : s.namespaces()) {
            out.add().set("catalog_name", ctx.database()).set("schema_name", n.name()).set("schema_owner", ctx.user());
        }
    }

    static void isTableConstraints(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final TableDef t : s.tables()) {
            final String schema = nsp(s, t.namespaceOid());
            for (final ConstraintDef c : t.constraints()) {
                out.add().set("constraint_catalog", ctx.database()).set("constraint_schema", schema)
                    .set("constraint_name", c.name()).set("table_catalog", ctx.database()).set("table_schema", schema)
                    .set("table_name", t.name()).set("constraint_type", c.kind() == ConstraintKind.PRIMARY_KEY
                        ? "PRIMARY KEY" : c.kind() == ConstraintKind.UNIQUE ? "UNIQUE" : c.foreignKey() ? "FOREIGN KEY"
                        : "CHECK")
                    .set("is_deferrable", "NO").set("initially_deferred", "NO").set("enforced", "YES")
                    .set("nulls_distinct", c.kind() == ConstraintKind.UNIQUE ? "YES" : null);
            }
            for (final io.stratum.compute.catalog.ColumnDef col : t.columns()) {
                if (col.notNull()) {
                    out.add().set("constraint_catalog", ctx.database()).set("constraint_schema", schema)
                        .set("constraint_name", t.namespaceOid() + "_" + t.oid() + "_" + col.attnum() + "_not_null")
                        .set("table_catalog", ctx.database()).set("table_schema", schema).set("table_name", t.name())
                        .set("constraint_type", "CHECK").set("is_deferrable", "NO").set("initially_deferred", "NO")
                        .set("enforced", "YES");
                }
            }
        }
    }

    static void isKeyColumnUsage(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final TableDef t : s.tables()) {
            final String schema = nsp(s, t.namespaceOid());
            for (final ConstraintDef c : t.constraints()) {
                if (c.kind() == ConstraintKind.CHECK) {
                    continue;
                }
                for (int k = 0; k < c.keyAttnums().length; k++) {
                    out.add().set("constraint_catalog", ctx.database()).set("constraint_schema", schema)
                        .set("constraint_name", c.name()).set("table_catalog", ctx.database())
                        .set("table_schema", schema).set("table_name", t.name())
                        .set("column_name", t.columns().get(c.keyAttnums()[k] - 1).name()).set("ordinal_position", k + 1);
                    if (c.foreignKey()) {
                        final io.stratum.compute.catalog.IndexDef ui = s.index(c.indexOid());
                        for (int u = 0; ui != null && u < ui.keyAttnums().length; u++) {
                            if (ui.keyAttnums()[u] == c.refAttnums()[k]) {
                                out.set("position_in_unique_constraint", u + 1);
                            }
                        }
                    }
                }
            }
        }
    }

    static void isReferentialConstraints(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final TableDef t : s.tables()) {
            for (final ConstraintDef c : t.constraints()) {
                if (!c.foreignKey()) {
                    continue;
                }
                final ConstraintDef unique = s.constraintOfIndex(c.indexOid());
                final TableDef ref = s.table(c.refTableOid());
                out.add().set("constraint_catalog", ctx.database()).set("constraint_schema", nsp(s, t.namespaceOid()))
                    .set("constraint_name", c.name()).set("unique_constraint_catalog", ctx.database())
                    .set("unique_constraint_schema", nsp(s, ref.namespaceOid()))
                    .set("unique_constraint_name", unique == null ? null : unique.name())
                    .set("match_option", c.matchType() == 'f' ? "FULL" : "NONE")
                    .set("update_rule", CatalogFunctions.actionText(c.onUpdate()))
                    .set("delete_rule", CatalogFunctions.actionText(c.onDelete()));
            }
        }
    }

    static void isSequences(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final SequenceDef q : s.sequences()) {
            final int bits = q.type() == PgType.INT2 ? 16 : q.type() == PgType.INT4 ? 32 : 64;
            out.add().set("sequence_catalog", ctx.database()).set("sequence_schema", nsp(s, q.namespaceOid()))
                .set("sequence_name", q.name()).set("data_type", q.type().sqlName()).set("numeric_precision", bits)
                .set("numeric_precision_radix", 2).set("numeric_scale", 0).set("start_value", String.valueOf(q.start()))
                .set("minimum_value", String.valueOf(q.min())).set("maximum_value", String.valueOf(q.max()))
                .set("increment", String.valueOf(q.increment())).set("cycle_option", q.cycle() ? "YES" : "NO");
        }
    }
}
