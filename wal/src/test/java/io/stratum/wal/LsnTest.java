package io.stratum.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LsnTest {

    @Test
    void formatsAsPostgresDoes() {
        assertEquals("0/16B3748", Lsn.format(0x16B3748L));
        assertEquals("1/0", Lsn.format(1L << 32));
        assertEquals("A/FFFFFFFF", Lsn.format(0xAFFFFFFFFL));
    }

    @Test
    void parsesEitherCase() {
        assertEquals(0x16B3748L, Lsn.parse("0/16b3748"));
        assertEquals(0xAFFFFFFFFL, Lsn.parse("A/FFFFFFFF"));
    }

    @Test
    void rejectsWhatIsNotAnLsn() {
        for (final String bad : new String[] {"", "/", "0/", "/1", "1", "0/1/2", "g/1", "123456789/0", "0/123456789",
            "-1/0", "0/-1"}) {
            final StratumException e = assertThrows(StratumException.class, () -> Lsn.parse(bad), bad);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
        assertThrows(StratumException.class, () -> Lsn.parse(null));
    }

    @Property
    void roundTrips(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long lsn) {
        assertEquals(lsn, Lsn.parse(Lsn.format(lsn)));
    }

    @Test
    void idsRoundTrip() {
        final TenantId t = TenantId.random();
        assertEquals(t, TenantId.parse(t.toString()));
        final TimelineId tl = TimelineId.parse("0123456789abcdef0123456789ABCDEF");
        assertEquals("0123456789abcdef0123456789abcdef", tl.toString());
        assertThrows(StratumException.class, () -> TimelineId.parse("xyz"));
    }
}
