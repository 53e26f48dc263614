package io.stratum.compute.exec;

import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * var_samp / var_pop / stddev_samp / stddev_pop (variance and stddev are the sample ones): exact over numeric
 * (integers included) with PostgreSQL's division scale (NaN once a NaN or an infinity is among the values),
 * Youngs-Cramer over float8 as PostgreSQL computes it.
 */
final class Variance {
    private Variance() {
    }

    static void accumulate(final Aggregate.Spec s, final Aggregate.Acc acc, final Object v) {
        if (s.type() == PgType.FLOAT8) {
            final double x = ((Number) v).doubleValue();
            final double n0 = acc.count;
            acc.count++;
            acc.sx += x;
            if (n0 > 0) {
                final double tmp = x * acc.count - acc.sx;
                acc.sxx += tmp * tmp / (acc.count * n0);
            } else {
                acc.sxx = Double.isNaN(x) || Double.isInfinite(x) ? Double.NaN : 0;
            }
            return;
        }
        acc.count++;
        if (v instanceof io.stratum.compute.types.NumericSpecial) {
            acc.nonFinite = true;
            return;
        }
        final BigDecimal x = Values.decimal(v);
        acc.value = acc.value == null ? x : ((BigDecimal) acc.value).add(x);
        acc.sumSq = acc.sumSq == null ? x.multiply(x) : acc.sumSq.add(x.multiply(x));
    }

    static Object finish(final Aggregate.Spec s, final Aggregate.Acc acc) {
        final boolean samp = !s.kind().endsWith("pop");
        final boolean sqrt = s.kind().startsWith("stddev");
        if (acc.count == 0 || samp && acc.count == 1) {
            return null;
        }
        if (s.type() == PgType.FLOAT8) {
            final double var = acc.sxx / (samp ? acc.count - 1.0 : acc.count);
            return sqrt ? Math.sqrt(var) : var;
        }
        if (acc.nonFinite) {
            return io.stratum.compute.types.NumericSpecial.NAN;
        }
        final BigDecimal n = BigDecimal.valueOf(acc.count);
        final BigDecimal sum = (BigDecimal) acc.value;
        BigDecimal num = n.multiply(acc.sumSq).subtract(sum.multiply(sum));
        final BigDecimal den = n.multiply(samp ? n.subtract(BigDecimal.ONE) : n);
        if (num.signum() < 0) {
            num = BigDecimal.ZERO;
        }
        final BigDecimal var = (BigDecimal) Values.arith('/', num, den, 3);
        if (!sqrt) {
            return var;
        }
        return var.sqrt(new MathContext(var.precision() + var.scale() + 20)).setScale(var.scale(), RoundingMode.HALF_UP);
    }
}
