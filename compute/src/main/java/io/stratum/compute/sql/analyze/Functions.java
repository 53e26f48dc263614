package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.Builtins;
import io.stratum.compute.exec.Casts;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.MoreExprs;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.exec.Values;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.FuncCall;
import io.stratum.compute.sql.ast.SqlValueFunction;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The built-in function table: name and argument types to a typed call. */
final class Functions {
    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "bool_and", "bool_or",
        "every", "string_agg", "array_agg", "variance", "var_samp", "var_pop", "stddev", "stddev_samp", "stddev_pop");
    private static final Set<String> SRFS = Set.of("generate_series", "unnest", "_pg_expandarray", "pg_partition_ancestors",
        "regexp_split_to_table", "generate_subscripts", "pg_get_keywords", "json_each", "stratum_branch_list",
        "stratum_diff");

    /** Functions the engine's Env answers (catalog and session functions), with their result types. */
    private static final java.util.Map<String, PgType> ENV = new java.util.HashMap<>();

    static {
        for (final String s : new String[] {"format_type", "pg_get_indexdef", "pg_get_constraintdef", "pg_get_expr",
            "obj_description", "col_description", "shobj_description", "pg_size_pretty", "pg_get_serial_sequence",
            "pg_get_partkeydef", "pg_get_triggerdef", "pg_get_viewdef", "pg_get_ruledef", "pg_get_functiondef",
            "pg_get_function_arguments", "pg_get_function_result", "pg_get_function_identity_arguments",
            "pg_get_function_sqlbody",
            "pg_get_statisticsobjdef_columns", "current_setting", "set_config", "pg_current_wal_lsn", "version",
            "pg_get_nodef", "pg_encoding_to_char", "pg_get_userbyid", "current_database", "current_schema",
            "current_user", "session_user", "inet_server_addr", "pg_postmaster_start_time_text"}) {
            ENV.put(s, PgType.TEXT);
        }
        ENV.put("pg_get_userbyid", PgType.NAME);
        ENV.put("pg_encoding_to_char", PgType.NAME);
        ENV.put("current_database", PgType.NAME);
        ENV.put("current_schema", PgType.NAME);
        ENV.put("current_user", PgType.NAME);
        ENV.put("session_user", PgType.NAME);
        for (final String s : new String[] {"pg_table_is_visible", "pg_type_is_visible", "pg_function_is_visible",
            "pg_is_other_temp_schema", "pg_relation_is_publishable", "has_table_privilege", "has_schema_privilege",
            "has_database_privilege", "has_column_privilege", "has_sequence_privilege", "has_function_privilege",
            "pg_has_role", "pg_is_in_recovery", "pg_collation_is_visible", "pg_opclass_is_visible",
            "pg_conversion_is_visible", "pg_ts_config_is_visible", "pg_statistics_obj_is_visible", "pg_sleep_bool"}) {
            ENV.put(s, PgType.BOOL);
        }
        for (final String s : new String[] {"pg_relation_size", "pg_table_size", "pg_indexes_size", "pg_total_relation_size",
            "nextval", "currval", "setval", "lastval", "txid_current", "pg_database_size"}) {
            ENV.put(s, PgType.INT8);
        }
        ENV.put("pg_backend_pid", PgType.INT4);
        ENV.put("current_schemas", PgType.NAME_ARRAY);
        ENV.put("pg_postmaster_start_time", PgType.TIMESTAMPTZ);
        ENV.put("pg_sleep", PgType.VOID);
        ENV.put("stratum_branch_create", PgType.TEXT); // branch functions: the session's BranchFunctions answers
        ENV.put("stratum_branch_merge", PgType.TEXT);
        ENV.put("pg_cancel_backend", PgType.BOOL);
        ENV.put("pg_terminate_backend", PgType.BOOL);
        ENV.put("to_regclass", PgType.REGCLASS);
        ENV.put("to_regtype", PgType.REGTYPE);
    }

    private Functions() {
    }

    static boolean isAggregate(final String name) {
        return AGGREGATES.contains(name) || JsonBinder.AGGREGATES.contains(name);
    }

    static boolean isSetReturning(final String name, final String schema) {
        return SRFS.contains(name) || JsonBinder.SRFS.contains(name);
    }

    static PgType aggregateType(final String kind, final PgType arg, final int pos) {
        switch (kind) {
            case "count": case "count_star": return PgType.INT8;
            case "json_agg": case "jsonb_agg": case "json_object_agg": case "jsonb_object_agg":
                return JsonBinder.aggregateType(kind);
            case "sum":
                switch (arg) {
                    case INT2: case INT4: return PgType.INT8;
                    case INT8: case NUMERIC: return PgType.NUMERIC;
                    case FLOAT4: return PgType.FLOAT4;
                    case FLOAT8: return PgType.FLOAT8;
                    case INTERVAL: return PgType.INTERVAL;
                    default: throw new SqlException("42883", "function sum(" + SqlTypes.displayName(arg) + ") does not exist",
                        null, "No function matches the given name and argument types. You might need to add explicit type casts.",
                        pos + 1, null);
                }
            case "avg":
                switch (arg) {
                    case INT2: case INT4: case INT8: case NUMERIC: return PgType.NUMERIC;
                    case FLOAT4: case FLOAT8: return PgType.FLOAT8;
                    case INTERVAL: return PgType.INTERVAL;
                    default: throw new SqlException("42883", "function avg(" + SqlTypes.displayName(arg) + ") does not exist",
                        null, "No function matches the given name and argument types. You might need to add explicit type casts.",
                        pos + 1, null);
                }
            case "min": case "max":
                if (arg == PgType.BOOL || arg == PgType.UUID || arg == PgType.JSON || arg == PgType.JSONB) {
                    throw new SqlException("42883", "function " + kind + "(" + SqlTypes.displayName(arg) + ") does not exist",
                        null, "No function matches the given name and argument types. You might need to add explicit type casts.",
                        pos + 1, null);
                }
                return arg;
            case "var_samp": case "var_pop": case "stddev_samp": case "stddev_pop": case "variance": case "stddev":
                if (SqlTypes.category(arg) != 'N') {
                    throw new SqlException("42883", "function " + kind + "(" + SqlTypes.displayName(arg) + ") does not exist",
                        null, "No function matches the given name and argument types. You might need to add explicit type casts.",
                        pos + 1, null);
                }
                return arg == PgType.FLOAT4 || arg == PgType.FLOAT8 ? PgType.FLOAT8 : PgType.NUMERIC;
            case "bool_and": case "bool_or": return PgType.BOOL;
            case "string_agg": return PgType.TEXT;
            case "array_agg": {
                // array_agg(anyarray): one more dimension
                final PgType a = SqlTypes.isArray(arg) ? arg : SqlTypes.arrayOf(arg);
                return a == null ? PgType.TEXT_ARRAY : a;
            }
            default: throw new SqlException("42883", "function " + kind + " does not exist");
        }
    }

    /** The arguments of string functions that PostgreSQL declares text (no implicit cast from numbers or booleans). */
    private static final java.util.Map<String, int[]> TEXT_ARGS = java.util.Map.ofEntries(
        java.util.Map.entry("lower", new int[] {0}), java.util.Map.entry("upper", new int[] {0}),
        java.util.Map.entry("initcap", new int[] {0}), java.util.Map.entry("reverse", new int[] {0}),
        java.util.Map.entry("md5", new int[] {0}), java.util.Map.entry("length", new int[] {0}),
        java.util.Map.entry("char_length", new int[] {0}), java.util.Map.entry("character_length", new int[] {0}),
        java.util.Map.entry("substr", new int[] {0}), java.util.Map.entry("strpos", new int[] {0, 1}),
        java.util.Map.entry("replace", new int[] {0, 1, 2}), java.util.Map.entry("btrim", new int[] {0, 1}),
        java.util.Map.entry("ltrim", new int[] {0, 1}), java.util.Map.entry("rtrim", new int[] {0, 1}),
        java.util.Map.entry("left", new int[] {0}), java.util.Map.entry("right", new int[] {0}),
        java.util.Map.entry("lpad", new int[] {0, 2}), java.util.Map.entry("rpad", new int[] {0, 2}),
        java.util.Map.entry("repeat", new int[] {0}), java.util.Map.entry("split_part", new int[] {0, 1}),
        java.util.Map.entry("ascii", new int[] {0}), java.util.Map.entry("starts_with", new int[] {0, 1}));

    private static void checkTextArgs(final String name, final List<Expr> args, final int pos) {
        final int[] idx = TEXT_ARGS.get(name);
        if (idx == null) {
            return;
        }
        for (final int i : idx) {
            if (i < args.size()) {
                final PgType t = args.get(i).type();
                if (t != PgType.UNKNOWN && t != PgType.BYTEA && !SqlTypes.isString(t) && !SqlTypes.isArray(t)) {
                    throw noFunction(name, args, pos);
                }
            }
        }
    }

    static SqlException noFunction(final String name, final List<Expr> args, final int pos) {
        final StringBuilder sb = new StringBuilder("function ").append(name).append('(');
        for (int i = 0; i < args.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(SqlTypes.displayName(args.get(i).type()));
        }
        return new SqlException("42883", sb.append(") does not exist").toString(), null,
            "No function matches the given name and argument types. You might need to add explicit type casts.", pos + 1, null);
    }

    static Expr valueFunction(final SqlValueFunction f) {
        switch (f.kind()) {
            case CURRENT_DATE:
                return new Exprs.Call("current_date", PgType.DATE, (a, cx) -> cx.env().transactionTimestamp()
                    .atZoneSameInstant(cx.zone()).toLocalDate(), new Expr[0], false);
            case CURRENT_TIME:
            case LOCALTIME:
                return new Exprs.Call("localtime", PgType.TIME, (a, cx) -> cx.env().transactionTimestamp()
                    .atZoneSameInstant(cx.zone()).toLocalTime(), new Expr[0], false);
            case CURRENT_TIMESTAMP:
                return new Exprs.Call("now", PgType.TIMESTAMPTZ, (a, cx) -> cx.env().transactionTimestamp(), new Expr[0], false);
            case LOCALTIMESTAMP:
                return new Exprs.Call("localtimestamp", PgType.TIMESTAMP, (a, cx) -> cx.env().transactionTimestamp()
                    .atZoneSameInstant(cx.zone()).toLocalDateTime(), new Expr[0], false);
            case CURRENT_CATALOG:
                return env("current_database", PgType.NAME, List.of());
            case CURRENT_SCHEMA:
                return env("current_schema", PgType.NAME, List.of());
            default:
                return env(f.kind() == SqlValueFunction.Kind.SESSION_USER ? "session_user" : "current_user", PgType.NAME, List.of());
        }
    }

    static Expr env(final String name, final PgType type, final List<Expr> args) {
        return new Exprs.Call(name, type, (a, cx) -> cx.env().call(name, a), args.toArray(new Expr[0]), false);
    }

    private static Expr text(final List<Expr> args, final int i, final BindContext ctx) {
        return Coerce.to(args.get(i), PgType.TEXT, ctx);
    }

    private static Expr int4(final List<Expr> args, final int i, final BindContext ctx) {
        return Coerce.to(args.get(i), PgType.INT4, ctx);
    }

    private static Expr fn(final String name, final PgType t, final Exprs.Fn f, final Expr... args) {
        return new Exprs.Call(name, t, f, args, true);
    }

    static Expr resolve(final FuncCall f, final List<Expr> args, final ExprBinder eb) {
        final BindContext ctx = eb.ctx;
        final String name = f.name().name().toLowerCase(Locale.ROOT);
        final int n = args.size();
        final int pos = f.pos();
        checkTextArgs(name, args, pos);
        final Expr json = JsonBinder.function(name, args, ctx, pos);
        if (json != null) {
            return json;
        }
        final Expr en = EnumBinder.function(name, args, ctx, pos);
        if (en != null) {
            return en;
        }
        final Expr arrayFn = ArrayBinder.function(name, args, ctx, pos);
        if (arrayFn != null) {
            return arrayFn;
        }
        final Expr dateFn = DateTimeBinder.function(name, args, ctx);
        if (dateFn != null) {
            return dateFn;
        }
        final Expr mathFn = MathBinder.function(name, args, ctx, pos);
        if (mathFn != null) {
            return mathFn;
        }
        switch (name) {
            case "coalesce": case "greatest": case "least": case "nullif": {
                final PgType t = Coerce.common(args, name.toUpperCase(Locale.ROOT), pos);
                final int tm = EnumBinder.typmod(args);
                final List<Expr> cs = new java.util.ArrayList<>(args);
                cs.replaceAll(x -> Coerce.to(x, t, tm, ctx));
                if (name.equals("nullif") && n != 2) {
                    throw noFunction(name, args, pos);
                }
                return new MoreExprs.Variadic(name, name.equals("nullif") ? (args.get(0).type() == PgType.UNKNOWN ? t
                    : args.get(0).type()) : t, cs).withTypmod(EnumBinder.isEnum(t) ? tm : -1);
            }
            case "now": case "transaction_timestamp":
                return new Exprs.Call("now", PgType.TIMESTAMPTZ, (a, cx) -> cx.env().transactionTimestamp(), new Expr[0], false);
            case "statement_timestamp":
                return new Exprs.Call(name, PgType.TIMESTAMPTZ, (a, cx) -> cx.env().statementTimestamp(), new Expr[0], false);
            case "clock_timestamp":
                return new Exprs.Call(name, PgType.TIMESTAMPTZ, (a, cx) -> OffsetDateTime.now(java.time.ZoneOffset.UTC), new Expr[0], false);
            case "timeofday":
                return new Exprs.Call(name, PgType.TEXT, (a, cx) -> OffsetDateTime.now(cx.zone()).toString(), new Expr[0], false);
            case "random":
                return new Exprs.Call(name, PgType.FLOAT8, (a, cx) -> java.util.concurrent.ThreadLocalRandom.current().nextDouble(),
                    new Expr[0], false);
            case "pi":
                return new Exprs.Const(Math.PI, PgType.FLOAT8);
            case "gen_random_uuid":
                return new Exprs.Call(name, PgType.UUID, (a, cx) -> io.stratum.compute.types.UuidCodec.random(), new Expr[0], false);
            case "lower": case "upper": case "initcap": case "reverse": case "md5": case "quote_literal": {
                final Expr s = text(args, 0, ctx);
                return fn(name, PgType.TEXT, (a, cx) -> {
                    final String v = (String) a[0];
                    switch (name) {
                        case "lower": return v.toLowerCase(Locale.ROOT);
                        case "upper": return v.toUpperCase(Locale.ROOT);
                        case "initcap": return Builtins.initcap(v);
                        case "reverse": return new StringBuilder(v).reverse().toString();
                        case "md5": return Builtins.md5(v);
                        default: return Builtins.quoteLiteral(v);
                    }
                }, s);
            }
            case "quote_ident":
                return fn(name, PgType.TEXT, (a, cx) -> {
                    final String v = (String) a[0];
                    return v.matches("[a-z_][a-z0-9_$]*") ? v : "\"" + v.replace("\"", "\"\"") + "\"";
                }, text(args, 0, ctx));
            case "length": case "char_length": case "character_length": case "octet_length": {
                final Expr s = args.get(0).type() == PgType.BYTEA ? args.get(0) : text(args, 0, ctx);
                return fn(name, PgType.INT4, (a, cx) -> a[0] instanceof byte[] ? ((byte[]) a[0]).length : name.equals("octet_length")
                    ? ((String) a[0]).getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    : ((String) a[0]).codePointCount(0, ((String) a[0]).length()), s);
            }
            case "substr": case "substring": {
                if (n == 2 && args.get(1).type() != PgType.UNKNOWN && SqlTypes.isString(args.get(1).type())) {
                    return fn(name, PgType.TEXT, (a, cx) -> {
                        final java.util.regex.Matcher m = MoreExprs.regex((String) a[1], false).matcher((String) a[0]);
                        return m.find() ? (m.groupCount() > 0 ? m.group(1) : m.group()) : null;
                    }, text(args, 0, ctx), text(args, 1, ctx));
                }
                final Expr s = text(args, 0, ctx);
                final Expr from = int4(args, 1, ctx);
                if (n > 2) {
                    return fn(name, PgType.TEXT, (a, cx) -> Builtins.substr((String) a[0], (Integer) a[1], (Integer) a[2]),
                        s, from, int4(args, 2, ctx));
                }
                return fn(name, PgType.TEXT, (a, cx) -> Builtins.substr((String) a[0], (Integer) a[1], null), s, from);
            }
            case "position": case "strpos":
                return fn(name, PgType.INT4, (a, cx) -> {
                    final String s = (String) a[0];
                    final int k = s.indexOf((String) a[1]);
                    return k < 0 ? 0 : s.codePointCount(0, k) + 1;
                }, text(args, 0, ctx), text(args, 1, ctx));
            case "starts_with":
                return fn(name, PgType.BOOL, (a, cx) -> ((String) a[0]).startsWith((String) a[1]), text(args, 0, ctx), text(args, 1, ctx));
            case "replace":
                return fn(name, PgType.TEXT, (a, cx) -> ((String) a[0]).replace((String) a[1], (String) a[2]),
                    text(args, 0, ctx), text(args, 1, ctx), text(args, 2, ctx));
            case "btrim": case "ltrim": case "rtrim": case "trim": {
                final Expr s = text(args, 0, ctx);
                final Expr chars = n > 1 ? text(args, 1, ctx) : new Exprs.Const(" ", PgType.TEXT);
                return fn(name, PgType.TEXT, (a, cx) -> Builtins.trim((String) a[0], (String) a[1], !name.equals("rtrim"),
                    !name.equals("ltrim")), s, chars);
            }
            case "concat": case "concat_ws": {
                if (args.size() < (name.equals("concat") ? 1 : 2)) {
                    throw noFunction(name, args, pos);
                }
                final Expr[] ev = args.toArray(new Expr[0]);
                for (int i = 0; i < ev.length; i++) {
                    if (ev[i].type() == PgType.UNKNOWN) {
                        ev[i] = Coerce.to(ev[i], PgType.TEXT, ctx);
                    }
                }
                return new Exprs.Call(name, PgType.TEXT, (a, cx) -> {
                    final StringBuilder sb = new StringBuilder();
                    final int start = name.equals("concat") ? 0 : 1;
                    if (start == 1 && a[0] == null) {
                        return null;
                    }
                    boolean first = true;
                    for (int i = start; i < a.length; i++) {
                        if (a[i] != null) {
                            if (!first && start == 1) {
                                sb.append(a[0]);
                            }
                            // the output function's text: booleans print as t / f (their cast to text says true)
                            sb.append(a[i] instanceof Boolean ? ((Boolean) a[i] ? "t" : "f") : Casts.toText(a[i], null, cx.zone()));
                            first = false;
                        }
                    }
                    return sb.toString();
                }, ev, false);
            }
            case "left": case "right":
                return fn(name, PgType.TEXT, (a, cx) -> {
                    final String s = (String) a[0];
                    final int k = (Integer) a[1];
                    final int len = s.length();
                    final int m = k >= 0 ? Math.min(k, len) : Math.max(0, len + k);
                    return name.equals("left") ? s.substring(0, m) : s.substring(len - m);
                }, text(args, 0, ctx), int4(args, 1, ctx));
            case "lpad": case "rpad":
                return fn(name, PgType.TEXT, (a, cx) -> Builtins.pad((String) a[0], (Integer) a[1], (String) a[2], name.equals("lpad")),
                    text(args, 0, ctx), int4(args, 1, ctx), n > 2 ? text(args, 2, ctx) : new Exprs.Const(" ", PgType.TEXT));
            case "repeat":
                return fn(name, PgType.TEXT, (a, cx) -> ((String) a[0]).repeat(Math.max(0, (Integer) a[1])), text(args, 0, ctx), int4(args, 1, ctx));
            case "split_part":
                return fn(name, PgType.TEXT, (a, cx) -> Builtins.splitPart((String) a[0], (String) a[1], (Integer) a[2]),
                    text(args, 0, ctx), text(args, 1, ctx), int4(args, 2, ctx));
            case "regexp_replace":
                return fn(name, PgType.TEXT, (a, cx) -> Builtins.regexpReplace((String) a[0], (String) a[1], (String) a[2],
                    a.length > 3 ? (String) a[3] : null), n > 3 ? new Expr[] {text(args, 0, ctx), text(args, 1, ctx), text(args, 2, ctx),
                    text(args, 3, ctx)} : new Expr[] {text(args, 0, ctx), text(args, 1, ctx), text(args, 2, ctx)});
            case "chr":
                return fn(name, PgType.TEXT, (a, cx) -> new String(Character.toChars((Integer) a[0])), int4(args, 0, ctx));
            case "to_hex":
                return fn(name, PgType.TEXT, (a, cx) -> Long.toHexString(a[0] instanceof Integer ? ((Integer) a[0]) & 0xFFFFFFFFL
                    : ((Number) a[0]).longValue()), args.get(0).type() == PgType.INT8 ? args.get(0) : int4(args, 0, ctx));
            case "pg_typeof": {
                final Expr a0 = args.get(0);
                final long oid = EnumBinder.isEnum(a0.type()) && a0.typmod() >= 0
                    ? a0.typmod() + (a0.type() == PgType.ENUM ? 0 : 1) : a0.type().oid();
                return new Exprs.Call(name, PgType.REGTYPE, (a, cx) -> oid, new Expr[] {args.get(0)}, false);
            }
            case "ascii":
                return fn(name, PgType.INT4, (a, cx) -> ((String) a[0]).isEmpty() ? 0 : ((String) a[0]).codePointAt(0), text(args, 0, ctx));
            case "to_char":
                return fn(name, PgType.TEXT, (a, cx) -> Builtins.toChar(a[0], (String) a[1], cx.zone()), args.get(0), text(args, 1, ctx));
            case "abs": case "ceil": case "ceiling": case "floor": case "sign": {
                Expr x = args.get(0);
                if (x.type() == PgType.UNKNOWN) {
                    x = Coerce.to(x, PgType.FLOAT8, ctx);
                }
                if (name.equals("sign") && x.type() != PgType.NUMERIC) {
                    x = Coerce.to(x, PgType.FLOAT8, ctx); // sign exists for float8 and numeric only
                }
                final PgType t = name.equals("abs") || name.equals("sign") ? x.type()
                    : (x.type() == PgType.FLOAT4 || x.type() == PgType.FLOAT8 ? PgType.FLOAT8 : PgType.NUMERIC);
                return fn(name, SqlTypes.numericRank(t) < 3 && !name.equals("abs") && !name.equals("sign") ? PgType.NUMERIC : t, (a, cx) -> {
                    switch (name) {
                        case "abs": return Builtins.abs(a[0]);
                        case "sign": return Builtins.sign(a[0], t, cx.zone());
                        default: return Builtins.ceilFloor(a[0], !name.equals("floor"));
                    }
                }, x);
            }
            case "round": case "trunc": {
                Expr x = args.get(0);
                if (x.type() == PgType.UNKNOWN || SqlTypes.numericRank(x.type()) < 3) {
                    x = Coerce.to(x, PgType.NUMERIC, ctx);
                }
                final PgType t = x.type() == PgType.NUMERIC ? PgType.NUMERIC : PgType.FLOAT8;
                final Expr d = n > 1 ? int4(args, 1, ctx) : null;
                final boolean trunc = name.equals("trunc");
                return new Exprs.Call(name, t, (a, cx) -> {
                    if (a[0] == null || (a.length > 1 && a[1] == null)) {
                        return null;
                    }
                    if (trunc) {
                        if (a[0] instanceof io.stratum.compute.types.NumericSpecial) {
                            return a[0];
                        }
                        final BigDecimal r = Values.decimal(a[0]).setScale(a.length > 1 ? (Integer) a[1] : 0, java.math.RoundingMode.DOWN);
                        return t == PgType.NUMERIC ? r : (Object) r.doubleValue();
                    }
                    return Builtins.round(a[0], a.length > 1 ? (Integer) a[1] : null);
                }, d == null ? new Expr[] {x} : new Expr[] {x, d}, false);
            }
            case "mod": case "div": {
                final Expr[] lr = new Expr[] {args.get(0), args.get(1)};
                final int ra = Math.max(SqlTypes.numericRank(lr[0].type()), SqlTypes.numericRank(lr[1].type()));
                final PgType t = ra < 0 ? PgType.NUMERIC : SqlTypes.byRank(ra);
                return fn(name, name.equals("div") ? PgType.NUMERIC : t, (a, cx) -> name.equals("mod") ? Builtins.mod(a[0], a[1])
                    : Builtins.div(a[0], a[1]), Coerce.to(lr[0], t, ctx), Coerce.to(lr[1], t, ctx));
            }
            case "power": case "pow": {
                final boolean num = args.get(0).type() == PgType.NUMERIC || args.get(1).type() == PgType.NUMERIC;
                final PgType t = num ? PgType.NUMERIC : PgType.FLOAT8;
                return fn(name, t, (a, cx) -> Builtins.power(a[0], a[1]), Coerce.to(args.get(0), t, ctx), Coerce.to(args.get(1), t, ctx));
            }
            case "sqrt": case "exp": case "ln": case "log": case "cbrt": {
                final boolean num = args.get(0).type() == PgType.NUMERIC || SqlTypes.numericRank(args.get(0).type()) < 3
                    && !name.equals("sqrt");
                // cbrt has only a double precision variant
                final PgType t = args.get(0).type() == PgType.NUMERIC && !name.equals("cbrt") ? PgType.NUMERIC : PgType.FLOAT8;
                return fn(name, t, (a, cx) -> {
                    if (name.equals("sqrt")) {
                        return Builtins.sqrt(a[0]);
                    }
                    if (a[0] instanceof io.stratum.compute.types.NumericSpecial) {
                        return Builtins.expLog(name, a[0]);
                    }
                    final double d = ((Number) a[0]).doubleValue();
                    if ((name.equals("ln") || name.equals("log")) && d <= 0) {
                        throw new SqlException("2201E", d == 0 ? "cannot take logarithm of zero"
                            : "cannot take logarithm of a negative number");
                    }
                    final double r = name.equals("exp") ? Math.exp(d) : name.equals("ln") ? Math.log(d) : name.equals("log")
                        ? Math.log10(d) : Math.cbrt(d);
                    return t == PgType.NUMERIC ? (Object) BigDecimal.valueOf(r) : (Object) r;
                }, Coerce.to(args.get(0), t, ctx));
            }
            case "to_timestamp":
                return fn(name, PgType.TIMESTAMPTZ, (a, cx) -> {
                    final double s = ((Number) a[0]).doubleValue();
                    return java.time.Instant.ofEpochSecond((long) Math.floor(s), (long) ((s - Math.floor(s)) * 1e9))
                        .atOffset(java.time.ZoneOffset.UTC);
                }, Coerce.to(args.get(0), PgType.FLOAT8, ctx));
            case "timezone": {
                final Expr z = text(args, 0, ctx);
                Expr x = args.get(1);
                if (x.type() == PgType.UNKNOWN) {
                    x = Coerce.to(x, PgType.TIMESTAMPTZ, ctx);
                }
                final boolean fromTz = x.type() == PgType.TIMESTAMPTZ;
                return fn(name, fromTz ? PgType.TIMESTAMP : PgType.TIMESTAMPTZ, (a, cx) -> {
                    final java.time.ZoneId zone = java.time.ZoneId.of((String) a[0], java.time.ZoneId.SHORT_IDS);
                    return fromTz ? ((OffsetDateTime) a[1]).atZoneSameInstant(zone).toLocalDateTime()
                        : ((java.time.LocalDateTime) Casts.cast(a[1], PgType.TIMESTAMP, -1, cx.zone())).atZone(zone).toOffsetDateTime();
                }, z, x);
            }
            case "array_position": {
                final Expr arr = args.get(0);
                final PgType el = SqlTypes.elementType(arr.type());
                return new Exprs.Call(name, PgType.INT4, (a, cx) -> a[0] == null ? null : Builtins.arrayPosition((Object[]) a[0], a[1]),
                    new Expr[] {arr, Coerce.to(args.get(1), el == null ? PgType.TEXT : el, ctx)}, false);
            }
            case "array_length": case "array_upper":
                return fn(name, PgType.INT4, (a, cx) -> Builtins.arrayLength((Object[]) a[0], (Integer) a[1]), args.get(0), int4(args, 1, ctx));
            case "array_lower":
                return fn(name, PgType.INT4, (a, cx) -> ((Object[]) a[0]).length > 0 ? (Object) 1 : null, args.get(0), int4(args, 1, ctx));
            case "cardinality":
                return fn(name, PgType.INT4, (a, cx) -> ((Object[]) a[0]).length, args.get(0));
            case "array_to_string":
                return new Exprs.Call(name, PgType.TEXT, (a, cx) -> {
                    if (a[0] == null || a[1] == null) {
                        return null;
                    }
                    final StringBuilder sb = new StringBuilder();
                    boolean first = true;
                    for (final Object o : io.stratum.compute.types.ArrayValues.flatten((Object[]) a[0])) {
                        if (o != null || a.length > 2 && a[2] != null) {
                            sb.append(first ? "" : (String) a[1]).append(o == null ? (String) a[2] : Casts.toText(o, null, cx.zone()));
                            first = false;
                        }
                    }
                    return sb.toString();
                }, n > 2 ? new Expr[] {args.get(0), text(args, 1, ctx), text(args, 2, ctx)}
                    : new Expr[] {args.get(0), text(args, 1, ctx)}, false);
            case "pg_sleep":
                return new Exprs.Call(name, PgType.VOID, (a, cx) -> {
                    final long until = System.nanoTime() + (long) (((Number) a[0]).doubleValue() * 1e9);
                    synchronized (cx) {
                        while (System.nanoTime() - until < 0) {
                            cx.checkNow();
                            try {
                                cx.wait(Math.max(1, Math.min(20, (until - System.nanoTime()) / 1_000_000)));
                            } catch (final InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new SqlException("57014", "canceling statement due to user request");
                            }
                        }
                    }
                    return null;
                }, new Expr[] {Coerce.to(args.get(0), PgType.FLOAT8, ctx)}, true);
            case "nextval": case "currval":
                return env(name, PgType.INT8, List.of(Coerce.to(args.get(0), PgType.REGCLASS, ctx)));
            case "setval":
                return env(name, PgType.INT8, n > 2 ? List.of(Coerce.to(args.get(0), PgType.REGCLASS, ctx), Coerce.to(args.get(1),
                    PgType.INT8, ctx), Coerce.to(args.get(2), PgType.BOOL, ctx)) : List.of(Coerce.to(args.get(0), PgType.REGCLASS, ctx),
                    Coerce.to(args.get(1), PgType.INT8, ctx)));
            case "format":
                return new Exprs.Call(name, PgType.TEXT, (a, cx) -> {
                    final String fmt = (String) a[0];
                    final StringBuilder sb = new StringBuilder();
                    int k = 1;
                    for (int i = 0; i < fmt.length(); i++) {
                        final char c = fmt.charAt(i);
                        if (c == '%' && i + 1 < fmt.length()) {
                            final char d = fmt.charAt(++i);
                            if (d == '%') {
                                sb.append('%');
                            } else {
                                final Object v = k < a.length ? a[k++] : null;
                                final String text = v == null ? null : Casts.toText(v, null, cx.zone());
                                sb.append(v == null ? (d == 'L' ? "NULL" : "") : d == 'L' ? Builtins.quoteLiteral(text)
                                    : d == 'I' ? io.stratum.compute.catalog.pg.CatalogFunctions.quoteIdent(text) : text);
                            }
                        } else {
                            sb.append(c);
                        }
                    }
                    return sb.toString();
                }, args.stream().map(x -> x.type() == PgType.UNKNOWN ? Coerce.to(x, PgType.TEXT, ctx) : x).toArray(Expr[]::new), false);
            case "pg_backend_pid": case "version": case "current_database": case "current_schema": case "current_user":
            case "session_user": case "pg_current_wal_lsn": case "pg_postmaster_start_time": case "pg_is_in_recovery":
            case "txid_current": case "lastval": case "inet_server_addr":
                return env(name, ENV.get(name), List.of());
            default:
                break;
        }
        if (ENV.containsKey(name)) {
            final List<Expr> cs = new java.util.ArrayList<>();
            for (final Expr a : args) {
                cs.add(a.type() == PgType.UNKNOWN ? Coerce.to(a, PgType.TEXT, ctx) : a);
            }
            if (name.equals("pg_table_is_visible") || name.equals("pg_get_indexdef") || name.equals("pg_get_constraintdef")
                || name.equals("pg_relation_size") || name.equals("pg_table_size") || name.equals("pg_total_relation_size")
                || name.equals("pg_indexes_size") || name.equals("format_type") || name.equals("pg_get_userbyid")
                || name.equals("obj_description")) {
                if (!cs.isEmpty() && args.get(0).type() == PgType.UNKNOWN) {
                    cs.set(0, Coerce.to(args.get(0), name.startsWith("pg_") && name.contains("size") || name.equals("obj_description")
                        ? PgType.REGCLASS : PgType.OID, ctx));
                }
            }
            return env(name, ENV.get(name), cs);
        }
        throw noFunction(f.name().toString(), args, pos);
    }
}
