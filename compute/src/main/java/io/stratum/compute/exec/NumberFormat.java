package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * to_char of numbers as PostgreSQL's formatting.c prints them in the C locale. The picture's digit positions
 * ({@code 9} blank-padded, {@code 0} zero-padded, {@code .}/{@code D} the point, {@code ,}/{@code G} a group
 * separator shown only after the first digit) fix the digits before and after the point; the value is rounded to
 * the digits after it (numeric half away from zero, float by its exact binary value, half to even, at most 15
 * significant digits for float8 and 6 for float4); too many digits before it print as {@code #}. The sign is a
 * blank or {@code -} before the first digit unless placed by {@code S} (anchored to the number), {@code MI},
 * {@code PL}, {@code SG} or {@code PR} (angle brackets); {@code FM} drops the padding and trailing zeros after
 * the point; {@code TH} appends the ordinal, {@code V} shifts by 10^n, {@code RN} is Roman, {@code EEEE}
 * scientific. Anything else is copied, double-quoted text without its quotes.
 */
final class NumberFormat {
    private static final String[] KEYWORDS = {"EEEE", "eeee", "FM", "fm", "MI", "mi", "PL", "pl", "PR", "pr", "RN", "rn",
        "SG", "sg", "SP", "sp", "TH", "th", ",", ".", "0", "9", "B", "b", "C", "c", "D", "d", "G", "g", "L", "l", "S", "s",
        "V", "v"};

    /** A parsed picture: its items (a keyword in upper case, or literal text) and NUMDesc's counts and flags. */
    private static final class Desc {
        final List<String> keys = new ArrayList<>();
        final List<Boolean> isKey = new ArrayList<>();
        int pre;
        int post;
        int multi;
        int zeroStart;
        int zeroEnd;
        int preLsignNum;
        /** 0 none, 1 before the number, 2 after it. */
        int lsign;
        boolean decimal;
        boolean zero;
        boolean fill;
        boolean bracket;
        boolean minus;
        boolean plus;
        boolean roman;
        boolean eeee;
        /** V: the 9s after it multiply by 10 each. */
        boolean v;
    }

    private NumberFormat() {
    }

    /** to_char(number, picture) for int2/int4/int8/numeric/float4/float8 values. */
    static String format(final Object value, final String picture) {
        if (picture.isEmpty()) {
            return "";
        }
        final Desc d = parse(picture);
        String numstr;
        char sign = 0;
        int outPreSpaces = 0;
        if (d.roman) {
            numstr = roman(value);
        } else if (d.eeee) {
            numstr = scientific(value, d.pre, d.post);
        } else {
            String org;
            if (value instanceof Double || value instanceof Float) {
                double v = ((Number) value).doubleValue();
                if (d.v) {
                    v *= Math.pow(10, d.multi);
                    d.pre += d.multi;
                }
                final int digits = value instanceof Float ? 6 : 15;
                // PostgreSQL's own printf writes NaN and Infinity for %f
                final boolean finite = !Double.isNaN(v) && !Double.isInfinite(v);
                final int preLen = !finite ? (Double.isNaN(v) ? 3 : 8)
                    : new BigDecimal(Math.abs(v)).setScale(0, RoundingMode.HALF_EVEN).toPlainString().length();
                if (preLen >= digits) {
                    d.post = 0;
                } else if (preLen + d.post > digits) {
                    d.post = digits - preLen;
                }
                if (!finite) {
                    org = Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
                } else {
                    org = new BigDecimal(v).setScale(d.post, RoundingMode.HALF_EVEN).toPlainString();
                    if (v < 0 || v == 0 && 1 / v < 0) {
                        org = org.startsWith("-") ? org : "-" + org;
                    }
                }
            } else if (value instanceof io.stratum.compute.types.NumericSpecial) {
                // numeric_out's NaN / Infinity / -Infinity, laid out as digits (too long: #)
                if (d.v) {
                    d.pre += d.multi;
                }
                org = value.toString();
            } else if (value instanceof BigDecimal) {
                BigDecimal v = (BigDecimal) value;
                if (d.v) {
                    v = v.scaleByPowerOfTen(d.multi);
                    d.pre += d.multi;
                }
                org = v.setScale(d.post, RoundingMode.HALF_UP).toPlainString();
            } else {
                long v = ((Number) value).longValue();
                if (d.v) {
                    v *= (long) Math.pow(10, d.multi);
                    d.pre += d.multi;
                }
                org = Long.toString(v);
                if (d.post > 0) {
                    org = org + "." + "0".repeat(d.post);
                }
            }
            sign = org.startsWith("-") ? '-' : '+';
            numstr = sign == '-' ? org.substring(1) : org;
            final int dot = numstr.indexOf('.');
            final int preLen = dot >= 0 ? dot : numstr.length();
            if (preLen < d.pre) {
                outPreSpaces = d.pre - preLen;
            } else if (preLen > d.pre) {
                final char[] hashes = "#".repeat(d.pre + d.post + 1).toCharArray();
                hashes[d.pre] = '.';
                numstr = new String(hashes);
            }
        }
        return new Writer(d, numstr, sign, outPreSpaces).run();
    }

    private static Desc parse(final String f) {
        final Desc d = new Desc();
        int i = 0;
        final StringBuilder lit = new StringBuilder();
        while (i < f.length()) {
            String key = null;
            for (final String k : KEYWORDS) {
                if (f.startsWith(k, i) && (key == null || k.length() > key.length())) {
                    key = k;
                }
            }
            if (key != null) {
                i += key.length();
                prepare(d, key);
                d.keys.add(key.equals("rn") || key.equals("th") ? key : key.toUpperCase(Locale.ROOT));
                d.isKey.add(true);
                continue;
            }
            lit.setLength(0);
            final char c = f.charAt(i);
            if (c == '"') {
                i++;
                while (i < f.length() && f.charAt(i) != '"') {
                    if (f.charAt(i) == '\\' && i + 1 < f.length()) {
                        i++;
                    }
                    lit.append(f.charAt(i++));
                }
                i++;
            } else {
                if (c == '\\' && i + 1 < f.length() && f.charAt(i + 1) == '"') {
                    i++;
                }
                lit.append(f.charAt(i++));
            }
            d.keys.add(lit.toString());
            d.isKey.add(false);
        }
        return d;
    }

    /** NUMDesc_prepare: what one keyword adds to the picture's counts and flags. */
    private static void prepare(final Desc d, final String key) {
        final String k = key.toUpperCase(Locale.ROOT);
        if (d.eeee && !k.equals("EEEE")) {
            throw syntax("\"EEEE\" must be the last pattern used");
        }
        switch (k) {
            case "9":
                if (d.bracket) {
                    throw syntax("\"9\" must be ahead of \"PR\"");
                }
                if (d.v) {
                    d.multi++;
                } else if (d.decimal) {
                    d.post++;
                } else {
                    d.pre++;
                }
                break;
            case "0":
                if (d.bracket) {
                    throw syntax("\"0\" must be ahead of \"PR\"");
                }
                if (!d.zero && !d.decimal) {
                    d.zero = true;
                    d.zeroStart = d.pre + 1;
                }
                if (d.decimal) {
                    d.post++;
                } else {
                    d.pre++;
                }
                d.zeroEnd = d.pre + d.post;
                break;
            case "D": case ".":
                if (d.decimal) {
                    throw syntax("multiple decimal points");
                }
                if (d.v) {
                    throw syntax("cannot use \"V\" and decimal point together");
                }
                d.decimal = true;
                break;
            case "FM": d.fill = true; break;
            case "S":
                if (d.lsign != 0) {
                    throw syntax("cannot use \"S\" twice");
                }
                if (d.plus || d.minus || d.bracket) {
                    throw syntax("cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together");
                }
                if (!d.decimal) {
                    d.lsign = 1;
                    d.preLsignNum = d.pre;
                } else {
                    d.lsign = 2;
                }
                break;
            case "MI": case "PL": case "SG":
                if (d.lsign != 0) {
                    throw syntax("cannot use \"S\" and \"" + k + "\" together");
                }
                d.minus |= !k.equals("PL");
                d.plus |= !k.equals("MI");
                break;
            case "PR":
                if (d.lsign != 0 || d.plus || d.minus) {
                    throw syntax("cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together");
                }
                d.bracket = true;
                break;
            case "RN": d.roman = true; break;
            case "V":
                if (d.decimal) {
                    throw syntax("cannot use \"V\" and decimal point together");
                }
                d.v = true;
                break;
            case "EEEE":
                if (d.eeee) {
                    throw syntax("cannot use \"EEEE\" twice");
                }
                if (d.fill || d.lsign != 0 || d.bracket || d.minus || d.plus || d.roman || d.v) {
                    throw new SqlException("42601", "\"EEEE\" is incompatible with other formats",
                        "\"EEEE\" may only be used together with digit and decimal point patterns.", null, 0, null);
                }
                d.eeee = true;
                break;
            default:
                break;
        }
    }

    private static SqlException syntax(final String message) {
        return new SqlException("42601", message);
    }

    private static String roman(final Object value) {
        final long n;
        if (value instanceof io.stratum.compute.types.NumericSpecial) {
            throw NumericOps.toInteger((io.stratum.compute.types.NumericSpecial) value, 1);
        }
        if (value instanceof BigDecimal) {
            final BigDecimal r = ((BigDecimal) value).setScale(0, RoundingMode.HALF_UP);
            n = r.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0 ? Integer.MAX_VALUE : r.longValue();
        } else if (value instanceof Double || value instanceof Float) {
            final double v = Math.rint(((Number) value).doubleValue());
            n = Double.isNaN(v) || Math.abs(v) > Integer.MAX_VALUE ? Integer.MAX_VALUE : (long) v;
        } else {
            final long v = ((Number) value).longValue();
            n = v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? Integer.MAX_VALUE : v;
        }
        if (n < 1 || n > 3999) {
            return "#".repeat(15);
        }
        final String[][] digits = {
            {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"},
            {"", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"},
            {"", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"}};
        return "M".repeat((int) (n / 1000)) + digits[2][(int) (n / 100 % 10)] + digits[1][(int) (n / 10 % 10)]
            + digits[0][(int) (n % 10)];
    }

    private static String scientific(final Object value, final int pre, final int post) {
        final BigDecimal v;
        if (value instanceof Double || value instanceof Float || value instanceof io.stratum.compute.types.NumericSpecial) {
            final double x = ((Number) value).doubleValue();
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                // room for the sign, the point, "e", the exponent's sign and two digits
                final char[] hashes = "#".repeat(pre + post + 6).toCharArray();
                hashes[0] = ' ';
                hashes[pre + 1] = '.';
                return new String(hashes);
            }
            v = new BigDecimal(x);
        } else {
            v = value instanceof BigDecimal ? (BigDecimal) value : BigDecimal.valueOf(((Number) value).longValue());
        }
        final String s = String.format(Locale.ROOT, "%." + post + "e", v);
        return s.startsWith("-") ? s : " " + s;
    }

    /** The ordinal suffix of the number {@code num} ends with ({@code st}, {@code nd}, {@code rd}, {@code th}). */
    static String ordinal(final String num, final boolean upper) {
        final int len = num.length();
        final char last = len == 0 ? ' ' : num.charAt(len - 1);
        if (last < '0' || last > '9') {
            throw new SqlException("22P02", "\"" + num + "\" is not a number");
        }
        final String s = len > 1 && num.charAt(len - 2) == '1' ? "th"
            : last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd" : "th";
        return upper ? s.toUpperCase(Locale.ROOT) : s;
    }

    /** NUM_processor's to_char half: walks the picture, writing digits of {@code number} and the sign. */
    private static final class Writer {
        private final Desc d;
        private final String number;
        private final char sign;
        private final int outPreSpaces;
        private final StringBuilder out = new StringBuilder();
        private boolean signWrote;
        private int numCount;
        private int lastRelevant = -1;
        private int numberP;
        private int numCurr;
        private boolean numIn;

        Writer(final Desc d, final String number, final char sign, final int outPreSpaces) {
            this.d = d;
            this.number = number;
            this.outPreSpaces = outPreSpaces;
            if (d.roman) {
                d.lsign = 0;
                d.preLsignNum = 0;
                d.post = 0;
                d.pre = 0;
                d.zero = d.decimal = d.bracket = d.minus = d.plus = false;
                this.sign = 0;
            } else {
                this.sign = sign;
            }
        }

        private char at(final int i) {
            return i < number.length() ? number.charAt(i) : '\0';
        }

        String run() {
            if (d.zeroStart > 0) {
                d.zeroStart--;
            }
            if (d.eeee) {
                return number;
            }
            if (d.plus || d.minus) {
                signWrote = !(d.plus && !d.minus);
            } else {
                if (sign != '-' && d.fill) {
                    d.bracket = false;
                }
                signWrote = sign == '+' && d.fill && d.lsign == 0;
                if (d.lsign == 1 && d.pre == d.preLsignNum) {
                    d.lsign = 2;
                }
            }
            numCount = d.post + d.pre - 1;
            if (d.fill && d.decimal) {
                final int dot = number.indexOf('.');
                if (dot >= 0) {
                    lastRelevant = dot;
                    for (int i = dot + 1; i < number.length(); i++) {
                        if (number.charAt(i) != '0') {
                            lastRelevant = i;
                        }
                    }
                    if (d.zeroEnd > outPreSpaces) {
                        final int lastZero = Math.min(number.length() - 1, d.zeroEnd - outPreSpaces);
                        lastRelevant = Math.max(lastRelevant, lastZero);
                    }
                }
            }
            if (!signWrote && outPreSpaces == 0) {
                numCount++;
            }
            for (int n = 0; n < d.keys.size(); n++) {
                final String k = d.keys.get(n);
                if (!d.isKey.get(n)) {
                    out.append(k);
                    continue;
                }
                switch (k) {
                    case "9": case "0": case ".": case "D": digit(k); break;
                    case ",": case "G":
                        if (numIn) {
                            out.append(',');
                        } else if (!d.fill) {
                            out.append(' ');
                        }
                        break;
                    case "L": out.append(' '); break;
                    case "RN": case "rn": {
                        final String r = k.equals("rn") ? number.toLowerCase(Locale.ROOT) : number;
                        out.append(d.fill ? r : " ".repeat(Math.max(0, 15 - r.length())) + r);
                        break;
                    }
                    case "TH": case "th":
                        if (!d.roman && !number.startsWith("#") && sign != '-' && !d.decimal) {
                            out.append(ordinal(number, k.equals("TH")));
                        }
                        break;
                    case "MI":
                        if (sign == '-') {
                            out.append('-');
                        } else if (!d.fill) {
                            out.append(' ');
                        }
                        break;
                    case "PL":
                        if (sign == '+') {
                            out.append('+');
                        } else if (!d.fill) {
                            out.append(' ');
                        }
                        break;
                    case "SG": out.append(sign == 0 ? "" : String.valueOf(sign)); break;
                    default: break;
                }
            }
            // a digit position past the end of the digits (float precision) ends the text, as the C string did
            final int nul = out.indexOf("\0");
            return nul >= 0 ? out.substring(0, nul) : out.toString();
        }

        private boolean predecSpace() {
            return !d.zero && numberP == 0 && at(0) == '0' && d.post != 0;
        }

        private void digit(final String k) {
            if (d.roman) {
                return;
            }
            numIn = false;
            if (!signWrote && (numCurr >= outPreSpaces || d.zero && d.zeroStart == numCurr)
                    && (!predecSpace() || lastRelevant >= 0 && at(lastRelevant) == '.')) {
                if (d.lsign != 0) {
                    if (d.lsign == 1) {
                        out.append(sign == '-' ? '-' : '+');
                        signWrote = true;
                    }
                } else if (d.bracket) {
                    out.append(sign == '+' ? ' ' : '<');
                    signWrote = true;
                } else if (sign == '+') {
                    if (!d.fill) {
                        out.append(' ');
                    }
                    signWrote = true;
                } else if (sign == '-') {
                    out.append('-');
                    signWrote = true;
                }
            }
            if (numCurr < outPreSpaces && (d.zeroStart > numCurr || !d.zero)) {
                if (!d.fill) {
                    out.append(' ');
                }
            } else if (d.zero && numCurr < outPreSpaces && d.zeroStart <= numCurr) {
                out.append('0');
                numIn = true;
            } else {
                final char c = at(numberP);
                if (c == '.') {
                    out.append('.');
                } else if (lastRelevant >= 0 && numberP > lastRelevant && !k.equals("0")) {
                    // FM: trailing zeros after the point are dropped
                } else if (predecSpace()) {
                    if (!d.fill) {
                        out.append(' ');
                    } else if (lastRelevant >= 0 && at(lastRelevant) == '.') {
                        out.append('0');
                    }
                } else {
                    out.append(c);
                    numIn = true;
                }
                if (numberP < number.length()) {
                    numberP++;
                }
            }
            int end = numCount + (outPreSpaces > 0 ? 1 : 0) + (d.decimal ? 1 : 0);
            if (lastRelevant >= 0 && lastRelevant == numberP) {
                end = numCurr;
            }
            if (numCurr + 1 == end) {
                if (signWrote && d.bracket) {
                    out.append(sign == '+' ? ' ' : '>');
                } else if (d.lsign == 2) {
                    out.append(sign == '-' ? '-' : '+');
                }
            }
            numCurr++;
        }
    }
}
