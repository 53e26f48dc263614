package io.stratum.compute.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratum.compute.session.SqlException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** uuid input forms and errors as PostgreSQL's uuid_in, output, version 4 randoms. */
class UuidCodecTest {
    private static final String U = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";

    @Test
    void acceptsPostgresInputForms() {
        for (final String s : new String[] {U, U.toUpperCase(), "{" + U + "}", U.replace("-", ""),
            "a0eebc999c0b4ef8bb6d6bb9bd380a11", "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}"}) {
            assertEquals(U, PgType.UUID.formatText(PgType.UUID.parseText(s), PgType.Format.DEFAULT), s);
        }
    }

    @Test
    void refusesOtherForms() {
        for (final String s : new String[] {"", U.substring(1), U + "a", "-" + U, U + "-", "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11",
            "g" + U.substring(1), "{" + U, "a0e-ebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}) {
            final SqlException e = assertThrows(SqlException.class, () -> PgType.UUID.parseText(s), s);
            assertEquals("22P02", e.sqlState());
            assertEquals("invalid input syntax for type uuid: \"" + s + "\"", e.getMessage());
        }
    }

    @Test
    void randomsAreVersion4() {
        final UUID u = UuidCodec.random();
        assertEquals(4, u.version());
        assertEquals(2, u.variant());
    }
}
