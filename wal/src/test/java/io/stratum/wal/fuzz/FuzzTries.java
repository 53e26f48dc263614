package io.stratum.wal.fuzz;

/**
 * {@code -Dstratum.fuzz.tries=N} replaces the tries of every fuzz property (CI runs the modest number in the
 * annotation; a campaign runs millions: {@code mvn test -pl wal,engine,pageserver,compute -Dtest='*Fuzz*' -Dstratum.fuzz.tries=1000000}).
 * {@code -Dstratum.fuzz.seed=S} replaces the fixed seed.
 */
public final class FuzzTries extends PropertyTries {
    public FuzzTries() {
        super("stratum.fuzz");
    }
}
