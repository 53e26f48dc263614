package io.stratum.compute.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A test class with one engine (an {@link EngineFixture} in its own temporary directory) and one session,
 * {@link #c}, shared by all its tests: a subclass creates its tables and rows in {@link #schema()}, which runs
 * once before the first test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EngineClassTest {
    EngineFixture fx;
    SqlClient c;

    @BeforeAll
    final void openEngine() {
        fx = EngineFixture.inTempDir(getClass().getSimpleName());
        c = fx.client();
        schema();
    }

    /** Creates what the tests read, through {@link #c}. */
    abstract void schema();

    @AfterAll
    final void closeEngine() {
        if (fx != null) {
            fx.close();
        }
    }
}
