package io.stratum.compute.catalog;

import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import io.stratum.mvcc.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * CREATE [OR REPLACE] FUNCTION and DROP FUNCTION against the catalog heaps, with PostgreSQL's checks and errors.
 * A function is identified by its schema, name and input types (proargtypes); its body was validated by the
 * caller (the engine binds it before it gets here).
 */
public final class FunctionDdl {
    private FunctionDdl() {
    }

    /**
     * Stores {@code f} (its OID and namespace are assigned here) in the schema named, else the creation schema.
     *
     * @throws SqlException 42723 same name and input types without OR REPLACE; 42P13 an OR REPLACE that changes
     *     the return type or an input's name
     */
    public static FunctionDef create(final Catalog catalog, final Transaction tx, final CatalogContext ctx, final String schema,
                                     final FunctionDef f, final boolean orReplace) {
        return catalog.ddl(tx, "CREATE FUNCTION", d -> {
            final NamespaceDef nsp = d.creationNamespace(ctx, schema);
            final FunctionDef old = find(d, nsp.oid(), f.name(), f.inputTypes());
            if (old != null && !orReplace) {
                throw new SqlException("42723", "function \"" + f.name() + "\" already exists with same argument types");
            }
            if (old != null) {
                if (old.returnType() != f.returnType() || old.returnsSet() != f.returnsSet()
                    || old.outputs().size() != f.outputs().size()) {
                    throw new SqlException("42P13", "cannot change return type of existing function", null,
                        "Use DROP FUNCTION " + signature(old) + " first.", 0, null);
                }
                final List<FunctionDef.Param> a = old.inputs();
                final List<FunctionDef.Param> b = f.inputs();
                for (int i = 0; i < a.size(); i++) {
                    if (!a.get(i).name().isEmpty() && !a.get(i).name().equals(b.get(i).name())) {
                        throw new SqlException("42P13", "cannot change name of input parameter \"" + a.get(i).name() + "\"",
                            null, "Use DROP FUNCTION " + signature(old) + " first.", 0, null);
                    }
                }
                if (old.defaults() > f.defaults()) {
                    throw new SqlException("42P13", "cannot remove parameter defaults from existing function", null,
                        "Use DROP FUNCTION " + signature(old) + " first.", 0, null);
                }
            }
            final FunctionDef n = new FunctionDef(old != null ? old.oid() : d.oid(), f.name(), nsp.oid(), f.params(),
                f.returnType(), f.returnTypmod(), f.returnsSet(), f.volatility(), f.strict(), f.body(),
                NamespaceDef.SUPERUSER_OID);
            if (old != null) {
                d.b.relTid.put(n.oid(), d.io.update(d.tx, CatalogRows.RELATIONS, d.b.relTid.get(n.oid()), CatalogIo.functionRow(n)));
            } else {
                d.b.relTid.put(n.oid(), d.io.insert(d.tx, CatalogRows.RELATIONS, CatalogIo.functionRow(n)));
            }
            d.b.functions.put(n.oid(), n);
            return n;
        });
    }

    /**
     * DROP FUNCTION name [(types)]: without types the name must be unique (42725 otherwise).
     *
     * @param inputTypes the input types written, null when the argument list was left out
     * @param cascade whether views calling it go too (else 2BP01 while there are any)
     * @param notices PostgreSQL's NOTICE lines of a cascade are added here
     * @return false when {@code ifExists} and there is no such function
     * @throws SqlException 42883 no such function, 42725 a name without types that several functions have
     */
    public static boolean drop(final Catalog catalog, final Transaction tx, final CatalogContext ctx, final String schema,
                               final String name, final List<PgType> inputTypes, final boolean ifExists,
                               final boolean cascade, final List<String> notices) {
        return catalog.ddl(tx, "DROP FUNCTION", d -> {
            final List<FunctionDef> named = d.view().functions(ctx, schema, name);
            FunctionDef f = null;
            if (inputTypes == null) {
                if (named.size() > 1) {
                    throw new SqlException("42725", "function name \"" + name + "\" is not unique", null,
                        "Specify the argument list to select the function unambiguously.", 0, null);
                }
                f = named.isEmpty() ? null : named.get(0);
            } else {
                for (final FunctionDef c : named) {
                    if (c.inputTypes().equals(inputTypes)) {
                        f = c;
                    }
                }
            }
            if (f == null) {
                if (schema != null && d.b.namespace(schema) == null) {
                    if (ifExists) {
                        return false;
                    }
                    throw new SqlException("3F000", "schema \"" + schema + "\" does not exist");
                }
                if (ifExists) {
                    return false;
                }
                final String shown = (schema != null ? schema + "." : "") + name;
                throw new SqlException("42883", inputTypes == null
                    ? "could not find a function named \"" + shown + "\""
                    : "function " + shown + "(" + typeList(inputTypes) + ") does not exist");
            }
            DropCascade.dropObjects(d, 'p', List.of(f.oid()), cascade, notices);
            return true;
        });
    }

    /** {@code name(integer,text)}, as PostgreSQL's hints name a function (format_procedure). */
    public static String signature(final FunctionDef f) {
        final List<String> out = new ArrayList<>();
        for (final PgType t : f.inputTypes()) {
            out.add(SqlTypes.displayName(t));
        }
        return f.name() + "(" + String.join(",", out) + ")";
    }

    static String typeList(final List<PgType> types) {
        final List<String> out = new ArrayList<>();
        for (final PgType t : types) {
            out.add(SqlTypes.displayName(t));
        }
        return String.join(", ", out);
    }

    private static FunctionDef find(final Ddl d, final int nsp, final String name, final List<PgType> inputTypes) {
        for (final FunctionDef f : d.b.functions.values()) {
            if (f.namespaceOid() == nsp && f.name().equals(name) && f.inputTypes().equals(inputTypes)) {
                return f;
            }
        }
        return null;
    }
}
