package io.stratum.compute.engine;

import io.stratum.compute.BranchFunctions;
import io.stratum.compute.session.SqlException;
import io.stratum.wal.StratumException;

/**
 * The {@code stratum_branch_*} SQL functions, on the session's {@link BranchFunctions}:
 * {@code stratum_branch_create(name [, from [, at]])} answers the new branch's connection string,
 * {@code stratum_branch_merge(source [, into [, resolve]])} the merge as JSON, and the set-returning
 * {@code stratum_branch_list()} and {@code stratum_diff(from, to, table)} their rows. A branch error is
 * reported with the SQLSTATE of its kind. Threads: the caller's (the functions may wait for the page server).
 */
final class BranchSql {
    private BranchSql() {
    }

    static Object call(final BranchFunctions fns, final String f, final Object[] a) {
        if (fns == null) {
            throw new SqlException("0A000", f + "() is not available: this compute has no branch manager",
                null, "Branch functions work on a compute of the local cluster (stratum start).", 0, null);
        }
        try {
            return switch (f) {
                case "stratum_branch_create" -> {
                    args(f, a, 1, 3);
                    yield fns.create(text(a, 0), a.length > 1 && a[1] != null ? (String) a[1] : "main", text(a, 2));
                }
                case "stratum_branch_merge" -> {
                    args(f, a, 1, 3);
                    yield fns.merge(text(a, 0), text(a, 1), text(a, 2));
                }
                case "stratum_branch_list" -> fns.list();
                default -> fns.diff(text(a, 0), text(a, 1), text(a, 2));
            };
        } catch (final StratumException e) {
            throw new SqlException(sqlState(e), e.getMessage());
        }
    }

    private static void args(final String f, final Object[] a, final int min, final int max) {
        if (a.length < min || a.length > max || a[0] == null) {
            throw new SqlException("22023", f + "() takes " + min + " to " + max + " arguments, the first not null");
        }
    }

    private static String text(final Object[] a, final int i) {
        return i < a.length && a[i] != null ? a[i].toString() : null;
    }

    private static String sqlState(final StratumException e) {
        return switch (e.code()) {
            case NOT_FOUND -> "42704";
            case ALREADY_EXISTS -> "42710";
            case INVALID_ARGUMENT, OUT_OF_RANGE -> "22023";
            case CONFLICT -> "55000";
            case UNAVAILABLE -> "57P03";
            case TIMEOUT -> "57014";
            default -> "XX000";
        };
    }
}
