package io.stratum.compute.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.storage.KeyCodec;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/** The jsonb value model: normalisation, output, ordering, key encoding, wire forms and the nesting bound. */
class JsonbTest {
    @Test
    void normalisesAsPostgres() {
        assertEquals("{\"a\": [1, 2], \"b\": 1, \"aa\": 2}", JsonText.parseJsonb("{\"b\":1,\"aa\":2,\"a\":[1,2]}").toString());
        assertEquals("{\"a\": 2}", JsonText.parseJsonb("{\"a\":1,\"a\":2}").toString());
        assertEquals("100", JsonText.parseJsonb("1e2").toString());
        assertEquals("1.50", JsonText.parseJsonb("1.50").toString());
        assertEquals("\"a\\tb\\u0001\"", JsonText.parseJsonb("\"a\\tb\\u0001\"").toString());
        // json keeps the text and the duplicate keys; -> finds the last one
        final Jsonb j = JsonText.parseJson("{\"a\" : [1,  2], \"a\": 3}");
        assertEquals("{\"a\" : [1,  2], \"a\": 3}", j.toString());
        assertEquals("3", j.field("a").toString());
        assertEquals("[1,  2]", j.get(0).toString());
    }

    @Test
    void invalidInputIs22P02() {
        for (final String bad : new String[] {"", "{", "[1,]", "{\"a\" 1}", "01", "1.", "tru", "\"\\x\"", "{1:2}", "[1] x"}) {
            final SqlException e = assertThrows(SqlException.class, () -> JsonText.parseJsonb(bad), bad);
            assertEquals("22P02", e.sqlState(), bad);
            assertEquals("invalid input syntax for type json", e.getMessage());
        }
        assertEquals("22P05", assertThrows(SqlException.class, () -> JsonText.parseJsonb("\"\\u0000\"")).sqlState());
    }

    @Test
    void deepNestingIs54001WithoutOverflowingTheStack() {
        final String deep = "[".repeat(200_000) + "]".repeat(200_000);
        assertEquals("54001", assertThrows(SqlException.class, () -> JsonText.parseJsonb(deep)).sqlState());
        assertEquals("54001", assertThrows(SqlException.class, () -> JsonText.validateJson(deep)).sqlState());
        final String ok = "[".repeat(Jsonb.MAX_DEPTH) + "]".repeat(Jsonb.MAX_DEPTH);
        assertEquals(ok.replace("][", "], ["), JsonText.parseJsonb(ok).toString());
        // building deeper than the bound (jsonb_build_array over its own result) fails the same way
        Jsonb v = JsonText.parseJsonb(ok);
        final Jsonb top = v;
        assertEquals("54001", assertThrows(SqlException.class, () -> Jsonb.array(new Jsonb[] {top})).sqlState());
    }

    @Test
    void binaryFormIsVersionByteAndText() {
        final Jsonb v = JsonText.parseJsonb("{\"b\":[true,null],\"a\":\"x\"}");
        final byte[] b = PgType.JSONB.formatBinary(v);
        assertEquals(1, b[0]);
        assertEquals("{\"a\": \"x\", \"b\": [true, null]}", new String(b, 1, b.length - 1, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(v, PgType.JSONB.parseBinary(b, 0, b.length));
        b[0] = 2;
        assertThrows(SqlException.class, () -> PgType.JSONB.parseBinary(b, 0, b.length));
        assertEquals("[1,  2]", PgType.JSON.parseText("[1,  2]"));
    }

    @Test
    void orderIsPostgresJsonbOrder() {
        final List<String> sorted = List.of("[]", "null", "\"a\"", "\"b\"", "2.5", "10", "false", "true", "[null]", "[\"x\"]",
            "[1]", "[[1]]", "[0, 0]", "{}", "{\"a\": 1}", "{\"aa\": 0}", "{\"b\": 0}", "{\"a\": 1, \"b\": 2}");
        for (int i = 0; i < sorted.size(); i++) {
            for (int k = 0; k < sorted.size(); k++) {
                final Jsonb a = JsonText.parseJsonb(sorted.get(i));
                final Jsonb b = JsonText.parseJsonb(sorted.get(k));
                assertEquals(Integer.signum(Integer.compare(i, k)), Integer.signum(a.compareTo(b)), sorted.get(i) + " vs " + sorted.get(k));
                assertEquals(Integer.signum(Integer.compare(i, k)), Integer.signum(Arrays.compareUnsigned(key(a), key(b))),
                    "key " + sorted.get(i) + " vs " + sorted.get(k));
            }
        }
        assertEquals(JsonText.parseJsonb("1.0"), JsonText.parseJsonb("1"));
        assertEquals(JsonText.parseJsonb("[1.0]").hashCode(), JsonText.parseJsonb("[1]").hashCode());
    }

    /** B-tree keys sort as compareTo for random documents (seeded, 300 values, every pair). */
    @Test
    void keyEncodingAgreesWithCompareTo() {
        final Random r = new Random(17);
        final List<Jsonb> vs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            vs.add(random(r, 0));
        }
        for (final Jsonb a : vs) {
            final byte[] ka = key(a);
            for (final Jsonb b : vs) {
                assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(Arrays.compareUnsigned(ka, key(b))), a + " vs " + b);
            }
        }
    }

    private static Jsonb random(final Random r, final int depth) {
        final int k = r.nextInt(depth > 2 ? 4 : 6);
        switch (k) {
            case 0: return Jsonb.JNULL;
            case 1: return Jsonb.string(new String[] {"", "a", "b", "ab", "é", "a\u0000"}[r.nextInt(6)]);
            case 2: return Jsonb.number(new BigDecimal(new String[] {"0", "1", "1.0", "-2", "10", "0.5", "1e3"}[r.nextInt(7)]));
            case 3: return Jsonb.bool(r.nextBoolean());
            case 4: {
                final Jsonb[] e = new Jsonb[r.nextInt(3)];
                for (int i = 0; i < e.length; i++) {
                    e[i] = random(r, depth + 1);
                }
                return Jsonb.array(e);
            }
            default: {
                final int n = r.nextInt(3);
                final String[] ks = new String[n];
                final Jsonb[] e = new Jsonb[n];
                for (int i = 0; i < n; i++) {
                    ks[i] = new String[] {"a", "b", "aa", "c"}[r.nextInt(4)];
                    e[i] = random(r, depth + 1);
                }
                return Jsonb.object(ks, e);
            }
        }
    }

    private static byte[] key(final Jsonb v) {
        final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(64);
        final int len = new KeyCodec(new PgType[] {PgType.JSONB}).encode(new Object[] {v}, 1, buf, 0);
        final byte[] out = new byte[len];
        buf.getBytes(0, out);
        return out;
    }

    @Test
    void containmentFollowsPostgresArrayRules() {
        assertTrue(JsonOps.contains(JsonText.parseJsonb("[1,[2,3]]"), JsonText.parseJsonb("[[2]]")));
        assertTrue(!JsonOps.contains(JsonText.parseJsonb("[1,[2,3]]"), JsonText.parseJsonb("[2]")));
        assertTrue(JsonOps.contains(JsonText.parseJsonb("[\"foo\"]"), JsonText.parseJsonb("\"foo\"")));
        assertTrue(!JsonOps.contains(JsonText.parseJsonb("\"foo\""), JsonText.parseJsonb("[\"foo\"]")));
        assertTrue(JsonOps.contains(JsonText.parseJsonb("{\"a\":{\"b\":[1,2],\"c\":3}}"), JsonText.parseJsonb("{\"a\":{\"b\":[2]}}")));
    }
}
