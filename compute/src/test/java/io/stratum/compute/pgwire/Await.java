package io.stratum.compute.pgwire;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a generous bound (polling every millisecond). */
final class Await {
    private Await() {
    }

    static boolean until(final BooleanSupplier condition, final Duration bound) {
        final long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        return true;
    }
}
