package io.stratum.compute.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** to_char of numbers, timestamps and intervals; every expected text is what PostgreSQL 15.18 printed. */
class ToCharTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static String num(final Object v, final String picture) {
        return (String) Builtins.toChar(v, picture, BERLIN);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "0.5|9.9|  .5", "12345|999| ###", "12345.678|99999.99| 12345.68", "-12345.678|99999.99|-12345.68",
        "5|0000| 0005", "-5|0000|-0005", "5|FM999|5", "1234567|9,999,999| 1,234,567", "1234|FM9,999,999|1,234",
        "-12.5|S999.99| -12.50", "12.5|999.99S| 12.50+", "-12.5|999PR| <13>", "12.5|999PR|  13 ",
        "-12.5|FM999.99PR|<12.5>", "12|FM999TH|12TH", "3|9th| 3rd", "-7|999MI|  7-", "7|SG999|+  7", "0|999|   0",
        "0|FM999|0", "0.1|FM9.99|.1", "1.0|FM9.99|1.", "1.0|FM9.00|1.00", "1999|RN|        MCMXCIX", "1999|FMrn|mcmxcix",
        "12|99V9| 120", "1234.5|9.99EEEE| 1.23e+03", "-0.0001|9.9999| -.0001", "485|\"Pre:\"999\" Post\"|Pre: 485 Post",
        "12|0099.90| 0012.00", "100|L999|  100", "12345.6|99G999D9| 12,345.6"})
    void numericPicturesAsPostgres(final String value, final String picture, final String expected) {
        final Object v = value.contains(".") ? (Object) new BigDecimal(value) : (Object) Integer.valueOf(value);
        assertEquals(expected, num(v, picture));
    }

    @Test
    void floatsRoundTheirBinaryValueHalfEvenToFifteenDigits() {
        assertEquals(" 123.46", num(123.456, "999.99"));
        assertEquals("  .12", num(0.125, "9.99"));
        assertEquals(" 2", num(2.5, "9"));
        // the third decimal is past float8's 15 digits: the text ends there
        assertEquals(" 1234567890123.45", num(1234567890123.45, "9999999999999.999"));
        assertEquals(" 1.500", num(1.5f, "9.999"));
        assertEquals(" 12", num(12L, "99"));
    }

    @Test
    void badPicturesAreSyntaxErrors() {
        final SqlException e = assertThrows(SqlException.class, () -> num(1, "9.9.9"));
        assertEquals("42601", e.sqlState());
        assertEquals("multiple decimal points", e.getMessage());
        assertEquals("cannot use \"S\" twice", assertThrows(SqlException.class, () -> num(1, "S9S")).getMessage());
    }

    private static String ts(final String value, final String picture) {
        return (String) Builtins.toChar(LocalDateTime.parse(value.replace(' ', 'T')), picture, BERLIN);
    }

    @Test
    void namesAndNumbersOfTimestamps() {
        assertEquals("06 May 2024", Builtins.toChar(LocalDate.of(2024, 5, 6), "DD Mon YYYY", BERLIN));
        assertEquals("Monday   , 06 May       2024 07:08:09 AM", ts("2024-05-06 07:08:09.123456", "Day, DD Month YYYY HH12:MI:SS AM"));
        assertEquals("Monday May 6th 2024 17 p.m.", ts("2024-05-06 17:08:09", "FMDay FMMonth FMDDth YYYY hh24 a.m."));
        assertEquals("MAY       MAY may       may WEDNESDAY WED wednesday wed Wed",
            ts("2024-05-01 00:00", "MONTH MON month mon DAY DY day dy Dy"));
        assertEquals("May|Wednesday|", ts("2024-05-01 00:00", "TMMonth|TMDay|"));
        assertEquals("003 003 01 01 1 4 3 1 21 2460313 2024 678 678000 6 678 47655",
            ts("2024-01-03 13:14:15.678", "DDD IDDD IW WW W D ID Q CC J IYYY MS US FF1 FF3 SSSS"));
        assertEquals("2025-01-2 2024-12-31 2,024 024 24 4 XII  xii ", ts("2024-12-31 00:00", "IYYY-IW-ID YYYY-MM-DD Y,YYY YYY YY Y RM rm"));
        assertEquals("0057 BC B.C. bc", ts("-0056-03-15 00:00", "YYYY BC B.C. ad"));
        assertEquals("21st 21ST 21st Day \"x", ts("2024-05-21 00:00", "DDth DDTH FMDDth \"Day\" \\\"x"));
        assertEquals("V   .V.", ts("2024-05-01 00:00", "RM.FMRM."));
        assertEquals("|+00", ts("2024-03-30 12:00", "TZ|OF"));
        assertNull(Builtins.toChar(LocalDateTime.of(2024, 5, 6, 0, 0), "", BERLIN));
        assertEquals("2024-03-30 13:00 CET +01 +01:00", Builtins.toChar(OffsetDateTime.of(2024, 3, 30, 12, 0, 0, 0,
            ZoneOffset.UTC), "YYYY-MM-DD HH24:MI TZ OF TZH:TZM", BERLIN));
        assertEquals("01:45 PM", Builtins.toChar(LocalTime.of(13, 45, 10), "HH12:MI AM", BERLIN));
    }

    @Test
    void intervals() {
        assertEquals("0001 02 03 04 04 05 06 789 789000", Builtins.toChar(PgType.INTERVAL.parseText(
            "1 year 2 mons 3 days 04:05:06.789"), "YYYY MM DD HH24 HH MI SS MS US", BERLIN));
        assertEquals("-25:00:00 00", Builtins.toChar(PgType.INTERVAL.parseText("-25 hours"), "HH24:MI:SS DD", BERLIN));
        assertEquals("III  1", Builtins.toChar(PgType.INTERVAL.parseText("15 mons"), "RM Q", BERLIN));
        final SqlException e = assertThrows(SqlException.class,
            () -> Builtins.toChar(PgType.INTERVAL.parseText("1 day"), "Day", BERLIN));
        assertEquals("22007", e.sqlState());
        assertEquals("invalid format specification for an interval value", e.getMessage());
    }
}
