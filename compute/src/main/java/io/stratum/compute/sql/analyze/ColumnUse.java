package io.stratum.compute.sql.analyze;

import io.stratum.compute.sql.ast.ColumnRef;
import io.stratum.compute.sql.ast.Node;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.Star;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The column names a SELECT block (with its ORDER BY, and every subquery in it, which may refer to its
 * columns) mentions: a table scan of the block needs to decode only columns of those names. None (null)
 * when the block has a {@code *} of its own, whose columns are all needed.
 */
final class ColumnUse {
    private ColumnUse() {
    }

    /** The names, or null when every column may be needed. */
    static Set<String> of(final Object select, final List<?> orderBy) {
        final Set<String> names = new HashSet<>();
        return walk(select, false, names) && walk(orderBy, false, names) ? names : null;
    }

    /** Adds the names below {@code n}; false when a {@code *} of this block (not of a subquery) was met. */
    private static boolean walk(final Object n, final boolean inSubquery, final Set<String> names) {
        if (n instanceof List) {
            for (final Object o : (List<?>) n) {
                if (!walk(o, inSubquery, names)) {
                    return false;
                }
            }
            return true;
        }
        if (!(n instanceof Node)) {
            return true;
        }
        if (n instanceof ColumnRef) {
            names.addAll(((ColumnRef) n).parts()); // a one-part name may be a whole-row reference to a table
            return true;
        }
        if (n instanceof Star && !inSubquery) {
            return false;
        }
        final boolean sub = inSubquery || n instanceof Query;
        final RecordComponent[] cs = n.getClass().getRecordComponents();
        if (cs == null) {
            return true;
        }
        for (final RecordComponent c : cs) {
            final Object v;
            try {
                v = c.getAccessor().invoke(n);
            } catch (final ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if ((v instanceof Node || v instanceof List) && !walk(v, sub, names)) {
                return false;
            }
        }
        return true;
    }
}
