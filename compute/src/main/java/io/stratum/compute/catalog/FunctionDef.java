package io.stratum.compute.catalog;

import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * A user-defined SQL-language function (pg_proc row of prokind 'f'). Stored as a relation row of kind {@code F}
 * in the catalog heaps (its signature in the options array, its body as the definition), like enum types, so
 * a branch, a point-in-time session and a rolled-back transaction see the functions of their moment. The body
 * is bound again, in the caller's catalog, wherever a statement calls it.
 *
 * @param oid pg_proc.oid
 * @param name proname
 * @param namespaceOid pronamespace
 * @param params every parameter in order (proargmodes: IN, OUT, INOUT, VARIADIC and the TABLE columns)
 * @param returnType prorettype: the single output's type, RECORD for several, VOID
 * @param returnTypmod its typmod (an enum's OID for an enum type; for RECORD the table's row type OID when the
 *     function returns a table's rows), -1 when none
 * @param returnsSet proretset
 * @param volatility provolatile: {@code i}, {@code s} or {@code v}
 * @param strict proisstrict
 * @param body prosrc: the statements as written, or {@code RETURN expr}
 * @param ownerOid proowner
 */
public record FunctionDef(int oid, String name, int namespaceOid, List<Param> params, PgType returnType, int returnTypmod,
                          boolean returnsSet, char volatility, boolean strict, String body, int ownerOid) {
    /**
     * One parameter.
     *
     * @param mode {@code i} IN, {@code o} OUT, {@code b} INOUT, {@code v} VARIADIC, {@code t} a RETURNS TABLE column,
     *     {@code r} a column of the table whose row type the function returns ({@code RETURNS [SETOF] t}; not in pg_proc)
     * @param name its name, empty when unnamed
     * @param type its type
     * @param typmod its typmod, -1 when none
     * @param defaultText its default expression as written, null when none
     */
    public record Param(char mode, String name, PgType type, int typmod, String defaultText) {
        /** Whether the caller passes it (IN, INOUT, VARIADIC). */
        public boolean input() {
            return mode == 'i' || mode == 'b' || mode == 'v';
        }

        /** Whether it is a result column (OUT, INOUT, TABLE). */
        public boolean output() {
            return mode == 'o' || mode == 'b' || mode == 't' || mode == 'r';
        }
    }

    /** The parameters a caller passes, in order. */
    public List<Param> inputs() {
        final List<Param> out = new ArrayList<>();
        for (final Param p : params) {
            if (p.input()) {
                out.add(p);
            }
        }
        return out;
    }

    /** The result columns given by OUT, INOUT and TABLE parameters; empty when the result is {@link #returnType} alone. */
    public List<Param> outputs() {
        final List<Param> out = new ArrayList<>();
        for (final Param p : params) {
            if (p.output()) {
                out.add(p);
            }
        }
        return out;
    }

    /** How many trailing inputs have defaults (pronargdefaults). */
    public int defaults() {
        int n = 0;
        for (final Param p : inputs()) {
            n = p.defaultText() != null ? n + 1 : 0;
        }
        return n;
    }

    /** The input types, in order (proargtypes: what identifies the function among others of its name). */
    public List<PgType> inputTypes() {
        final List<PgType> out = new ArrayList<>();
        for (final Param p : inputs()) {
            out.add(p.type());
        }
        return out;
    }
}
