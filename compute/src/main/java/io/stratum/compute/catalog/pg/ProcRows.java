package io.stratum.compute.catalog.pg;

import static io.stratum.compute.catalog.pg.SysRel.i2;
import static io.stratum.compute.catalog.pg.SysRel.oid;

import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.FunctionDef;
import io.stratum.compute.catalog.NamespaceDef;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * pg_proc rows of the user's SQL functions, and what psql's {@code \df} and {@code \sf} read of them:
 * pg_get_function_arguments, pg_get_function_identity_arguments, pg_get_function_result and pg_get_functiondef,
 * formatted as PostgreSQL's ruleutils does.
 */
public final class ProcRows {
    /** pg_language.oid of {@code sql}. */
    private static final int SQL_LANGUAGE = 14;

    private ProcRows() {
    }

    static void rows(final CatalogSnapshot s, final SysRel.Rows out) {
        for (final FunctionDef f : s.functions()) {
            final List<FunctionDef.Param> in = f.inputs();
            final List<FunctionDef.Param> listed = f.params().stream().filter(p -> p.mode() != 'r').toList();
            final boolean outs = in.size() != listed.size();
            final Object[] argTypes = new Object[in.size()];
            for (int i = 0; i < argTypes.length; i++) {
                argTypes[i] = oid(typeOid(in.get(i)));
            }
            Object[] all = null;
            Object[] modes = null;
            if (outs) {
                all = new Object[listed.size()];
                modes = new Object[all.length];
                for (int i = 0; i < all.length; i++) {
                    all[i] = oid(typeOid(listed.get(i)));
                    modes[i] = String.valueOf(listed.get(i).mode());
                }
            }
            Object[] names = null;
            if (listed.stream().anyMatch(p -> !p.name().isEmpty())) {
                names = listed.stream().map(FunctionDef.Param::name).toArray();
            }
            out.add().set("oid", oid(f.oid())).set("proname", f.name()).set("pronamespace", oid(f.namespaceOid()))
                .set("proowner", oid(f.ownerOid())).set("prolang", oid(SQL_LANGUAGE)).set("procost", 100.0f)
                .set("prorows", f.returnsSet() ? 1000.0f : 0.0f).set("provariadic", oid(0)).set("prosupport", oid(0))
                .set("prokind", "f").set("prosecdef", false).set("proleakproof", false).set("proisstrict", f.strict())
                .set("proretset", f.returnsSet()).set("provolatile", String.valueOf(f.volatility())).set("proparallel", "u")
                .set("pronargs", i2(in.size())).set("pronargdefaults", i2(f.defaults()))
                .set("prorettype", oid(returnOid(f)))
                .set("proargtypes", argTypes).set("proallargtypes", all).set("proargmodes", modes).set("proargnames", names)
                .set("prosrc", f.body());
        }
    }

    private static long returnOid(final FunctionDef f) {
        return f.returnType() == PgType.ENUM || f.returnType() == PgType.RECORD && f.returnTypmod() > 0
            ? f.returnTypmod() : f.returnType().oid();
    }

    private static long typeOid(final FunctionDef.Param p) {
        return p.type() == PgType.ENUM ? p.typmod() : p.type().oid();
    }

    /** The function of {@code oid}, or null when it is none of the user's. */
    public static FunctionDef function(final CatalogSnapshot s, final long oid) {
        return oid < 0 || oid > Integer.MAX_VALUE ? null : s.function((int) oid);
    }

