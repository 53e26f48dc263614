package io.stratum.engine.http;

import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;

/**
 * What the process around the page server does when the management API changes tenants and timelines:
 * the standalone page server creates them in the WAL service too and starts or stops their WAL
 * receivers. Called after the engine has made the change durable; an exception is reported to the
 * HTTP client (the engine change stays).
 */
public interface ManagementHooks {
    /** Does nothing: an engine without a WAL service. */
    ManagementHooks NONE = new ManagementHooks() {
    };

    default void tenantCreated(final TenantId tenant) {
    }

    /** A timeline or branch was created; WAL for it starts at {@code startLsn}. */
    default void timelineCreated(final TenantId tenant, final Timeline timeline, final long startLsn) {
    }

    default void timelineDeleted(final TenantId tenant, final TimelineId timeline) {
    }

    default void tenantDeleted(final TenantId tenant) {
    }
}
