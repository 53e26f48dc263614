package io.stratum.wal;

/**
 * Where committed WAL comes from: the seam between the WAL service and its consumers (the page server).
 * {@code raft/} implements it with its client; an embedding vendor may bring a transport of its own.
 */
public interface WalSource {

    /**
     * Opens a stream of the committed WAL of a timeline, starting at {@code startLsn}, which must be the
     * start of a record (or the current end).
     */
    WalStream stream(TenantId tenant, TimelineId timeline, long startLsn);

    /**
     * Reports that the consumer has made everything below {@code persistedLsn} durable on its own, so the
     * source may delete WAL below it. Never lowers what was reported before.
     */
    void reportPersisted(TenantId tenant, TimelineId timeline, long persistedLsn);
}
