package io.stratum.compute;

import io.stratum.engine.PageSource;
import io.stratum.engine.service.PageClient;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import org.agrona.MutableDirectBuffer;

/**
 * The pages of one timeline served by a page server over the page service: what the compute's buffer
 * pool reads through. Each request names the LSN to read at, which the buffer pool sets to the page's
 * last-written LSN, so the page server never waits for WAL newer than the page's last change.
 * Thread-safe (the page client pipelines requests). Threads: none of its own.
 */
final class RemotePageSource implements PageSource {
    private final PageClient client;
    private final TenantId tenant;
    private final TimelineId timeline;

    RemotePageSource(final PageClient client, final TenantId tenant, final TimelineId timeline) {
        this.client = client;
        this.tenant = tenant;
        this.timeline = timeline;
    }

    @Override
    public void getPage(final long keyHi, final long keyLo, final long lsn, final MutableDirectBuffer dst, final int offset) {
        client.getPage(tenant, timeline, keyHi, keyLo, lsn, dst, offset);
    }

    @Override
    public long relationSize(final int database, final int relation, final int fork, final long lsn) {
        return client.relationSize(tenant, timeline, database, relation, fork, lsn);
    }

    @Override
    public long lastRecordLsn() {
        return client.waitForLsn(tenant, timeline, 0, 0);
    }
}