    /**
     * regproc input: a user function of that name (schema-qualified or on the search path), else a built-in
     * pg_proc lists, else 0 (Stratum does not list every built-in function).
     */
    public static long regprocIn(final CatalogSnapshot s, final io.stratum.compute.catalog.CatalogContext ctx, final String text) {
        final String v = text.strip();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(v);
        }
        final int dot = v.indexOf('.');
        final String schema = dot > 0 ? Idents.unquoteOrFold(v.substring(0, dot)) : null;
        final String name = Idents.unquoteOrFold(dot > 0 ? v.substring(dot + 1) : v);
        if (!"pg_catalog".equals(schema)) {
            final List<FunctionDef> fs = s.functions(ctx, schema, name);
            if (fs.size() > 1) {
                throw new io.stratum.compute.session.SqlException("42725", "more than one function named \"" + v + "\"");
            }
            if (fs.size() == 1) {
                return fs.get(0).oid();
            }
        }
        final long oid = MiscRows.procOid(name);
        return oid < 0 ? 0 : oid;
    }

    /** regproc output: a user function's name (qualified when not on the search path's first schema), else as built-ins. */
    public static String regprocOut(final CatalogSnapshot s, final long oid) {
        final FunctionDef f = function(s, oid);
        return f == null ? CatalogFunctions.regprocOut(oid) : f.name();
    }

    private static String type(final CatalogSnapshot s, final FunctionDef.Param p) {
        return CatalogFunctions.formatType(s, typeOid(p), null);
    }

    /** pg_get_function_arguments ({@code defaults}) or pg_get_function_identity_arguments. */
    public static String arguments(final CatalogSnapshot s, final FunctionDef f, final boolean defaults) {
        final List<String> out = new ArrayList<>();
        for (final FunctionDef.Param p : f.params()) {
            if (p.mode() == 't' || p.mode() == 'r' || !defaults && p.mode() == 'o') {
                continue;
            }
            final String mode = p.mode() == 'o' ? "OUT " : p.mode() == 'b' ? "INOUT " : "";
            out.add(mode + (p.name().isEmpty() ? "" : p.name() + " ") + type(s, p)
                + (defaults && p.defaultText() != null ? " DEFAULT " + defaultText(s, p) : ""));
        }
        return String.join(", ", out);
    }

    /** A default as ruleutils deparses it: a string literal gets its parameter's type ({@code 'z'::text}). */
    private static String defaultText(final CatalogSnapshot s, final FunctionDef.Param p) {
        final String d = p.defaultText().strip();
        final boolean literal = d.length() >= 2 && d.charAt(0) == '\'' && d.charAt(d.length() - 1) == '\''
            && d.substring(1, d.length() - 1).replace("''", "").indexOf('\'') < 0;
        return literal ? d + "::" + type(s, p) : d;
    }

    /** pg_get_function_result: {@code integer}, {@code SETOF text}, {@code TABLE(a integer, b text)}, {@code record}. */
    public static String result(final CatalogSnapshot s, final FunctionDef f) {
        final List<String> table = new ArrayList<>();
        for (final FunctionDef.Param p : f.params()) {
            if (p.mode() == 't') {
                table.add(p.name() + " " + type(s, p));
            }
        }
        if (!table.isEmpty()) {
            return "TABLE(" + String.join(", ", table) + ")";
        }
        final String t = CatalogFunctions.formatType(s, returnOid(f), null);
        return (f.returnsSet() ? "SETOF " : "") + t;
    }

    /** pg_get_functiondef: the CREATE OR REPLACE FUNCTION that makes the function again. */
    public static String definition(final CatalogSnapshot s, final FunctionDef f) {
        final NamespaceDef n = s.namespace(f.namespaceOid());
        final StringBuilder sb = new StringBuilder("CREATE OR REPLACE FUNCTION ").append(n == null ? "" : n.name() + ".")
            .append(f.name()).append('(').append(arguments(s, f, true)).append(")\n RETURNS ").append(result(s, f))
            .append("\n LANGUAGE sql\n");
        if (f.volatility() != 'v') {
            sb.append(f.volatility() == 'i' ? " IMMUTABLE\n" : " STABLE\n");
        }
        if (f.strict()) {
            sb.append(" STRICT\n");
        }
        final String b = f.body().strip();
        if (b.regionMatches(true, 0, "return", 0, 6)) {
            return sb.append(b).append('\n').toString();
        }
        return sb.append("AS $function$").append(f.body()).append("$function$\n").toString();
    }
}
