package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * A table function: {@code [LATERAL] generate_series(1, 3) [WITH ORDINALITY] [AS] g(i)},
 *     {@code unnest(arr) AS u(x)}, {@code information_schema._pg_expandarray(a)}.
 *
 * @param call the function call
 * @param lateral {@code LATERAL} written (functions may refer to earlier items anyway)
 * @param withOrdinality {@code WITH ORDINALITY}
 * @param alias alias, null when none (the function name is used)
 * @param columnAliases column aliases, empty when none
 * @param columnDefs a column definition list {@code AS t(a int, b text)} for record-returning functions, empty otherwise
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record FunctionRef(
        FuncCall call,
        boolean lateral,
        boolean withOrdinality,
        String alias,
        List<String> columnAliases,
        List<ColumnDef> columnDefs,
        int pos) implements FromItem {}
