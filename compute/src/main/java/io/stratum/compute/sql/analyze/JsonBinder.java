package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.json.JsonBuild;
import io.stratum.compute.json.JsonOps;
import io.stratum.compute.json.JsonText;
import io.stratum.compute.json.Jsonb;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.util.List;
import java.util.Set;

/**
 * Binds the json and jsonb operators ({@code -> ->> #> #>> @> <@ ? ?| ?& || - =}), casts, functions and
 * set-returning functions to calls on the {@code io.stratum.compute.json} package, resolving their operand
 * types as PostgreSQL 15 does (an unknown literal on the right of {@code ->} is text, of {@code #>} text[]).
 */
final class JsonBinder {
    static final Set<String> SRFS = Set.of("jsonb_each", "jsonb_each_text", "json_each", "json_each_text",
        "jsonb_array_elements", "jsonb_array_elements_text", "json_array_elements", "json_array_elements_text",
        "jsonb_object_keys", "json_object_keys");
    static final Set<String> AGGREGATES = Set.of("json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg");

    private JsonBinder() {
    }

    static boolean isJson(final PgType t) {
        return t == PgType.JSON || t == PgType.JSONB;
    }

    /** The value as a JSON tree: jsonb as it is, a json text parsed keeping its source spans. */
    static Jsonb tree(final Object v, final PgType t) {
        return v instanceof Jsonb ? (Jsonb) v : JsonText.parseJson((String) v);
    }

    /** A whole-row value as its json object ({@code {"a":1,"b":"x"}}, row_to_json); any other expression as it is. */
    static Expr rowAsJson(final Expr e) {
        if (!(e instanceof io.stratum.compute.exec.MoreExprs.RowOf)) {
            return e;
        }
        final List<Expr> fs = ((io.stratum.compute.exec.MoreExprs.RowOf) e).fields();
        final List<String> names = new java.util.ArrayList<>();
        final List<PgType> types = new java.util.ArrayList<>();
        for (int i = 0; i < fs.size(); i++) {
            final Expr f = fs.get(i);
            names.add(f instanceof Exprs.Col ? ((Exprs.Col) f).name : "f" + (i + 1));
            types.add(f.type());
        }
        return new Exprs.Call("row_to_json", PgType.JSON, (a, cx) -> JsonBuild.rowToJson(a, names, types, cx.zone()),
            fs.toArray(new Expr[0]), false);
    }

    /** Whether {@code op} over these operands is a json operator this class binds. */
    static boolean handles(final String op, final Expr l, final Expr r) {
        final boolean lj = isJson(l.type());
        final boolean rj = isJson(r.type());
        switch (op) {
            case "->": case "->>": case "#>": case "#>>": case "?": case "?|": case "?&": case "-": case "#-":
                return lj;
            case "@>": case "<@":
                return lj || rj;
            case "||":
                if (l.type() == PgType.JSON && (rj || r.type() == PgType.UNKNOWN) || r.type() == PgType.JSON && lj) {
                    return true;
                }
                return l.type() == PgType.JSONB && (rj || r.type() == PgType.UNKNOWN) || r.type() == PgType.JSONB
                    && l.type() == PgType.UNKNOWN;
            case "=": case "<>": case "<": case "<=": case ">": case ">=":
                return l.type() == PgType.JSON || r.type() == PgType.JSON;
            default:
                return false;
        }
    }

    private static Expr call(final String name, final PgType t, final Exprs.Fn fn, final Expr... args) {
        return new Exprs.Call(name, t, fn, args, true);
    }

