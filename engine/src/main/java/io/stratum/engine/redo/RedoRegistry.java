package io.stratum.engine.redo;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;

/**
 * Resource-manager id -> {@link RedoHandler}. Ids are one byte: 0..15 belong to the engine
 * ({@link EngineRmgr}), 16..63 to {@code mvcc/}, 64..127 are reserved for Stratum, 128..255 are free for
 * an embedding vendor. Thread-safe; registering is rare, lookups are a volatile array read.
 */
public final class RedoRegistry {
    /** First id outside the engine's own range. */
    public static final int FIRST_EXTERNAL_ID = 16;

    private volatile RedoHandler[] handlers = new RedoHandler[256];

    /** A registry holding the engine's built-in handlers. */
    public static RedoRegistry withBuiltins() {
        final RedoRegistry r = new RedoRegistry();
        EngineRmgr.registerBuiltins(r);
        return r;
    }

    /**
     * Registers {@code handler} for {@code rmgr}.
     *
     * @throws StratumException INVALID_ARGUMENT for an id outside 0..255, ALREADY_EXISTS when taken
     */
    public synchronized RedoRegistry register(final int rmgr, final RedoHandler handler) {
        if ((rmgr & ~0xFF) != 0 || handler == null) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "resource manager id must be 0..255 with a handler",
                "rmgr", rmgr);
        }
        final RedoHandler[] copy = handlers.clone();
        if (copy[rmgr] != null) {
            throw StratumException.of(ErrorCode.ALREADY_EXISTS, "resource manager already registered", "rmgr", rmgr);
        }
        copy[rmgr] = handler;
        handlers = copy;
        return this;
    }

    public boolean isRegistered(final int rmgr) {
        return handlers[rmgr & 0xFF] != null;
    }

    /**
     * The handler of {@code rmgr}.
     *
     * @throws StratumException NOT_FOUND naming the id when none is registered
     */
    public RedoHandler handler(final int rmgr) {
        final RedoHandler h = handlers[rmgr & 0xFF];
        if (h == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "no redo handler for resource manager", "rmgr", rmgr);
        }
        return h;
    }
}
