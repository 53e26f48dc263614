package io.stratum.wal.io;

import io.stratum.wal.fuzz.PropertyTries;

/**
 * {@code -Dstratum.fault.tries=N} replaces the tries of every storage-fault campaign property (CI runs the
 * modest number in the annotation; a long campaign: {@code mvn test -pl wal,engine -Dtest='*FaultCampaign*'
 * -Dstratum.fault.tries=5000}). {@code -Dstratum.fault.seed=S} replaces the fixed seed.
 */
public final class FaultTries extends PropertyTries {
    public FaultTries() {
        super("stratum.fault");
    }
}