    static Expr binary(final String op, Expr l, Expr r, final BindContext ctx, final int pos) {
        final PgType lt = l.type();
        switch (op) {
            case "->": case "->>": {
                final boolean text = op.equals("->>");
                final PgType out = text ? PgType.TEXT : lt;
                if (r.type() == PgType.UNKNOWN) {
                    r = Coerce.to(r, PgType.TEXT, ctx);
                }
                if (SqlTypes.numericRank(r.type()) >= 0 && SqlTypes.numericRank(r.type()) <= 2) {
                    r = Coerce.to(r, PgType.INT4, ctx);
                    return call(op, out, (a, cx) -> result(element(tree(a[0], lt), (Integer) a[1], lt), text, lt), l, r);
                }
                if (!SqlTypes.isString(r.type())) {
                    throw Operators.noOperator(op, lt, r.type(), pos);
                }
                return call(op, out, (a, cx) -> result(tree(a[0], lt).field((String) a[1]), text, lt), l, r);
            }
            case "#>": case "#>>": {
                final boolean text = op.equals("#>>");
                r = textArray(r, op, lt, ctx, pos);
                return call(op, text ? PgType.TEXT : lt, (a, cx) -> result(JsonOps.path(tree(a[0], lt), (Object[]) a[1]), text, lt),
                    l, r);
            }
            default:
                break;
        }
        if (lt == PgType.JSON || r.type() == PgType.JSON) {
            throw Operators.noOperator(op, lt, r.type(), pos);
        }
        switch (op) {
            case "@>": case "<@": {
                l = Coerce.to(l, PgType.JSONB, ctx);
                r = Coerce.to(r, PgType.JSONB, ctx);
                if (l.type() != PgType.JSONB || r.type() != PgType.JSONB) {
                    throw Operators.noOperator(op, lt, r.type(), pos);
                }
                final boolean left = op.equals("@>");
                return call(op, PgType.BOOL, (a, cx) -> left ? JsonOps.contains((Jsonb) a[0], (Jsonb) a[1])
                    : JsonOps.contains((Jsonb) a[1], (Jsonb) a[0]), l, r);
            }
            case "?": {
                r = Coerce.to(r, PgType.TEXT, ctx);
                if (!SqlTypes.isString(r.type())) {
                    throw Operators.noOperator(op, lt, r.type(), pos);
                }
                return call(op, PgType.BOOL, (a, cx) -> JsonOps.exists((Jsonb) a[0], (String) a[1]), l, r);
            }
            case "?|": case "?&": {
                final boolean all = op.equals("?&");
                r = textArray(r, op, lt, ctx, pos);
                return call(op, PgType.BOOL, (a, cx) -> JsonOps.existsAny((Jsonb) a[0], (Object[]) a[1], all), l, r);
            }
            case "#-":
                r = textArray(r, op, lt, ctx, pos);
                return call(op, PgType.JSONB, (a, cx) -> JsonOps.deletePath((Jsonb) a[0], (Object[]) a[1]), l, r);
            case "||":
                l = Coerce.to(l, PgType.JSONB, ctx);
                r = Coerce.to(r, PgType.JSONB, ctx);
                return call(op, PgType.JSONB, (a, cx) -> JsonOps.concat((Jsonb) a[0], (Jsonb) a[1]), l, r);
            case "-": {
                if (r.type() == PgType.UNKNOWN) {
                    r = Coerce.to(r, PgType.TEXT, ctx);
                }
                if (SqlTypes.numericRank(r.type()) >= 0 && SqlTypes.numericRank(r.type()) <= 2) {
                    r = Coerce.to(r, PgType.INT4, ctx);
                    return call(op, PgType.JSONB, (a, cx) -> JsonOps.deleteIndex((Jsonb) a[0], (Integer) a[1]), l, r);
                }
                if (SqlTypes.isString(r.type())) {
                    return call(op, PgType.JSONB, (a, cx) -> JsonOps.deleteKey((Jsonb) a[0], (String) a[1]), l, r);
                }
                r = textArray(r, op, lt, ctx, pos);
                return call(op, PgType.JSONB, (a, cx) -> JsonOps.deleteKeys((Jsonb) a[0], (Object[]) a[1]), l, r);
            }
            default:
                throw Operators.noOperator(op, lt, r.type(), pos);
        }
    }

    /** {@code -> int}: a jsonb scalar is a one-element pseudo array (index 0 or -1 is the scalar itself). */
    private static Jsonb element(final Jsonb v, final int i, final PgType t) {
        if (t == PgType.JSONB && v.isScalar()) {
            return i == 0 || i == -1 ? v : null;
        }
        return v.element(i);
    }

