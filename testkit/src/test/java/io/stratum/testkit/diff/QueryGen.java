package io.stratum.testkit.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small SQLancer-style generator: random tables (NULLs and edge values), typed random expressions and
 * queries over them (joins, subqueries, aggregates, set operations). {@code safe} expressions cannot raise
 * errors (no arithmetic), so where the servers evaluate in a different order (joins, predicates) only
 * results are compared; the expression area uses everything, including overflow, division by zero and casts.
 */
final class QueryGen {
    enum T { INT, BIGINT, NUMERIC, FLOAT, TEXT, BOOL }

    record Col(String name, T type) {
    }

    record Table(String name, List<Col> cols) {
    }

    private static final T[] TYPES = T.values();
    private final Random r;
    final List<Table> tables = new ArrayList<>();
    /** Copies of {@link #tables} (same columns and rows) that only {@link #dmlStatements()} changes. */
    final List<Table> mutable = new ArrayList<>();

    QueryGen(final long seed) {
        this.r = new Random(seed);
    }

    // ---------------------------------------------------------------- schema and data

    /** DDL and INSERTs for {@code n} fresh tables g_t0.. (the previous ones dropped first). */
    List<String> schema(final int n, final int rows) {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("DROP TABLE IF EXISTS g_t" + i);
            out.add("DROP TABLE IF EXISTS g_m" + i);
        }
        tables.clear();
        mutable.clear();
        for (int i = 0; i < n; i++) {
            final List<Col> cols = new ArrayList<>();
            final int nc = 2 + r.nextInt(3);
            for (int c = 0; c < nc; c++) {
                cols.add(new Col("c" + c, c == 0 ? T.INT : TYPES[r.nextInt(TYPES.length)]));
            }
            final Table t = new Table("g_t" + i, cols);
            tables.add(t);
            final StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(t.name()).append(" (");
            for (int c = 0; c < nc; c++) {
                ddl.append(c > 0 ? ", " : "").append(cols.get(c).name()).append(' ').append(sqlType(cols.get(c).type()));
            }
            out.add(ddl.append(')').toString());
            // a copy that only the DML area changes: an UPDATE moves rows in the heap, and the order rows are
            // scanned in decides which row's error a failing query reports first
            final Table m = new Table("g_m" + i, cols);
            mutable.add(m);
            out.add(ddl.toString().replaceFirst(t.name(), m.name()));
            final int nr = r.nextInt(rows + 1);
            if (nr > 0) {
                final StringBuilder ins = new StringBuilder("INSERT INTO ").append(t.name()).append(" VALUES ");
                for (int k = 0; k < nr; k++) {
                    ins.append(k > 0 ? ", " : "").append('(');
                    for (int c = 0; c < nc; c++) {
                        ins.append(c > 0 ? ", " : "").append(value(cols.get(c).type()));
                    }
                    ins.append(')');
                }
                out.add(ins.toString());
                out.add(ins.toString().replaceFirst(t.name(), m.name()));
            }
        }
        return out;
    }

    static String sqlType(final T t) {
        return switch (t) {
            case INT -> "int";
            case BIGINT -> "bigint";
            case NUMERIC -> "numeric";
            case FLOAT -> "double precision";
            case TEXT -> "text";
            case BOOL -> "boolean";
        };
    }

    private static final String[] INTS = {"0", "1", "-1", "2", "7", "42", "-3", "100", "2147483647", "-2147483648"};
    private static final String[] BIGINTS = {"0", "1", "-1", "5", "1000000000000", "9223372036854775807",
        "-9223372036854775808"};
    private static final String[] NUMERICS = {"0", "1.5", "-2.25", "0.001", "100", "12345678901234567890.12", "-0.5",
        "'NaN'", "'Infinity'", "'-Infinity'"};
    private static final String[] FLOATS = {"0", "0.5", "-1.25", "1e10", "3.141592653589793", "-0.1", "'Infinity'",
        "'-Infinity'", "'NaN'"};
    private static final String[] TEXTS = {"''", "'a'", "'abc'", "'A b'", "'abc '", "'%'", "'_x'", "'Zz'", "'10'", "'-'"};

    String value(final T t) {
        if (r.nextInt(5) == 0) {
            return "NULL";
        }
        return switch (t) {
            case INT -> pick(INTS);
            case BIGINT -> pick(BIGINTS);
            case NUMERIC -> pick(NUMERICS);
            case FLOAT -> pick(FLOATS);
            case TEXT -> pick(TEXTS);
            case BOOL -> r.nextBoolean() ? "true" : "false";
        };
    }

    private String pick(final String[] a) {
        return a[r.nextInt(a.length)];
    }

    // ---------------------------------------------------------------- expressions

    /** The columns visible to an expression: qualified names of the tables in scope. */
    record Scope(List<String> names, List<T> types) {
        static Scope of(final List<Table> ts, final List<String> aliases) {
            final List<String> n = new ArrayList<>();
            final List<T> ty = new ArrayList<>();
            for (int i = 0; i < ts.size(); i++) {
                for (final Col c : ts.get(i).cols()) {
                    n.add(aliases.get(i) + "." + c.name());
                    ty.add(c.type());
                }
            }
            return new Scope(n, ty);
        }
    }

    private String column(final Scope s, final T t) {
        final List<String> fit = new ArrayList<>();
        for (int i = 0; i < s.names().size(); i++) {
            if (s.types().get(i) == t) {
                fit.add(s.names().get(i));
            }
        }
        return fit.isEmpty() ? null : fit.get(r.nextInt(fit.size()));
    }

    String expr(final T t, final Scope s, final int depth, final boolean safe) {
        if (depth <= 0 || r.nextInt(4) == 0) {
            final String c = r.nextInt(3) > 0 ? column(s, t) : null;
            if (c != null) {
                return c;
            }
            final String v = value(t);
            return "NULL".equals(v) ? "NULL::" + sqlType(t) : literal(t, v);
        }
        final int d = depth - 1;
        switch (r.nextInt(6)) {
            case 0:
                return "CASE WHEN " + bool(s, d, safe) + " THEN " + expr(t, s, d, safe) + " ELSE " + expr(t, s, d, safe) + " END";
            case 1:
                return "COALESCE(" + expr(t, s, d, safe) + ", " + expr(t, s, d, safe) + ")";
            case 2:
                return "NULLIF(" + expr(t, s, d, safe) + ", " + expr(t, s, d, safe) + ")";
            default:
                break;
        }
        return switch (t) {
            case BOOL -> bool(s, d, safe);
            case TEXT -> text(s, d, safe);
            case INT, BIGINT -> integer(t, s, d, safe);
            case NUMERIC -> numeric(s, d, safe);
            case FLOAT -> floating(s, d, safe);
        };
    }

    private static String literal(final T t, final String v) {
        return switch (t) {
            case INT -> v.startsWith("-") ? "(" + v + ")" : v;
            case BIGINT -> "(" + v + ")::bigint";
            case NUMERIC -> "(" + v + ")::numeric";
            case FLOAT -> "(" + v + ")::float8";
            default -> v;
        };
    }

    private String integer(final T t, final Scope s, final int d, final boolean safe) {
        final int k = r.nextInt(safe ? 4 : 11);
        return switch (k) {
            case 0 -> "GREATEST(" + expr(t, s, d, safe) + ", " + expr(t, s, d, safe) + ")";
            case 1 -> "LEAST(" + expr(t, s, d, safe) + ", " + expr(t, s, d, safe) + ")";
            case 2 -> t == T.INT ? "length(" + expr(T.TEXT, s, d, safe) + ")" : expr(T.INT, s, d, safe) + "::bigint";
            case 3 -> t == T.INT ? "position('a' in " + expr(T.TEXT, s, d, safe) + ")" : "(" + expr(T.INT, s, d, safe) + ")::int8";
            case 4 -> "(" + expr(t, s, d, safe) + " + " + expr(t, s, d, safe) + ")";
            case 5 -> "(" + expr(t, s, d, safe) + " - " + expr(t, s, d, safe) + ")";
            case 6 -> "(" + expr(t, s, d, safe) + " * " + expr(t, s, d, safe) + ")";
            case 7 -> "(" + expr(t, s, d, safe) + " / " + expr(t, s, d, safe) + ")";
            case 8 -> "(" + expr(t, s, d, safe) + " % " + expr(t, s, d, safe) + ")";
            case 9 -> "abs(" + expr(t, s, d, safe) + ")";
            default -> "(" + (t == T.INT ? expr(T.BIGINT, s, d, safe) + ")::int" : expr(T.NUMERIC, s, d, safe) + ")::bigint");
        };
    }

    private String numeric(final Scope s, final int d, final boolean safe) {
        final int k = r.nextInt(safe ? 2 : 8);
        return switch (k) {
            case 0 -> "GREATEST(" + expr(T.NUMERIC, s, d, safe) + ", " + expr(T.NUMERIC, s, d, safe) + ")";
            case 1 -> expr(T.INT, s, d, safe) + "::numeric";
            case 2 -> "(" + expr(T.NUMERIC, s, d, safe) + " + " + expr(T.NUMERIC, s, d, safe) + ")";
            case 3 -> "(" + expr(T.NUMERIC, s, d, safe) + " * " + expr(T.INT, s, d, safe) + ")";
            case 4 -> "(" + expr(T.NUMERIC, s, d, safe) + " / " + expr(T.NUMERIC, s, d, safe) + ")";
            case 5 -> "round(" + expr(T.NUMERIC, s, d, safe) + ", " + r.nextInt(4) + ")";
            case 6 -> "trunc(" + expr(T.NUMERIC, s, d, safe) + ")";
            default -> "(" + expr(T.NUMERIC, s, d, safe) + " - " + expr(T.BIGINT, s, d, safe) + ")";
        };
    }

    private String floating(final Scope s, final int d, final boolean safe) {
        final int k = r.nextInt(safe ? 2 : 5);
        return switch (k) {
            case 0 -> "LEAST(" + expr(T.FLOAT, s, d, safe) + ", " + expr(T.FLOAT, s, d, safe) + ")";
            case 1 -> expr(T.INT, s, d, safe) + "::float8";
            case 2 -> "(" + expr(T.FLOAT, s, d, safe) + " + " + expr(T.FLOAT, s, d, safe) + ")";
            case 3 -> "(" + expr(T.FLOAT, s, d, safe) + " * " + expr(T.FLOAT, s, d, safe) + ")";
            default -> "(" + expr(T.FLOAT, s, d, safe) + " / " + expr(T.FLOAT, s, d, safe) + ")";
        };
    }

    private String text(final Scope s, final int d, final boolean safe) {
        final int k = r.nextInt(safe ? 8 : 9);
        return switch (k) {
            case 0 -> "(" + expr(T.TEXT, s, d, safe) + " || " + expr(T.TEXT, s, d, safe) + ")";
            case 1 -> "lower(" + expr(T.TEXT, s, d, safe) + ")";
            case 2 -> "upper(" + expr(T.TEXT, s, d, safe) + ")";
            case 3 -> "substr(" + expr(T.TEXT, s, d, safe) + ", " + (r.nextInt(4) - 1) + ")";
            case 4 -> "replace(" + expr(T.TEXT, s, d, safe) + ", 'a', 'xy')";
            case 5 -> expr(T.INT, s, d, safe) + "::text";
            case 6 -> "trim(" + expr(T.TEXT, s, d, safe) + ")";
            case 7 -> "concat(" + expr(T.TEXT, s, d, safe) + ", " + expr(T.BOOL, s, d, safe) + ")";
            default -> "repeat(" + expr(T.TEXT, s, d, safe) + ", " + (r.nextInt(5) - 1) + ")";
        };
    }

    String bool(final Scope s, final int d, final boolean safe) {
        if (d <= 0) {
            return compare(s, 0, safe);
        }
        final int k = r.nextInt(13);
        final T any = TYPES[r.nextInt(TYPES.length)];
        return switch (k) {
            case 0, 1 -> compare(s, d - 1, safe);
            case 2 -> "(" + bool(s, d - 1, safe) + " AND " + bool(s, d - 1, safe) + ")";
            case 3 -> "(" + bool(s, d - 1, safe) + " OR " + bool(s, d - 1, safe) + ")";
            case 4 -> "(NOT " + bool(s, d - 1, safe) + ")";
            case 5 -> "(" + expr(any, s, d - 1, safe) + (r.nextBoolean() ? " IS NULL)" : " IS NOT NULL)");
            case 6 -> "(" + bool(s, d - 1, safe) + " IS " + (r.nextBoolean() ? "NOT " : "")
                + pick(new String[] {"TRUE", "FALSE", "UNKNOWN"}) + ")";
            case 7 -> "(" + expr(any, s, d - 1, safe) + " IS " + (r.nextBoolean() ? "NOT " : "") + "DISTINCT FROM "
                + expr(any, s, d - 1, safe) + ")";
            case 8 -> {
                final T o = r.nextBoolean() ? T.INT : T.TEXT;
                yield "(" + expr(o, s, d - 1, safe) + (r.nextBoolean() ? " NOT" : "") + " BETWEEN " + expr(o, s, d - 1, safe)
                    + " AND " + expr(o, s, d - 1, safe) + ")";
            }
            case 9 -> {
                final T o = r.nextBoolean() ? T.INT : T.TEXT;
                yield "(" + expr(o, s, d - 1, safe) + (r.nextBoolean() ? " NOT" : "") + " IN (" + expr(o, s, d - 1, safe) + ", "
                    + expr(o, s, d - 1, safe) + (r.nextBoolean() ? ", NULL" : "") + "))";
            }
            case 10 -> "(" + expr(T.TEXT, s, d - 1, safe) + (r.nextBoolean() ? " LIKE " : " NOT LIKE ")
                + pick(new String[] {"'a%'", "'%b%'", "'_'", "'%'", "'A%'", "''"}) + ")";
            default -> {
                final String c = column(s, T.BOOL);
                yield c != null ? c : compare(s, d - 1, safe);
            }
        };
    }

    private String compare(final Scope s, final int d, final boolean safe) {
        final T t = TYPES[r.nextInt(TYPES.length)];
        if (t == T.BOOL) {
            return "(" + expr(T.BOOL, s, d, safe) + " = " + expr(T.BOOL, s, d, safe) + ")";
        }
        return "(" + expr(t, s, d, safe) + " " + pick(new String[] {"=", "<>", "<", "<=", ">", ">="}) + " " + expr(t, s, d, safe) + ")";
    }

    // ---------------------------------------------------------------- queries

    Table table() {
        return tables.get(r.nextInt(tables.size()));
    }

    /** SELECT of random expressions over one table: the place for arithmetic, casts and their errors. */
    String expressionQuery() {
        final Table t = table();
        final Scope s = Scope.of(List.of(t), List.of(t.name()));
        final StringBuilder sb = new StringBuilder("SELECT ");
        final int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append(expr(TYPES[r.nextInt(TYPES.length)], s, 3, false)).append(" AS e").append(i);
        }
        return sb.append(" FROM ").append(t.name()).toString();
    }

    /** A FROM clause of one to three tables joined in random ways, with its scope. */
    record From(String sql, Scope scope, List<Table> tables, List<String> aliases) {
    }

    From from(final int maxTables) {
        final int n = 1 + r.nextInt(maxTables);
        final List<Table> ts = new ArrayList<>();
        final List<String> as = new ArrayList<>();
        final StringBuilder sb = new StringBuilder();
        int group = 0;
        for (int i = 0; i < n; i++) {
            final Table t = table();
            ts.add(t);
            as.add("a" + i);
            if (i == 0) {
                sb.append(t.name()).append(" a0");
                continue;
            }
            final int k = r.nextInt(6);
            if (k == 0) {
                // a comma starts a new join group: later ON clauses cannot see the tables before it
                sb.append(", ").append(t.name()).append(" a").append(i);
                group = i;
                continue;
            }
            if (k == 1) {
                sb.append(" CROSS JOIN ").append(t.name()).append(" a").append(i);
                continue;
            }
            final String kind = pick(new String[] {" JOIN ", " LEFT JOIN ", " RIGHT JOIN ", " FULL JOIN ", " LEFT JOIN "});
            sb.append(kind).append(t.name()).append(" a").append(i).append(" ON ");
            final Scope on = Scope.of(ts.subList(group, i + 1), as.subList(group, i + 1));
            // PostgreSQL runs FULL JOIN only on merge- or hash-joinable conditions (0A000 otherwise): equalities
            sb.append(r.nextBoolean() || kind.equals(" FULL JOIN ") ? "a" + (i - 1 - r.nextInt(i - group)) + ".c0 = a" + i + ".c0"
                : bool(on, 2, true));
        }
        return new From(sb.toString(), Scope.of(ts, as), ts, as);
    }

    private String selectList(final Scope s, final int n) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append(expr(TYPES[r.nextInt(TYPES.length)], s, 2, true)).append(" AS s").append(i);
        }
        return sb.toString();
    }

    /** SELECT over a join with a WHERE clause. */
    String joinQuery() {
        final From f = from(3);
        return "SELECT " + (r.nextInt(4) == 0 ? "DISTINCT " : "") + selectList(f.scope(), 1 + r.nextInt(3)) + " FROM " + f.sql()
            + (r.nextBoolean() ? " WHERE " + bool(f.scope(), 3, true) : "");
    }

    /** A predicate with a subquery: IN / NOT IN, EXISTS, scalar, ANY/ALL, correlated or not. */
    String subqueryPredicate(final Scope outer) {
        final Table t = table();
        final Scope inner = Scope.of(List.of(t), List.of("i"));
        final List<String> n = new ArrayList<>(outer.names());
        n.addAll(inner.names());
        final List<T> ty = new ArrayList<>(outer.types());
        ty.addAll(inner.types());
        final Scope both = new Scope(n, ty);
        final String where = r.nextBoolean() ? " WHERE " + bool(r.nextBoolean() ? both : inner, 2, true) : "";
        return switch (r.nextInt(5)) {
            case 0 -> "(" + expr(T.INT, outer, 1, true) + (r.nextBoolean() ? " NOT" : "") + " IN (SELECT i.c0 FROM " + t.name()
                + " i" + where + "))";
            case 1 -> "(" + (r.nextBoolean() ? "NOT " : "") + "EXISTS (SELECT 1 FROM " + t.name() + " i" + where + "))";
            case 2 -> "(" + expr(T.INT, outer, 1, true) + " " + pick(new String[] {"=", "<", ">="}) + " (SELECT max(i.c0) FROM "
                + t.name() + " i" + where + "))";
            case 3 -> "(" + expr(T.INT, outer, 1, true) + " " + pick(new String[] {"=", "<>", "<"}) + " "
                + pick(new String[] {"ANY", "ALL", "SOME"}) + " (SELECT i.c0 FROM " + t.name() + " i" + where + "))";
            default -> "((SELECT count(*) FROM " + t.name() + " i" + where + ") > " + r.nextInt(3) + ")";
        };
    }

    String subqueryQuery() {
        final From f = from(2);
        String p = subqueryPredicate(f.scope());
        if (r.nextBoolean()) {
            p = "(" + p + (r.nextBoolean() ? " AND " : " OR ") + bool(f.scope(), 2, true) + ")";
        }
        return "SELECT " + selectList(f.scope(), 1 + r.nextInt(2)) + " FROM " + f.sql() + " WHERE " + p;
    }

    /** GROUP BY with aggregates and HAVING. */
    String aggregateQuery() {
        final From f = from(2);
        final T gt = TYPES[r.nextInt(TYPES.length)];
        final String g = expr(gt, f.scope(), 1, true);
        final boolean grouped = r.nextInt(4) > 0;
        final StringBuilder sb = new StringBuilder("SELECT ");
        if (grouped) {
            sb.append(g).append(" AS g, ");
        }
        final String[] aggs = {"count(*)", "count(%s)", "count(DISTINCT %s)", "min(%s)", "max(%s)"};
        final int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            final T t = TYPES[r.nextInt(TYPES.length)];
            final String arg = expr(t, f.scope(), 1, true);
            final int k = r.nextInt(8);
            final String a;
            if (k < aggs.length) {
                a = String.format(aggs[k], arg);
            } else if (k == 5) {
                a = "sum(" + expr(r.nextBoolean() ? T.INT : T.NUMERIC, f.scope(), 1, true) + ")";
            } else if (k == 6) {
                a = "avg(" + expr(r.nextBoolean() ? T.INT : T.NUMERIC, f.scope(), 1, true) + ")";
            } else {
                a = pick(new String[] {"bool_and", "bool_or"}) + "(" + bool(f.scope(), 1, true) + ")";
            }
            sb.append(i > 0 ? ", " : "").append(a).append(" AS a").append(i);
        }
        sb.append(" FROM ").append(f.sql());
        if (r.nextBoolean()) {
            sb.append(" WHERE ").append(bool(f.scope(), 2, true));
        }
        if (grouped) {
            sb.append(" GROUP BY ").append(r.nextBoolean() ? "1" : g);
            if (r.nextBoolean()) {
                sb.append(" HAVING count(*) ").append(pick(new String[] {">", "<=", "="})).append(' ').append(r.nextInt(3));
            }
        }
        return sb.toString();
    }

    /**
     * Window functions whose values do not depend on the order of ties: aggregates over a partition (no
     * float sums), rank / dense_rank, and running aggregates over ORDER BY with the default frame.
     */
    String windowQuery() {
        final From f = from(2);
        final String part = expr(pick(new T[] {T.INT, T.TEXT, T.BOOL}), f.scope(), 1, true);
        final String ord = expr(pick(new T[] {T.INT, T.TEXT, T.BIGINT}), f.scope(), 1, true);
        final String over = r.nextBoolean() ? "PARTITION BY " + part : "";
        final StringBuilder sb = new StringBuilder("SELECT ").append(expr(T.INT, f.scope(), 1, true)).append(" AS k");
        final int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(", ");
            switch (r.nextInt(6)) {
                case 0 -> sb.append("count(*) OVER (").append(over).append(')');
                case 1 -> sb.append("sum(").append(expr(pick(new T[] {T.INT, T.NUMERIC}), f.scope(), 1, true)).append(") OVER (")
                    .append(over).append(')');
                case 2 -> sb.append(pick(new String[] {"min", "max"})).append('(').append(expr(pick(new T[] {T.INT, T.TEXT}),
                    f.scope(), 1, true)).append(") OVER (").append(over).append(')');
                case 3 -> sb.append(pick(new String[] {"rank()", "dense_rank()"})).append(" OVER (").append(over)
                    .append(" ORDER BY ").append(ord).append(r.nextBoolean() ? " DESC" : "").append(')');
                case 4 -> sb.append("count(").append(expr(T.TEXT, f.scope(), 1, true)).append(") OVER (").append(over)
                    .append(" ORDER BY ").append(ord).append(')');
                default -> sb.append("sum(").append(expr(T.INT, f.scope(), 1, true)).append(") OVER (").append(over)
                    .append(" ORDER BY ").append(ord).append(" NULLS FIRST)");
            }
            sb.append(" AS w").append(i);
        }
        sb.append(" FROM ").append(f.sql());
        if (r.nextBoolean()) {
            sb.append(" WHERE ").append(bool(f.scope(), 2, true));
        }
        return sb.toString();
    }

    /**
     * A random change to one generated table (UPDATE [FROM], DELETE [USING], INSERT ... SELECT, with or
     * without RETURNING) and the query that then reads the table back. Deterministic: SET values come from
     * the target row only, so a target matched twice by FROM gets the same value either way.
     */
    List<String> dmlStatements() {
        final Table t = mutable.get(r.nextInt(mutable.size()));
        final Scope ts = Scope.of(List.of(t), List.of(t.name()));
        final Table o = table();
        final List<String> names = new ArrayList<>(ts.names());
        final List<T> types = new ArrayList<>(ts.types());
        for (final Col c : o.cols()) {
            names.add("o." + c.name());
            types.add(c.type());
        }
        final Scope both = new Scope(names, types);
        final String ret = r.nextInt(3) == 0 ? " RETURNING *" : "";
        final String sql;
        switch (r.nextInt(5)) {
            case 0 -> {
                final Col c = t.cols().get(r.nextInt(t.cols().size()));
                sql = "UPDATE " + t.name() + " SET " + c.name() + " = " + expr(c.type(), ts, 2, true)
                    + (r.nextBoolean() ? " WHERE " + bool(ts, 2, true) : "") + ret;
            }
            case 1 -> {
                final Col c = t.cols().get(r.nextInt(t.cols().size()));
                sql = "UPDATE " + t.name() + " SET " + c.name() + " = " + expr(c.type(), ts, 1, true) + " FROM " + o.name()
                    + " o WHERE " + t.name() + ".c0 = o.c0 AND " + bool(both, 1, true) + (ret.isEmpty() ? "" : " RETURNING "
                    + t.name() + ".*");
            }
            case 2 -> sql = "DELETE FROM " + t.name() + " WHERE " + bool(ts, 2, true) + ret;
            case 3 -> sql = "DELETE FROM " + t.name() + " USING " + o.name() + " o WHERE " + t.name() + ".c0 = o.c0 AND "
                + bool(both, 1, true) + (ret.isEmpty() ? "" : " RETURNING " + t.name() + ".*");
            default -> sql = "INSERT INTO " + t.name() + " SELECT * FROM " + t.name() + " WHERE " + bool(ts, 2, true) + ret;
        }
        return List.of(sql, "SELECT * FROM " + t.name());
    }

    /** Two single-column queries of the same type combined by a set operation. */
    String setOpQuery() {
        final T t = pick(new T[] {T.INT, T.TEXT, T.BIGINT, T.BOOL});
        final String a = simple(t);
        final String b = simple(t);
        return a + pick(new String[] {" UNION ", " UNION ALL ", " INTERSECT ", " INTERSECT ALL ", " EXCEPT ", " EXCEPT ALL "}) + b;
    }

    private String simple(final T t) {
        final Table tb = table();
        final Scope s = Scope.of(List.of(tb), List.of(tb.name()));
        return "SELECT " + expr(t, s, 1, true) + " AS v FROM " + tb.name() + (r.nextBoolean() ? " WHERE " + bool(s, 2, true) : "");
    }

    private <X> X pick(final X[] a) {
        return a[r.nextInt(a.length)];
    }

    /** Ternary logic partitioning: a query, a predicate, and the three partitioned queries. */
    record Tlp(String query, String whole, String partitioned) {
    }

    Tlp tlp() {
        final From f = from(3);
        final String cols = selectList(f.scope(), 1 + r.nextInt(2));
        final String base = "SELECT " + cols + " FROM " + f.sql();
        final String p = r.nextInt(3) == 0 ? subqueryPredicate(f.scope()) : bool(f.scope(), 3, true);
        final String parts = base + " WHERE " + p + " UNION ALL " + base + " WHERE NOT " + p + " UNION ALL " + base + " WHERE ("
            + p + ") IS NULL";
        return new Tlp(base + " WHERE " + p, base, parts);
    }
}
