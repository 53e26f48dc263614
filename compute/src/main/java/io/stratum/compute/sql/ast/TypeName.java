package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * A type as written in a cast, column definition or typed literal: {@code int}, {@code varchar(20)},
 *     {@code numeric(10,2)}, {@code text[]}, {@code pg_catalog.regclass}, {@code timestamp(3) with time zone}.
 *     <p>The parser resolves SQL-standard spellings to PostgreSQL's internal names: {@code integer}/{@code int}
 *     -> {@code int4}, {@code bigint} -> {@code int8}, {@code smallint} -> {@code int2}, {@code real} ->
 *     {@code float4}, {@code double precision} and {@code float} -> {@code float8} ({@code float(p)}: p <= 24
 *     -> {@code float4}), {@code boolean} -> {@code bool}, {@code character varying}/{@code varchar} ->
 *     {@code varchar}, {@code character}/{@code char}/{@code nchar} -> {@code bpchar} (no length: [1]),
 *     {@code decimal}/{@code dec} -> {@code numeric}, {@code timestamp with time zone} -> {@code timestamptz},
 *     {@code timestamp [without time zone]} -> {@code timestamp}, {@code time with time zone} -> {@code timetz},
 *     {@code time} -> {@code time}, {@code bit varying} -> {@code varbit}, {@code bit} -> {@code bit} (no
 *     length: [1]), {@code interval [fields]} -> {@code interval} (fields dropped); {@code serial},
 *     {@code bigserial}, {@code smallserial} (and {@code serial4}/{@code serial8}/{@code serial2}) are kept
 *     as {@code serial}/{@code bigserial}/{@code smallserial} for the binder; the quoted {@code "char"} is
 *     {@code char} (the one-byte type). Any other name is kept as written (lower-cased unless quoted):
 *     {@code int4}, {@code text}, {@code regclass}, {@code name}, {@code oid}, ...
 *
 * @param schema schema when written qualified ({@code pg_catalog.int4}), else null
 * @param name PostgreSQL's canonical type name: the parser maps SQL-standard spellings (see above)
 * @param modifiers type modifiers: {@code varchar(20)} = [20], {@code numeric(10,2)} = [10, 2]; empty when none
 * @param arrayDims number of {@code []} (or {@code ARRAY}) suffixes; 0 for a scalar type
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record TypeName(
        String schema,
        String name,
        List<Integer> modifiers,
        int arrayDims,
        int pos) implements Node {
    /** An unqualified scalar type without modifiers. */
    public static TypeName of(final String name, final int pos) {
        return new TypeName(null, name, List.of(), 0, pos);
    }
}
