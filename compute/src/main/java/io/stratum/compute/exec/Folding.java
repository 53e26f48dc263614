package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Plan-time constant folding with the rules of PostgreSQL's eval_const_expressions: an immutable operator,
 * function or cast whose arguments are all constants is evaluated while planning (its error, such as 22003 or
 * 22012, is the statement's error even when no row would reach it); a strict one with a NULL constant argument
 * is NULL whatever its volatility; CASE drops WHEN arms whose test is a constant false or NULL and ends at a
 * constant true one, COALESCE drops NULL constants and ends at a non-NULL one, AND / OR drop their neutral
 * constants and end at a deciding one. Stable and volatile functions ({@code now()}, {@code random()},
 * {@code nextval}, {@code to_char}, casts to and from timestamptz, ...) are not evaluated, only their arguments
 * are folded; functions whose volatility is not known here are treated as volatile.
 * <p>Parameters are never folded (a prepared statement's plan is generic); {@link #foldsParams()} tells
 * whether folding would have evaluated a node had its parameters been constants, so that a statement whose
 * literals were made parameters can be planned again from its text.
 * <p>Each node is folded once: the binder folds what it has just built, and nodes already folded, or bound in
 * a part of a CASE / COALESCE / AND / OR that PostgreSQL never looks at ({@link #freeze}), are left as they are.
 * One per statement binding; not thread-safe.
 */
public final class Folding {
    /** The PostgreSQL functions (pg_proc.provolatile = 'i') the binder builds as {@link Exprs.Call} by name. */
    private static final Set<String> IMMUTABLE = Set.of("lower", "upper", "initcap", "reverse", "md5", "quote_ident",
        "length", "char_length", "character_length", "octet_length", "substr", "substring", "position", "strpos",
        "starts_with", "replace", "btrim", "ltrim", "rtrim", "trim", "left", "right", "lpad", "rpad", "repeat",
        "split_part", "regexp_replace", "chr", "to_hex", "ascii", "abs", "ceil", "ceiling", "floor", "sign", "round",
        "trunc", "mod", "div", "power", "pow", "sqrt", "exp", "ln", "log", "cbrt", "array_position", "array_length",
        "scale", "min_scale", "trim_scale", "width_bucket",
        "array_upper", "array_lower", "cardinality", "similar_to_escape", "like_escape", "any_match",
        // operators the binder builds as calls: numeric and bit operators, date/interval arithmetic, arrays
        "-", "+", "*", "/", "~", "@", "|/", "||/", "&", "|", "#", "<<", ">>", "@>", "<@", "&&");

    /** Functions that are immutable except over timestamptz (then stable: they read the session's time zone). */
    private static final Set<String> ZONED = Set.of("date_part", "extract", "date_trunc");

    private final Set<Expr> done = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ExecContext cx;
    private boolean foldsParams;

    /** @param zone the session's time zone (immutable casts do not read it; given for completeness) */
    public Folding(final ZoneId zone) {
        this.cx = new ExecContext(null, new FoldEnv(zone), Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** Whether a node would have been evaluated had the parameters under it been constants. */
    public boolean foldsParams() {
        return foldsParams;
    }

    /** Marks {@code e} (bound where PostgreSQL folds nothing) so that folding an enclosing node leaves it alone. */
    public void freeze(final Expr e) {
        done.add(e);
    }

    /** {@code e} with its constant subexpressions folded (raises the error of one that fails). */
    public Expr fold(final Expr e) {
        if (e == null || done.contains(e)) {
            return e;
        }
        final Expr r = node(e);
        done.add(r);
        return r;
    }

    /** Whether {@code e} is a constant true (for CASE / AND / OR simplification). */
    public static boolean isTrue(final Expr e) {
        return e instanceof Exprs.Const && Boolean.TRUE.equals(((Exprs.Const) e).value);
    }

    /** Whether {@code e} is a constant false or NULL. */
    public static boolean isFalseOrNull(final Expr e) {
        return e instanceof Exprs.Const && !Boolean.TRUE.equals(((Exprs.Const) e).value);
    }

    /** Whether {@code e} is a constant other than NULL. */
    public static boolean isNonNullConst(final Expr e) {
        return e instanceof Exprs.Const && ((Exprs.Const) e).value != null;
    }

    private Expr node(final Expr e) {
        if (e instanceof Exprs.Cast) {
            return cast((Exprs.Cast) e);
        }
        if (e instanceof Exprs.Call) {
            final Exprs.Call c = (Exprs.Call) e;
            final Expr[] a = all(c.args);
            final Exprs.Call n = a == c.args ? c
                : (Exprs.Call) new Exprs.Call(c.name, c.type, c.fn, a, c.strict).withTypmod(c.typmod);
            return function(n, a, c.strict, immutable(n));
        }
        if (e instanceof Exprs.Cmp) {
            final Exprs.Cmp c = (Exprs.Cmp) e;
            final Expr l = fold(c.left);
            final Expr r = fold(c.right);
            return function(l == c.left && r == c.right ? c : new Exprs.Cmp(c.op, l, r), new Expr[] {l, r}, true, true);
        }
        if (e instanceof Exprs.Arith) {
            final Exprs.Arith c = (Exprs.Arith) e;
            final Expr l = fold(c.left);
            final Expr r = fold(c.right);
            return function(l == c.left && r == c.right ? c : new Exprs.Arith(c.op, l, r, c.type).withTypmod(c.typmod),
                new Expr[] {l, r}, true, true);
        }
        if (e instanceof MoreExprs.Match) {
            final MoreExprs.Match m = (MoreExprs.Match) e;
            final Expr a = fold(m.arg);
            final Expr p = fold(m.pattern);
            return function(a == m.arg && p == m.pattern ? m : new MoreExprs.Match(a, p, m.like, m.caseInsensitive, m.negate),
                new Expr[] {a, p}, true, true);
        }
        if (e instanceof Exprs.Distinct) {
            final Exprs.Distinct d = (Exprs.Distinct) e;
            final Expr l = fold(d.left);
            final Expr r = fold(d.right);
            return function(l == d.left && r == d.right ? d : new Exprs.Distinct(l, r, d.not), new Expr[] {l, r}, false, true);
        }
        if (e instanceof Exprs.Not) {
            final Exprs.Not n = (Exprs.Not) e;
            final Expr a = fold(n.arg);
            return function(a == n.arg ? n : new Exprs.Not(a), new Expr[] {a}, true, true);
        }
        if (e instanceof Exprs.Is) {
            final Exprs.Is i = (Exprs.Is) e;
            final Expr a = fold(i.arg);
            return function(a == i.arg ? i : new Exprs.Is(a, i.what, i.negate), new Expr[] {a}, false, true);
        }
        if (e instanceof MoreExprs.InList) {
            final MoreExprs.InList in = (MoreExprs.InList) e;
            final Expr x = fold(in.arg);
            if (x instanceof Exprs.Const && ((Exprs.Const) x).value == null) {
                // each x = item arm is a strict operator with a NULL constant: NULL without its item, as PostgreSQL
                // folds it; what is left is the x = ANY(ARRAY[...]) of the items that read no column, if any
                final List<Expr> array = in.arrayItems();
                if (array.isEmpty()) {
                    return new Exprs.Const(null, PgType.BOOL);
                }
                if (array.size() < in.list.length) {
                    return fold(new MoreExprs.InList(x, array, in.negate));
                }
            }
            final Expr[] l = all(in.list);
            final Expr[] args = new Expr[l.length + 1];
            args[0] = x;
            System.arraycopy(l, 0, args, 1, l.length);
            return function(x == in.arg && l == in.list ? in : new MoreExprs.InList(x, List.of(l), in.negate), args, false, true);
        }
        if (e instanceof MoreExprs.AnyArray) {
            final MoreExprs.AnyArray a = (MoreExprs.AnyArray) e;
            final Expr x = fold(a.arg);
            final Expr arr = fold(a.array);
            return function(x == a.arg && arr == a.array ? a : new MoreExprs.AnyArray(a.op, x, arr, a.all),
                new Expr[] {x, arr}, false, true);
        }
        if (e instanceof MoreExprs.ArrayOf) {
            final MoreExprs.ArrayOf a = (MoreExprs.ArrayOf) e;
            final Expr[] els = all(a.elements);
            return function(els == a.elements ? a : new MoreExprs.ArrayOf(a.type, List.of(els)).withTypmod(a.typmod), els,
                false, true);
        }
        if (e instanceof Exprs.And || e instanceof Exprs.Or) {
            return logic(e);
        }
        if (e instanceof MoreExprs.Case) {
            return caseExpr((MoreExprs.Case) e);
        }
        if (e instanceof MoreExprs.Variadic) {
            return variadic((MoreExprs.Variadic) e);
        }
        return e;
    }

    /** Folds every element; the same array when none changed. */
    private Expr[] all(final Expr[] in) {
        Expr[] out = in;
        for (int i = 0; i < in.length; i++) {
            final Expr f = fold(in[i]);
            if (f != in[i]) {
                if (out == in) {
                    out = in.clone();
                }
                out[i] = f;
            }
        }
        return out;
    }

    /**
     * PostgreSQL's evaluate_function: a strict node with a NULL constant argument is NULL; an immutable one with only
     * constant arguments is evaluated now.
     */
    private Expr function(final Expr e, final Expr[] args, final boolean strict, final boolean immutable) {
        boolean allConst = true;
        boolean constOrParam = true;
        for (final Expr a : args) {
            if (strict && a instanceof Exprs.Const && ((Exprs.Const) a).value == null) {
                return new Exprs.Const(null, e.type()).withTypmod(e.typmod());
            }
            allConst &= a instanceof Exprs.Const;
            constOrParam &= a instanceof Exprs.Const || paramLike(a);
        }
        if (!immutable) {
            return e;
        }
        if (allConst) {
            return evaluate(e);
        }
        foldsParams |= constOrParam;
        return e;
    }

    private Expr cast(final Exprs.Cast c) {
        final Expr a = fold(c.arg);
        final Exprs.Cast n = a == c.arg ? c : (Exprs.Cast) new Exprs.Cast(a, c.type, c.typmod);
        if (a instanceof Exprs.Const && ((Exprs.Const) a).value == null) {
            // every cast function is strict, whatever its volatility
            return new Exprs.Const(null, c.type).withTypmod(c.typmod);
        }
        if (!immutableCast(a.type(), c.type)) {
            return n;
        }
        if (a instanceof Exprs.Const) {
            return evaluate(n);
        }
        foldsParams |= paramLike(a) && !safeCast(a.type(), c.type, c.typmod);
        return n;
    }

    /** Evaluates a node whose arguments are constants; a function that needs the session is left to run time. */
    private Expr evaluate(final Expr e) {
        final Object v;
        try {
            v = e.eval(null, cx);
        } catch (final SqlException ex) {
            throw ex;
        } catch (final RuntimeException ex) {
            // NotFoldable (the function reads the session or the catalog), or a value this node cannot take here
            return e;
        }
        return new Exprs.Const(v, e.type()).withTypmod(e.typmod());
    }

    /** AND / OR: simplify_and_arguments and simplify_or_arguments (the binder already froze what follows a decider). */
    private Expr logic(final Expr e) {
        final boolean and = e instanceof Exprs.And;
        final Expr[] args = and ? ((Exprs.And) e).args : ((Exprs.Or) e).args;
        final List<Expr> kept = new ArrayList<>();
        boolean sawNull = false;
        for (final Expr a0 : args) {
            final Expr a = fold(a0);
            if (a instanceof Exprs.Const) {
                final Object v = ((Exprs.Const) a).value;
                if (v == null) {
                    sawNull = true;
                } else if ((Boolean) v != and) {
                    return new Exprs.Const(!and, PgType.BOOL);
                }
                continue;
            }
            foldsParams |= paramLike(a);
            kept.add(a);
        }
        if (sawNull) {
            kept.add(new Exprs.Const(null, PgType.BOOL));
        }
        if (kept.isEmpty()) {
            return new Exprs.Const(and, PgType.BOOL);
        }
        if (kept.size() == 1) {
            return kept.get(0);
        }
        if (sameElements(kept, args)) {
            return e;
        }
        return and ? new Exprs.And(kept) : new Exprs.Or(kept);
    }

    private static boolean sameElements(final List<Expr> kept, final Expr[] args) {
        if (kept.size() != args.length) {
            return false;
        }
        for (int i = 0; i < args.length; i++) {
            if (kept.get(i) != args[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * CASE: a WHEN whose test is a constant false or NULL is dropped; the first constant true one ends the CASE
     * (its result becomes the ELSE); with no WHEN left the CASE is its ELSE. With a constant operand each WHEN
     * value is compared now.
     */
    private Expr caseExpr(final MoreExprs.Case c) {
        final Expr operand = fold(c.operand);
        final boolean constOperand = operand instanceof Exprs.Const;
        if (operand != null && paramLike(operand)) {
            foldsParams = true;
        }
        final List<Expr> whens = new ArrayList<>();
        final List<Expr> thens = new ArrayList<>();
        Expr otherwise = null;
        boolean ended = false;
        for (int i = 0; i < c.whens.length; i++) {
            Expr w = fold(c.whens[i]);
            if (constOperand && w instanceof Exprs.Const) {
                final Object a = ((Exprs.Const) operand).value;
                final Object b = ((Exprs.Const) w).value;
                w = new Exprs.Const(a != null && b != null && Values.compare(a, b) == 0, PgType.BOOL);
            } else if (operand == null && paramLike(w)) {
                foldsParams = true;
            }
            if (w instanceof Exprs.Const && (operand == null || constOperand)) {
                if (!Boolean.TRUE.equals(((Exprs.Const) w).value)) {
                    continue;
                }
                otherwise = fold(c.thens[i]);
                ended = true;
                break;
            }
            whens.add(w);
            thens.add(fold(c.thens[i]));
        }
        if (!ended) {
            otherwise = c.otherwise == null ? null : fold(c.otherwise);
        }
        if (whens.isEmpty()) {
            return otherwise == null ? new Exprs.Const(null, c.type).withTypmod(c.typmod) : otherwise;
        }
        if (!ended && otherwise == c.otherwise && operand == c.operand && sameElements(whens, c.whens)
            && sameElements(thens, c.thens)) {
            return c;
        }
        // with a constant operand its value was compared above: the WHEN values left are compared to it at run time
        return new MoreExprs.Case(c.type, operand, whens, thens, otherwise).withTypmod(c.typmod);
    }

    /** COALESCE (NULL constants dropped, ends at a non-NULL constant); NULLIF, GREATEST and LEAST (evaluated). */
    private Expr variadic(final MoreExprs.Variadic v) {
        final Expr[] args = all(v.args);
        switch (v.kind) {
            case "coalesce": {
                final List<Expr> kept = new ArrayList<>();
                for (final Expr a : args) {
                    foldsParams |= paramLike(a);
                    if (a instanceof Exprs.Const) {
                        if (((Exprs.Const) a).value == null) {
                            continue;
                        }
                        if (kept.isEmpty()) {
                            return a;
                        }
                        kept.add(a);
                        break;
                    }
                    kept.add(a);
                }
                if (kept.isEmpty()) {
                    return new Exprs.Const(null, v.type).withTypmod(v.typmod);
                }
                if (sameElements(kept, v.args)) {
                    return v;
                }
                return new MoreExprs.Variadic("coalesce", v.type, kept).withTypmod(v.typmod);
            }
            case "nullif": {
                final Expr n = args == v.args ? v : new MoreExprs.Variadic("nullif", v.type, List.of(args)).withTypmod(v.typmod);
                // a NULL constant on either side: the two cannot be equal, so it is its first argument
                for (final Expr a : args) {
                    if (a instanceof Exprs.Const && ((Exprs.Const) a).value == null) {
                        return args[0];
                    }
                }
                return function(n, args, false, true);
            }
            default:
                // GREATEST / LEAST: evaluated when every argument is a constant (NULLs are skipped, so not strict)
                return function(args == v.args ? v : new MoreExprs.Variadic(v.kind, v.type, List.of(args)).withTypmod(v.typmod),
                    args, false, true);
        }
    }

    /** A parameter, or a cast of one not yet evaluated: a constant in a plan made for the parameters' values. */
    private static boolean paramLike(final Expr e) {
        return e instanceof Exprs.Param || e instanceof Exprs.Cast && paramLike(((Exprs.Cast) e).arg);
    }

    /** Whether PostgreSQL marks {@code c}'s function immutable (unknown functions: no). */
    static boolean immutable(final Exprs.Call c) {
        final String n = c.name;
        if (n.equals("||")) {
            // textcat and array concatenation are immutable; anytextcat / textanycat (text with another type) are
            // SQL functions PostgreSQL inlines to a cast to text, immutable unless that cast is not
            return !c.strict || immutableCast(c.args[0].type(), PgType.TEXT) && immutableCast(c.args[1].type(), PgType.TEXT);
        }
        if (n.equals("quote_literal")) {
            return c.args.length == 1 && SqlTypes.isString(c.args[0].type());
        }
        if (ZONED.contains(n)) {
            for (final Expr a : c.args) {
                if (a.type() == PgType.TIMESTAMPTZ) {
                    return false;
                }
            }
            return true;
        }
        if ((n.equals("+") || n.equals("-")) && c.type == PgType.TIMESTAMPTZ) {
            // timestamptz +/- interval: a day's length depends on the session's zone
            return false;
        }
        return IMMUTABLE.contains(n);
    }

    /**
     * Whether the cast {@code from -> to} is done by immutable functions: not those of dates and times to and from
     * text and of timestamptz, of arrays (array_in / array_out are stable), of enums and of the reg* types.
     */
    static boolean immutableCast(final PgType from, final PgType to) {
        if (from == to) {
            return true;
        }
        if (from == PgType.UNKNOWN || from == PgType.RECORD || to == PgType.RECORD || regType(from) || regType(to)
            || from == PgType.ENUM || to == PgType.ENUM || SqlTypes.isArray(from) || SqlTypes.isArray(to)) {
            return false;
        }
        final boolean fromTime = dateTime(from);
        final boolean toTime = dateTime(to);
        return !(fromTime && SqlTypes.isString(to) || toTime && SqlTypes.isString(from)
            || (from == PgType.TIMESTAMPTZ || to == PgType.TIMESTAMPTZ) && fromTime && toTime);
    }

    /** Casts that cannot fail, so that folding them with a constant changes nothing (widening numbers, to text). */
    private static boolean safeCast(final PgType from, final PgType to, final int typmod) {
        final int rf = SqlTypes.numericRank(from);
        final int rt = SqlTypes.numericRank(to);
        if (to == PgType.TEXT) {
            return true;
        }
        return rf >= 0 && rt >= 0 && rf <= 2 && rt > rf && (to != PgType.NUMERIC || typmod < 0);
    }

    private static boolean regType(final PgType t) {
        return t == PgType.REGCLASS || t == PgType.REGTYPE || t == PgType.REGPROC;
    }

    private static boolean dateTime(final PgType t) {
        return t == PgType.DATE || t == PgType.TIME || t == PgType.TIMESTAMP || t == PgType.TIMESTAMPTZ
            || t == PgType.INTERVAL;
    }

    /** Thrown by {@link FoldEnv}: the node needs the session or the catalog, so it is evaluated at run time. */
    private static final class NotFoldable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFoldable() {
            super("not foldable", null, false, false);
        }
    }

    /** The environment of plan-time evaluation: the session's zone and nothing else. */
    private static final class FoldEnv implements Env {
        private final ZoneId zone;

        FoldEnv(final ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId zone() {
            return zone;
        }

        @Override
        public String setting(final String name) {
            throw new NotFoldable();
        }

        @Override
        public java.time.OffsetDateTime transactionTimestamp() {
            throw new NotFoldable();
        }

        @Override
        public java.time.OffsetDateTime statementTimestamp() {
            throw new NotFoldable();
        }

        @Override
        public Object call(final String function, final Object[] args) {
            throw new NotFoldable();
        }

        @Override
        public io.stratum.compute.storage.RowCursor scan(final io.stratum.compute.catalog.TableDef table) {
            throw new NotFoldable();
        }

        @Override
        public io.stratum.compute.storage.RowCursor indexScan(final io.stratum.compute.catalog.TableDef table,
                                                              final io.stratum.compute.catalog.IndexDef index,
                                                              final Object[] low, final int lowCount,
                                                              final boolean lowInclusive, final Object[] high,
                                                              final int highCount, final boolean highInclusive) {
            throw new NotFoldable();
        }

        @Override
        public List<Object[]> systemRows(final io.stratum.compute.catalog.pg.SystemRelation relation) {
            throw new NotFoldable();
        }

        @Override
        public Object[] lockRow(final io.stratum.compute.catalog.TableDef table, final Object[] row, final int tidIndex,
                                final boolean share, final int waitPolicy, final Expr recheck, final ExecContext cx) {
            throw new NotFoldable();
        }
    }
}
