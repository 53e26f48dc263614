package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.Builtins;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.types.Interval;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.util.List;

/** Date/time functions: date_trunc, extract/date_part, age, justify_days/hours/interval. */
final class DateTimeBinder {
    private DateTimeBinder() {
    }

    /** The call, or null when {@code name} is not one of these functions. */
    static Expr function(final String name, final List<Expr> args, final BindContext ctx) {
        final int n = args.size();
        switch (name) {
            case "date_trunc": {
                if (n != 2) {
                    return null;
                }
                Expr x = args.get(1);
                if (x.type() == PgType.UNKNOWN) {
                    x = Coerce.to(x, PgType.TIMESTAMPTZ, ctx);
                }
                final PgType t = x.type() == PgType.DATE ? PgType.TIMESTAMPTZ : x.type();
                return fn(name, t, (a, cx) -> Builtins.dateTrunc((String) a[0], a[1], cx.zone()), text(args, ctx), x);
            }
            case "extract": case "date_part": {
                if (n != 2) {
                    return null;
                }
                Expr x = args.get(1);
                if (x.type() == PgType.UNKNOWN) {
                    x = Coerce.to(x, PgType.TIMESTAMPTZ, ctx);
                }
                final boolean part = name.equals("date_part");
                return fn(name, part ? PgType.FLOAT8 : PgType.NUMERIC, (a, cx) -> {
                    final BigDecimal r = Builtins.extract((String) a[0], a[1], cx.zone());
                    return part ? (Object) r.doubleValue() : r;
                }, text(args, ctx), x);
            }
            case "age": {
                if (n < 1 || n > 2) {
                    return null;
                }
                final Expr x = Coerce.to(args.get(0), PgType.TIMESTAMP, ctx);
                final Expr y = n > 1 ? Coerce.to(args.get(1), PgType.TIMESTAMP, ctx) : new Exprs.Call("current_date", PgType.TIMESTAMP,
                    (a, cx) -> cx.env().transactionTimestamp().atZoneSameInstant(cx.zone()).toLocalDate().atStartOfDay(), new Expr[0], false);
                return n > 1 ? fn(name, PgType.INTERVAL, (a, cx) -> Builtins.age(a[0], a[1]), x, y)
                    : fn(name, PgType.INTERVAL, (a, cx) -> Builtins.age(a[1], a[0]), x, y);
            }
            case "justify_days": case "justify_hours": case "justify_interval": {
                if (n != 1) {
                    return null;
                }
                final Expr x = Coerce.to(args.get(0), PgType.INTERVAL, ctx);
                return fn(name, PgType.INTERVAL, (a, cx) -> {
                    final Interval v = (Interval) a[0];
                    return name.equals("justify_days") ? v.justifyDays()
                        : name.equals("justify_hours") ? v.justifyHours() : v.justifyInterval();
                }, x);
            }
            default:
                return null;
        }
    }

    private static Expr text(final List<Expr> args, final BindContext ctx) {
        return Coerce.to(args.get(0), PgType.TEXT, ctx);
    }

    private static Expr fn(final String name, final PgType t, final Exprs.Fn f, final Expr... args) {
        return new Exprs.Call(name, t, f, args, true);
    }
}
