package io.stratum.examples.kvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What both WAL set-ups must do: write, read at old LSNs, branch at an old LSN with isolation both ways,
 * and find it all again after a restart.
 */
final class Scenario {
    /** LSNs the first run saw, checked again after the restart. */
    record Lsns(long first, long second, long devWrite) {
    }

    private Scenario() {
    }

    static byte[] b(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(final byte[] v) {
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    static Lsns firstRun(final KvStore store) {
        final long first = store.put("main", "apple", b("red"));
        store.put("main", "banana", b("yellow"));
        final long second = store.put("main", "apple", b("green"));
        assertEquals("green", s(store.get("main", "apple")));
        assertEquals("red", s(store.get("main", "apple", first)));
        assertNull(store.get("main", "banana", first));
        assertEquals("yellow", s(store.get("main", "banana", second)));

        store.branch("dev", "main", first);
        assertEquals("red", s(store.get("dev", "apple")));
        assertNull(store.get("dev", "banana"));
        final long devWrite = store.put("dev", "apple", b("dev-apple"));
        store.put("dev", "cherry", b("dark"));
        store.delete("main", "banana");

        check(store, new Lsns(first, second, devWrite));
        return new Lsns(first, second, devWrite);
    }

    /** Everything the first run wrote, as it should look from both branches. */
    static void check(final KvStore store, final Lsns lsns) {
        assertEquals(List.of("main", "dev"), store.branches());
        assertEquals("green", s(store.get("main", "apple")));
        assertNull(store.get("main", "banana"));
        assertNull(store.get("main", "cherry"));
        assertEquals("yellow", s(store.get("main", "banana", lsns.second())));
        assertEquals("red", s(store.get("main", "apple", lsns.first())));
        assertEquals("dev-apple", s(store.get("dev", "apple")));
        assertEquals("dark", s(store.get("dev", "cherry")));
        assertNull(store.get("dev", "banana"));
        final Map<String, byte[]> dev = store.scan("dev", store.lsn("dev"));
        assertEquals(List.of("apple", "cherry"), List.copyOf(dev.keySet()));
        assertEquals("red", s(store.scan("dev", lsns.first()).get("apple")));
    }

    static void afterRestart(final KvStore store, final Lsns lsns) {
        check(store, lsns);
        store.put("main", "date", b("brown"));
        store.put("dev", "apple", b("dev-apple-2"));
        assertEquals("brown", s(store.get("main", "date")));
        assertNull(store.get("dev", "date"));
        assertEquals("dev-apple-2", s(store.get("dev", "apple")));
        assertEquals("dev-apple", s(store.get("dev", "apple", lsns.devWrite())));
    }
}
