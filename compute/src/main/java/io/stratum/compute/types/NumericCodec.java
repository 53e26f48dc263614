package io.stratum.compute.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * numeric as text (the plain decimal with its display scale) and binary (numeric_send):
 * <pre>
 *  int16 ndigits | int16 weight | int16 sign (0x0000 +, 0x4000 -, 0xC000 NaN, 0xD000 Infinity, 0xF000 -Infinity)
 *  | int16 dscale | int16 digit[ndigits]
 * </pre>
 * each digit is base 10000 and digit[0] is worth 10000^weight; the special values have no digits and weight 0
 * (dscale 0 for NaN, 32 for the infinities, as numeric_send sends them). Finite values are BigDecimal, the special
 * ones {@link NumericSpecial}.
 */
final class NumericCodec {
    private static final int POS = 0x0000;
    private static final int NEG = 0x4000;
    private static final int NAN = 0xC000;
    private static final int PINF = 0xD000;
    private static final int NINF = 0xF000;
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    private NumericCodec() {
    }

    static String format(final Object value) {
        if (value instanceof NumericSpecial) {
            return value.toString();
        }
        final BigDecimal v = (BigDecimal) value;
        return v.scale() < 0 ? v.setScale(0).toPlainString() : v.toPlainString();
    }

    /** numeric_in: a BigDecimal, or a NumericSpecial for NaN, Infinity, inf and their signed forms. */
    static Object parse(final String text) {
        final NumericSpecial special = NumericSpecial.parse(text);
        if (special != null) {
            return special;
        }
        final String s = text.strip();
        if (!FloatText.isDecimal(s)) {
            throw CodecErrors.syntax("numeric", text);
        }
        try {
            return checkRange(new BigDecimal(s));
        } catch (final NumberFormatException | ArithmeticException e) {
            throw overflow();
        }
    }

    /** PostgreSQL's limits: 131072 digits before the decimal point, 16383 after. */
    private static BigDecimal checkRange(final BigDecimal v) {
        if ((long) v.precision() - v.scale() > 131_072) {
            throw overflow();
        }
        if (v.scale() > 16_383) {
            return v.setScale(16_383, RoundingMode.HALF_UP);
        }
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    private static io.stratum.compute.session.SqlException overflow() {
        return new io.stratum.compute.session.SqlException("22003", "value overflows numeric format");
    }

    static byte[] formatBinary(final Object value) {
        if (value instanceof NumericSpecial sp) {
            final byte[] out = new byte[8];
            put16(out, 4, sp.isNaN() ? NAN : sp.signum() > 0 ? PINF : NINF);
            // numeric_send reads the dscale of a special value from its header's short-format bits: 32 for the
            // infinities, 0 for NaN
            put16(out, 6, sp.isNaN() ? 0 : 32);
            return out;
        }
        return formatBinary((BigDecimal) value);
    }

    private static byte[] formatBinary(final BigDecimal value) {
        final BigDecimal v = value.scale() < 0 ? value.setScale(0) : value;
        final int dscale = v.scale();
        final String plain = v.unscaledValue().abs().toString();
        final String intPart;
        final String fracPart;
        if (plain.length() > dscale) {
            intPart = plain.substring(0, plain.length() - dscale);
            fracPart = plain.substring(plain.length() - dscale);
        } else {
            intPart = "";
            fracPart = "0".repeat(dscale - plain.length()) + plain;
        }
        final int intGroups = (intPart.length() + 3) / 4;
        final int fracGroups = (fracPart.length() + 3) / 4;
        final short[] digits = new short[intGroups + fracGroups];
        final int intPad = intGroups * 4 - intPart.length();
        for (int g = 0; g < intGroups; g++) {
            int d = 0;
            for (int k = 0; k < 4; k++) {
                final int pos = g * 4 + k - intPad;
                d = d * 10 + (pos >= 0 ? intPart.charAt(pos) - '0' : 0);
            }
            digits[g] = (short) d;
        }
        for (int g = 0; g < fracGroups; g++) {
            int d = 0;
            for (int k = 0; k < 4; k++) {
                final int pos = g * 4 + k;
                d = d * 10 + (pos < fracPart.length() ? fracPart.charAt(pos) - '0' : 0);
            }
            digits[intGroups + g] = (short) d;
        }
        int first = 0;
        while (first < digits.length && digits[first] == 0) {
            first++;
        }
        int last = digits.length;
        while (last > first && digits[last - 1] == 0) {
            last--;
        }
        final int ndigits = last - first;
        final int weight = ndigits == 0 ? 0 : intGroups - 1 - first;
        final byte[] out = new byte[8 + 2 * ndigits];
        put16(out, 0, ndigits);
        put16(out, 2, weight);
        put16(out, 4, ndigits == 0 || v.signum() >= 0 ? POS : NEG);
        put16(out, 6, dscale);
        for (int i = 0; i < ndigits; i++) {
            put16(out, 8 + 2 * i, digits[first + i]);
        }
        return out;
    }

    static Object parseBinary(final byte[] b, final int off, final int len) {
        if (len < 8) {
            throw CodecErrors.binaryLength("numeric", len);
        }
        final int ndigits = get16(b, off);
        final int weight = (short) get16(b, off + 2);
        final int sign = get16(b, off + 4);
        final int dscale = get16(b, off + 6);
        if (ndigits < 0 || len != 8 + 2 * ndigits || (dscale & 0xC000) != 0 || ndigits > 32_767) {
            throw CodecErrors.binary("numeric");
        }
        if (sign == NAN) {
            return NumericSpecial.NAN;
        }
        if (sign == PINF || sign == NINF) {
            return sign == PINF ? NumericSpecial.POSITIVE_INFINITY : NumericSpecial.NEGATIVE_INFINITY;
        }
        if (sign != POS && sign != NEG) {
            throw new io.stratum.compute.session.SqlException("22P03", "invalid sign in external \"numeric\" value");
        }
        BigInteger acc = BigInteger.ZERO;
        for (int i = 0; i < ndigits; i++) {
            final int d = get16(b, off + 8 + 2 * i);
            if (d < 0 || d >= 10_000) {
                throw new io.stratum.compute.session.SqlException("22P03", "invalid digit in external \"numeric\" value");
            }
            acc = acc.multiply(TEN_THOUSAND).add(BigInteger.valueOf(d));
        }
        BigDecimal v = new BigDecimal(acc).movePointRight(4 * (weight - ndigits + 1));
        v = v.setScale(dscale, RoundingMode.HALF_UP);
        return sign == NEG ? v.negate() : v;
    }

    private static void put16(final byte[] b, final int off, final int v) {
        b[off] = (byte) (v >> 8);
        b[off + 1] = (byte) v;
    }

    private static int get16(final byte[] b, final int off) {
        return (short) ((b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF)) & 0xFFFF;
    }
}