    private static Expr textArray(Expr r, final String op, final PgType lt, final BindContext ctx, final int pos) {
        if (r.type() == PgType.UNKNOWN || r.type() == PgType.VARCHAR_ARRAY || r.type() == PgType.NAME_ARRAY) {
            r = Coerce.to(r, PgType.TEXT_ARRAY, ctx);
        }
        if (r.type() != PgType.TEXT_ARRAY) {
            throw Operators.noOperator(op, lt, r.type(), pos);
        }
        return r;
    }

    /** A json node as the operator's result type: json text, jsonb, or ->>'s text. */
    private static Object result(final Jsonb v, final boolean text, final PgType t) {
        if (v == null) {
            return null;
        }
        if (text) {
            return JsonOps.text(v);
        }
        return t == PgType.JSON ? v.toString() : v;
    }

    /** 42883 for DISTINCT or GROUP BY over json, which has no equality. */
    static void checkEquality(final PgType t, final int pos) {
        if (t == PgType.JSON) {
            throw new SqlException("42883", "could not identify an equality operator for type json", null, null, pos + 1, null);
        }
    }

    /** 42846 for a cast PostgreSQL has no cast for (json to integer, integer to jsonb, ...). */
    static void checkCast(final PgType from, final PgType to, final int pos) {
        if (from == to || from == PgType.UNKNOWN) {
            return;
        }
        final boolean ok;
        if (from == PgType.JSON) {
            ok = to == PgType.JSONB || SqlTypes.isString(to);
        } else if (from == PgType.JSONB) {
            ok = to == PgType.JSON || SqlTypes.isString(to) || to == PgType.BOOL || SqlTypes.numericRank(to) >= 0
                && !SqlTypes.isOidLike(to);
        } else if (isJson(to)) {
            ok = SqlTypes.isString(from) || isJson(from);
        } else {
            ok = true;
        }
        if (!ok) {
            throw new SqlException("42846", "cannot cast type " + SqlTypes.displayName(from) + " to "
                + SqlTypes.displayName(to), null, null, pos + 1, null);
        }
    }

    /** Resolves a json function call, or returns null when {@code name} is none. */
    static Expr function(final String name, final List<Expr> args, final BindContext ctx, final int pos) {
        final int n = args.size();
        switch (name) {
            case "row_to_json": {
                if (n != 1 || !(args.get(0) instanceof io.stratum.compute.exec.MoreExprs.RowOf)) {
                    throw Functions.noFunction(name, args, pos);
                }
                return rowAsJson(args.get(0));
            }
            case "to_json": case "to_jsonb": {
                if (n != 1) {
                    throw Functions.noFunction(name, args, pos);
                }
                final Expr a = rowAsJson(args.get(0));
                if (a.type() == PgType.UNKNOWN) {
                    throw new SqlException("42804", "could not determine polymorphic type because input has type unknown",
                        null, null, pos + 1, null);
                }
                final PgType t = a.type();
                return name.equals("to_json")
                    ? call(name, PgType.JSON, (v, cx) -> JsonBuild.toJsonText(v[0], t, cx.zone()), a)
                    : call(name, PgType.JSONB, (v, cx) -> JsonBuild.toJsonb(v[0], t, cx.zone()), a);
            }
            case "json_build_object": case "jsonb_build_object": case "json_build_array": case "jsonb_build_array": {
                final boolean jsonb = name.startsWith("jsonb");
                final boolean obj = name.endsWith("object");
                final Expr[] es = new Expr[n];
                final PgType[] ts = new PgType[n];
                for (int i = 0; i < n; i++) {
                    es[i] = args.get(i).type() == PgType.UNKNOWN ? Coerce.to(args.get(i), PgType.TEXT, ctx) : args.get(i);
                    ts[i] = es[i].type();
                }
                return new Exprs.Call(name, jsonb ? PgType.JSONB : PgType.JSON, (v, cx) -> obj
                    ? JsonBuild.buildObject(v, ts, cx.zone(), jsonb) : JsonBuild.buildArray(v, ts, cx.zone(), jsonb), es, false);
            }
            case "jsonb_typeof": case "json_typeof":
                return call(name, PgType.TEXT, (v, cx) -> tree(v[0], null).typeName(), json(args, 0, name, ctx, pos));
            case "jsonb_array_length": case "json_array_length":
                return call(name, PgType.INT4, (v, cx) -> JsonOps.arrayLength(tree(v[0], null), name), json(args, 0, name, ctx, pos));
            case "jsonb_pretty":
                return call(name, PgType.TEXT, (v, cx) -> JsonText.pretty((Jsonb) v[0]), json(args, 0, name, ctx, pos));
            case "jsonb_strip_nulls":
                return call(name, PgType.JSONB, (v, cx) -> JsonOps.stripNulls((Jsonb) v[0]), json(args, 0, name, ctx, pos));
            case "jsonb_set": {
                if (n < 3 || n > 4) {
                    throw Functions.noFunction(name, args, pos);
                }
                final Expr[] es = {json(args, 0, name, ctx, pos), textArray(args.get(1), name, PgType.JSONB, ctx, pos),
                    Coerce.to(args.get(2), PgType.JSONB, ctx), n > 3 ? Coerce.to(args.get(3), PgType.BOOL, ctx)
                    : new Exprs.Const(true, PgType.BOOL)};
                return call(name, PgType.JSONB, (v, cx) -> JsonOps.set((Jsonb) v[0], (Object[]) v[1], (Jsonb) v[2],
                    (Boolean) v[3]), es);
            }
            case "jsonb_extract_path": case "jsonb_extract_path_text": case "json_extract_path": case "json_extract_path_text": {
                if (n < 2) {
                    throw Functions.noFunction(name, args, pos);
                }
                final Expr j = json(args, 0, name, ctx, pos);
                final PgType jt = j.type();
                final boolean text = name.endsWith("_text");
                final Expr[] es = new Expr[n];
                es[0] = j;
                for (int i = 1; i < n; i++) {
                    es[i] = Coerce.to(args.get(i), PgType.TEXT, ctx);
                }
                return new Exprs.Call(name, text ? PgType.TEXT : jt, (v, cx) -> {
                    if (v[0] == null) {
                        return null;
                    }
                    final Object[] path = java.util.Arrays.copyOfRange(v, 1, v.length);
                    return result(JsonOps.path(tree(v[0], jt), path), text, jt);
                }, es, false);
            }
            default:
                return null;
        }
    }

