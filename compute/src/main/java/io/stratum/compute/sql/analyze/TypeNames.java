package io.stratum.compute.sql.analyze;

import io.stratum.compute.sql.ast.TypeName;
import io.stratum.compute.types.PgType;

/** Type names of DDL and casts to types and type modifiers. */
public final class TypeNames {
    private TypeNames() {
    }

    public static PgType type(final TypeName t) {
        return ExprBinder.type(t, t.pos());
    }

    public static int typmod(final TypeName t) {
        return ExprBinder.typmod(t);
    }

    public static boolean serial(final TypeName t) {
        return t.name().equals("serial") || t.name().equals("bigserial") || t.name().equals("smallserial");
    }
}
