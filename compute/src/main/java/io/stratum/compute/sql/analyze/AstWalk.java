package io.stratum.compute.sql.analyze;

import io.stratum.compute.sql.ast.Node;
import io.stratum.compute.sql.ast.Query;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** Generic walks over the parser's record AST: search (not into subqueries) and equality ignoring positions. */
final class AstWalk {
    private AstWalk() {
    }

    private static Object get(final RecordComponent c, final Object o) {
        try {
            return c.getAccessor().invoke(o);
        } catch (final ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code p} holds for {@code n} or a node below it (subqueries excluded). */
    static boolean any(final Object n, final Predicate<Object> p) {
        if (n == null) {
            return false;
        }
        if (n instanceof List) {
            for (final Object o : (List<?>) n) {
                if (any(o, p)) {
                    return true;
                }
            }
            return false;
        }
        if (!(n instanceof Node)) {
            return false;
        }
        if (p.test(n)) {
            return true;
        }
        if (n instanceof Query) {
            return false;
        }
        final RecordComponent[] cs = n.getClass().getRecordComponents();
        if (cs == null) {
            return false;
        }
        for (final RecordComponent c : cs) {
            final Object v = get(c, n);
            if ((v instanceof Node || v instanceof List) && !(v instanceof Query) && any(v, p)) {
                return true;
            }
        }
        return false;
    }

    /** Structural equality ignoring {@code pos}. */
    static boolean same(final Object a, final Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof List && b instanceof List) {
            final List<?> x = (List<?>) a;
            final List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.getClass() != b.getClass()) {
            return false;
        }
        if (!(a instanceof Node) || !a.getClass().isRecord()) {
            return Objects.equals(a, b);
        }
        for (final RecordComponent c : a.getClass().getRecordComponents()) {
            if (c.getName().equals("pos")) {
                continue;
            }
            if (!same(get(c, a), get(c, b))) {
                return false;
            }
        }
        return true;
    }
}
