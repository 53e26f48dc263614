package io.stratum.raft.statemachine;

import java.io.IOException;

/**
 * Why a WAL node's leader refused a request before replicating it. Travels to the client as the cause of a
 * Ratis {@code StateMachineException}, rebuilt there from its class name and message, so the message
 * carries everything: {@code CODE text [k=v]} with CODE an {@code ErrorCode} name, or
 * {@code DUPLICATE endLsn} for a retried append that already committed with identical bytes.
 */
public class WalRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    public WalRefusedException(final String message) {
        super(message);
    }
}