    /** Argument {@code i} as json or jsonb, as the function's name says (unknown literals adopt it). */
    private static Expr json(final List<Expr> args, final int i, final String name, final BindContext ctx, final int pos) {
        final PgType want = name.startsWith("jsonb") ? PgType.JSONB : PgType.JSON;
        if (args.size() <= i) {
            throw Functions.noFunction(name, args, pos);
        }
        final Expr a = args.get(i).type() == PgType.UNKNOWN ? Coerce.to(args.get(i), want, ctx) : args.get(i);
        if (a.type() != want) {
            throw Functions.noFunction(name, args, pos);
        }
        return a;
    }

    /** The json set-returning functions: each, each_text, array_elements(_text), object_keys. */
    static SetReturning.Srf srf(final String name, final List<Expr> args, final BindContext ctx, final int pos) {
        final Expr a = json(args, 0, name, ctx, pos);
        final PgType jt = a.type();
        final boolean text = name.endsWith("_text");
        final boolean json = jt == PgType.JSON;
        if (name.endsWith("_each") || name.endsWith("_each_text")) {
            final Expr c = call(name, PgType.RECORD, (v, cx) -> JsonOps.each(tree(v[0], jt), name, text, json), a);
            return new SetReturning.Srf(c, List.of(OutCol.of("key", PgType.TEXT), OutCol.of("value", text ? PgType.TEXT : jt)));
        }
        if (name.contains("_array_elements")) {
            final PgType t = text ? PgType.TEXT : jt;
            final Expr c = call(name, t, (v, cx) -> JsonOps.elements(tree(v[0], jt), name, text, json), a);
            return new SetReturning.Srf(c, List.of(OutCol.of("value", t)));
        }
        final Expr c = call(name, PgType.TEXT, (v, cx) -> JsonOps.objectKeys(tree(v[0], jt), name), a);
        return new SetReturning.Srf(c, List.of(OutCol.of(name, PgType.TEXT)));
    }

    /** Result type of json_agg, jsonb_agg, json_object_agg, jsonb_object_agg. */
    static PgType aggregateType(final String kind) {
        return kind.startsWith("jsonb") ? PgType.JSONB : PgType.JSON;
    }
}
