package io.stratum.raft.statemachine;

import static io.stratum.raft.protocol.Protocol.APPEND_EPOCH_OFFSET;
import static io.stratum.raft.protocol.Protocol.APPEND_HEADER_LENGTH;
import static io.stratum.raft.protocol.Protocol.APPEND_START_OFFSET;
import static io.stratum.raft.protocol.Protocol.HEADER_LENGTH;

import io.stratum.raft.protocol.Protocol;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalConfig;
import io.stratum.wal.WalLog;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one tenant's Raft group: its timelines, each with a writer epoch, a committed end
 * and a persisted LSN, and each timeline's WAL in a {@link WalLog} under {@code GROUP_DIR/wal/TIMELINE/}.
 *
 * <ul>
 *   <li>{@link #startTransaction} (leader, before replication) refuses what can be refused early: malformed
 *       or oversized requests, unknown timelines, stale epochs, appends below the end (or answers
 *       DUPLICATE for an identical retry), bad record CRCs. The request bytes become the log entry as is.</li>
 *   <li>{@link #applyTransaction} (every replica, log order) re-checks epoch and LSN deterministically, so
 *       requests that raced past the leader's check are refused identically everywhere, and copies the
 *       records into the timeline's WalLog (buffered; handed to the OS when read, fsynced at snapshots, before
 *       deleting below the persisted LSN and on close: the
 *       durable copy on the commit path is the Raft log's).</li>
 *   <li>{@link #query} (through Ratis) and {@link #streamQuery} (the node's WAL stream endpoint, which alone may
 *       long-poll) serve committed WAL and status ({@link WalReads}).</li>
 *   <li>Fail-stop: when the copy of an entry (or its sync) fails, the group on this node stops: the entry
 *       is not marked applied, later entries are not applied, reads are refused with FAILED and the status
 *       says why. The Raft log is intact, so a restart replays from the last snapshot and rebuilds the
 *       copy. The other replicas carry on; a leader hands its leadership to a healthy peer
 *       ({@link LeaderHandover}), again whenever it is re-elected, so the group stays writable.</li>
 *   <li>{@link #takeSnapshot} writes the metadata every {@code snapshotEvery} entries and returns the newest
 *       snapshot whose timeline ends are all below the persisted LSNs, so Ratis purges its log no further.</li>
 * </ul>
 */
public final class WalStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(WalStateMachine.class);

    private final StateMachineSettings settings;
    private final Map<TimelineId, TimelineState> timelines = new ConcurrentHashMap<>();
    private final WalRecordDecoder checker;       // guarded by itself
    private final UnsafeBuffer applyView = new UnsafeBuffer(0, 0); // apply thread only
    private final SnapshotStorage storage = new SnapshotStorage(this::getLatestSnapshot);
    private final WalReads reads = new WalReads(this);
    private volatile TenantId tenant;
    private Path walRoot;
    private volatile SnapshotStore snapshots;
    private long lastSnapshotIndex = -1;
    private long safeIndex = -1;        // apply thread only: the last answer of takeSnapshot
    private long safeCheckedAt = Long.MIN_VALUE / 2; // apply thread only: the applied index it was decided at
    /**
     * Set when this node's copy of the group's WAL hit an I/O error: from then on it applies, serves and
     * snapshots nothing (fail-stop; its Raft log is intact, so a restart replays the entries it missed).
     */
    private volatile StratumException failed;

    public WalStateMachine(final StateMachineSettings settings) {
        this.settings = settings;
        this.checker = new WalRecordDecoder(settings.maxRecordLength());
    }

    /** The tenant a group id stands for (group-per-tenant: the group UUID is the tenant id). */
    public static TenantId tenantOf(final RaftGroupId gid) {
        final UUID u = gid.getUuid();
        return new TenantId(u.getMostSignificantBits(), u.getLeastSignificantBits());
    }

    public static RaftGroupId groupOf(final TenantId tenant) {
        return RaftGroupId.valueOf(new UUID(tenant.hi(), tenant.lo()));
    }

    @Override
    public void initialize(final RaftServer server, final RaftGroupId gid, final RaftStorage raftStorage)
        throws IOException {
        super.initialize(server, gid, raftStorage);
        tenant = tenantOf(gid);
        walRoot = raftStorage.getStorageDir().getRoot().toPath().resolve("wal");
        Files.createDirectories(walRoot);
        final Path smDir = raftStorage.getStorageDir().getStateMachineDir().toPath();
        Files.createDirectories(smDir);
        snapshots = new SnapshotStore(settings.fileIo(), smDir);
        getLifeCycle().startAndTransition(this::loadState, IOException.class);
    }

    /** Before Ratis installs a snapshot from the leader (a follower too far behind, or a new member). */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** After the snapshot was installed: reload the state from it. */
    @Override
    public void reinitialize() throws IOException {
        closeTimelines();
        loadState();
        getLifeCycle().transition(LifeCycle.State.STARTING);
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    /**
     * Loads the oldest snapshot file kept, which is the one Ratis purged its log up to (every older one is
     * deleted first; see {@link #takeSnapshot}), or the one just installed from the leader; then opens
     * (after an install: resets) each timeline's WalLog. Without a snapshot Ratis replays its whole log.
     */
    private void loadState() throws IOException {
        snapshots.load();
        final SnapshotStore.Meta m = snapshots.oldest();
        if (m == null) {
            return;
        }
        for (final Map.Entry<TimelineId, long[]> e : m.timelines().entrySet()) {
            final long[] v = e.getValue();
            final WalLog log = openLog(e.getKey(), v[0]);
            if (log.endLsn() < v[2]) {
                LOG.warn("timeline {} of tenant {}: local WAL ends at {} below the snapshot's {}; starting it there",
                    e.getKey(), tenant, Lsn.format(log.endLsn()), Lsn.format(v[2]));
                log.resetTo(v[2]);
            }
            timelines.put(e.getKey(), new TimelineState(e.getKey(), log, v[0], v[1], v[2], v[3]));
        }
        lastSnapshotIndex = m.index();
        setLastAppliedTermIndex(TermIndex.valueOf(m.term(), m.index()));
    }

    private WalLog openLog(final TimelineId id, final long startLsn) {
        return WalLog.open(WalConfig.builder(walRoot.resolve(id.toString()))
            .segmentSize(settings.segmentSize())
            .maxRecordLength(settings.maxRecordLength())
            .writeBufferSize(Math.max(2 * settings.maxRecordLength(), settings.maxAppendBytes()))
            .startLsn(startLsn)
            // this copy is fsynced off the commit path (reads, snapshots, close): zero-filling segments ahead
            // would only add disk writes that compete with the Raft log's fsyncs
            .preallocate(false)
            .fileIo(settings.fileIo())
            .build());
    }

    // ---------------------------------------------------------------- leader: validate before replicating
    @Override
    public TransactionContext startTransaction(final RaftClientRequest request) throws IOException {
        final ByteString content;
        try { // the token's envelope is stripped here: the log entry is the request alone
            content = RequestAuth.unwrap(request.getMessage().getContent(), settings.authKey());
            validate(content.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
        } catch (final StratumException e) {
            final TransactionContext trx = TransactionContext.newBuilder().setStateMachine(this)
                .setClientRequest(request).build();
            trx.setException(new WalRefusedException(e.code().name() + " " + e.getMessage()));
            return trx;
        } catch (final Duplicate d) {
            final TransactionContext trx = TransactionContext.newBuilder().setStateMachine(this)
                .setClientRequest(request).build();
            trx.setException(new WalRefusedException(Protocol.DUPLICATE + " " + d.endLsn));
            return trx;
        }
        final TransactionContext trx = TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request)
            .setLogData(content).build();
        trx.setStateMachineContext(System.nanoTime()); // read back when the leader applies it (commit latency)
        return trx;
    }

    /** Thrown (not an error) when an append is an identical retry of committed WAL. */
    private static final class Duplicate extends Exception {
        private static final long serialVersionUID = 1L;
        final long endLsn;

        Duplicate(final long endLsn) {
            super(null, null, false, false);
            this.endLsn = endLsn;
        }
    }

    private void validate(final ByteBuffer b) throws Duplicate {
        final int len = b.remaining();
        final byte type = len > 0 ? b.get(b.position()) : -1;
        final int min = Protocol.minLength(type);
        if (min < 0 || len < min || type == Protocol.READ || type == Protocol.STATUS
            || type == Protocol.READ_PORT) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "malformed WAL request", "type", type,
                "length", len);
        }
        if (!Protocol.tenant(b).equals(tenant)) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "request for another tenant",
                "tenant", Protocol.tenant(b), "group", tenant);
        }
        final TimelineId id = Protocol.timeline(b);
        final TimelineState t = timelines.get(id);
        final int p = b.position();
        if (type == Protocol.CREATE) {
            final long start = b.getLong(p + HEADER_LENGTH);
            if (!Lsn.isValid(start) || start > (1L << 62)) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid start LSN", "lsn", start);
            }
            if (t != null && t.createdAt != start) {
                throw StratumException.of(ErrorCode.ALREADY_EXISTS, "timeline exists with another start LSN",
                    "tenant", tenant, "timeline", id, "start", Lsn.format(t.createdAt));
            }
            return;
        }
        if (type == Protocol.DELETE) {
            return; // idempotent
        }
        if (t == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "unknown timeline", "tenant", tenant, "timeline", id);
        }
        if (type != Protocol.APPEND) {
            return;
        }
        final int records = len - APPEND_HEADER_LENGTH;
        if (records > settings.maxAppendBytes()) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "append too large", "length", records,
                "max", settings.maxAppendBytes());
        }
        final long epoch = b.getLong(p + APPEND_EPOCH_OFFSET);
        final long start = b.getLong(p + APPEND_START_OFFSET);
        if (epoch != t.epoch) {
            throw fenced(t, epoch);
        }
        final UnsafeBuffer view = new UnsafeBuffer(b, p + APPEND_HEADER_LENGTH, records);
        if (start < t.end) {
            if (t.sameBytes(start, view, 0, records)) {
                throw new Duplicate(start + records);
            }
            throw conflict(t, start);
        }
        synchronized (checker) {
            int at = 0;
            while (at < records) {
                final int status = checker.check(view, at, records);
                if (status < 0) {
                    throw StratumException.of(ErrorCode.INVALID_ARGUMENT,
                        "refused to append: " + WalRecord.statusName(status), "offset", at);
                }
                at += status;
            }
        }
    }

    private StratumException fenced(final TimelineState t, final long epoch) {
        return StratumException.of(ErrorCode.FENCED, "writer epoch is not the timeline's current one",
            "timeline", t.id, "epoch", epoch, "current", t.epoch);
    }

    private static StratumException conflict(final TimelineState t, final long start) {
        return StratumException.of(ErrorCode.CONFLICT, "append does not start at the timeline's end",
            "timeline", t.id, "start", Lsn.format(start), "end", Lsn.format(t.end));
    }

    // ---------------------------------------------------------------- every replica: apply in log order

    @Override
    public CompletableFuture<Message> applyTransaction(final TransactionContext trx) {
        final LogEntryProto entry = trx.getLogEntry();
        final StratumException already = failed;
        if (already != null) {
            return CompletableFuture.failedFuture(already);
        }
        final ByteString data = entry.getStateMachineLogEntry().getLogData();
        byte[] reply;
        try {
            reply = apply(data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
        } catch (final StratumException e) {
            if (e.code() == ErrorCode.IO_ERROR || e.code() == ErrorCode.FAILED) {
                final StratumException stop = StratumException.of(ErrorCode.FAILED,
                    "this WAL node stopped serving the group: its WAL copy failed", "tenant", tenant,
                    "entry", entry.getIndex(), "cause", e.getMessage());
                failed = stop;
                LOG.error("WAL node stops serving tenant {}: entry {} could not be written to its WAL copy: {}. "
                    + "Restart the node once the cause is fixed; it replays the missed entries from its Raft log.",
                    tenant, entry.getIndex(), e.getMessage());
                LeaderHandover.start(getServer(), getGroupId(), tenant);
                return CompletableFuture.failedFuture(stop); // not marked applied: never trust it again
            }
            reply = Protocol.refusal(e.code(), e.getMessage());
        }
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        if (trx.getStateMachineContext() instanceof Long) {
            settings.stats().committed(System.nanoTime() - (Long) trx.getStateMachineContext());
        }
        return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(reply)));
    }

    /** Why this node stopped serving the group (fail-stop), or null while it serves. */
    public String failure() {
        final StratumException f = failed;
        return f == null ? null : f.getMessage();
    }

    /** A fail-stopped node that is elected again hands the leadership on (see {@link LeaderHandover}). */
    @Override
    public void notifyLeaderChanged(final RaftGroupMemberId member, final RaftPeerId newLeader) {
        if (failed != null && member.getPeerId().equals(newLeader)) {
            LeaderHandover.start(getServer(), getGroupId(), tenant);
        }
    }

    private byte[] apply(final ByteBuffer b) {
        final int len = b.remaining();
        final byte type = len > 0 ? b.get(b.position()) : -1;
        final int min = Protocol.minLength(type);
        if (min < 0 || len < min || !Protocol.tenant(b).equals(tenant)) {
            return Protocol.refusal(ErrorCode.INVALID_ARGUMENT, "malformed WAL request");
        }
        final int p = b.position();
        final TimelineId id = Protocol.timeline(b);
        final TimelineState t = timelines.get(id);
        if (type == Protocol.CREATE) {
            final long start = b.getLong(p + HEADER_LENGTH);
            if (t != null) {
                return t.createdAt == start ? Protocol.okLsnReply(t.end, t.epoch)
                    : Protocol.refusal(ErrorCode.ALREADY_EXISTS, "timeline exists with another start LSN");
            }
            final WalLog log = openLog(id, start);
            if (log.endLsn() < start) { // a WalLog that exists from before a restart may hold more: replay skips it
                log.resetTo(start);
            }
            timelines.put(id, new TimelineState(id, log, start, 0, start, start));
            return Protocol.okLsnReply(start, 0);
        }
        if (type == Protocol.DELETE) {
            if (t != null) {
                deleteTimeline(t);
            }
            return Protocol.okLsnReply(0, 0);
        }
        if (t == null) {
            return Protocol.refusal(ErrorCode.NOT_FOUND, "unknown timeline [tenant=" + tenant + ", timeline=" + id + "]");
        }
        switch (type) {
            case Protocol.APPEND:
                return applyAppend(t, b, p, len - APPEND_HEADER_LENGTH);
            case Protocol.ACQUIRE:
                if (len >= Protocol.ACQUIRE_LENGTH && b.getLong(p + HEADER_LENGTH) != t.epoch) {
                    return Protocol.acquireReply(t.end, t.epoch, false); // a retry, or another writer came first
                }
                t.epoch = t.epoch + 1;
                return Protocol.acquireReply(t.end, t.epoch, true);
            case Protocol.PERSISTED:
                applyPersisted(t, b.getLong(p + HEADER_LENGTH));
                return Protocol.okLsnReply(t.persisted, t.epoch);
            default:
                return Protocol.refusal(ErrorCode.INVALID_ARGUMENT, "malformed WAL request");
        }
    }

    private byte[] applyAppend(final TimelineState t, final ByteBuffer b, final int p, final int records) {
        final long epoch = b.getLong(p + APPEND_EPOCH_OFFSET);
        final long start = b.getLong(p + APPEND_START_OFFSET);
        if (epoch != t.epoch) {
            throw fenced(t, epoch);
        }
        if (records <= 0 || records > Protocol.MAX_APPEND_BYTES) { // the same on every node: refused everywhere
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "append size out of range", "length", records);
        }
        if (records > settings.maxAppendBytes()) {
            // the leader's limit let it in and the group committed it: refusing it here alone would make this
            // replica diverge silently, so it stops serving the group instead (fail-stop, said in its status)
            throw smallerLimits("maxAppendBytes", records, settings.maxAppendBytes());
        }
        applyView.wrap(b, p + APPEND_HEADER_LENGTH, records);
        if (start != t.end) {
            if (start < t.end && t.sameBytes(start, applyView, 0, records)) {
                return Protocol.okLsnReply(start + records, t.epoch);
            }
            throw conflict(t, start);
        }
        try {
            t.copyIn(start, applyView, records, tenant);
        } catch (final StratumException e) {
            if (e.code() == ErrorCode.LIMIT_EXCEEDED) { // a record longer than this node's maxRecordLength
                throw smallerLimits("maxRecordLength", records, settings.maxRecordLength());
            }
            throw e;
        }
        settings.stats().appended(records);
        t.end = start + records;
        final List<Runnable> waiters = t.drainWaiters();
        if (waiters != null) {
            for (final Runnable r : waiters) {
                settings.pollExecutor().execute(r);
            }
        }
        return Protocol.okLsnReply(t.end, t.epoch);
    }

    private static StratumException smallerLimits(final String limit, final int records, final int max) {
        return StratumException.of(ErrorCode.FAILED, "the group committed an append this node's " + limit
            + " refuses: give every WAL node of a group the same limits", "length", records, limit, max);
    }

    /** Forgets the timeline and deletes its WAL copy (a replay after a restart deletes it again). */
    private void deleteTimeline(final TimelineState t) {
        timelines.remove(t.id);
        final List<Runnable> waiters = t.drainWaiters();
        t.close();
        if (waiters != null) {
            for (final Runnable r : waiters) {
                settings.pollExecutor().execute(r); // answered from the closed copy: refused, the stream moves on
            }
        }
        final Path dir = walRoot.resolve(t.id.toString());
        try {
            if (settings.fileIo().exists(dir)) {
                for (final Path f : settings.fileIo().list(dir)) {
                    settings.fileIo().delete(f);
                }
                settings.fileIo().delete(dir);
                settings.fileIo().syncDirectory(walRoot);
            }
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot delete a timeline's WAL copy",
                "timeline", t.id, "dir", dir, "error", e.getMessage());
        }
        LOG.info("timeline {} of tenant {} deleted with its WAL copy", t.id, tenant);
    }

    private void applyPersisted(final TimelineState t, final long reported) {
        final long lsn = Math.min(reported, t.end);
        if (lsn <= t.persisted) {
            return;
        }
        t.persisted = lsn;
        try {
            if (lsn <= t.log.endLsn()) {
                t.log.flush(lsn);
                t.log.truncateBelow(lsn);
            }
        } catch (final StratumException e) {
            if (e.code() == ErrorCode.IO_ERROR || e.code() == ErrorCode.FAILED) {
                throw e; // a failed sync or delete: fail-stop (see applyTransaction)
            }
            LOG.warn("timeline {} of tenant {}: cannot delete WAL below {}: {}", t.id, tenant, Lsn.format(lsn),
                e.getMessage());
        }
    }

    // ---------------------------------------------------------------- snapshots and purge

    @Override
    public long takeSnapshot() {
        final TermIndex last = getLastAppliedTermIndex();
        final SnapshotStore store = snapshots;
        if (last == null || store == null || failed != null) {
            return -1;
        }
        boolean wrote = false;
        if (last.getIndex() - lastSnapshotIndex >= settings.snapshotEvery()) {
            final Map<TimelineId, long[]> meta = new LinkedHashMap<>();
            for (final TimelineState t : timelines.values()) {
                t.log.flush();
                meta.put(t.id, new long[] {t.createdAt, t.epoch, t.end, t.persisted});
            }
            store.write(last.getTerm(), last.getIndex(), meta);
            lastSnapshotIndex = last.getIndex();
            wrote = true;
        }
        // Ratis asks again after every applied entry for as long as the index returned lags its threshold,
        // which it does until the local copies persist past the newest snapshot; re-deciding the safe snapshot
        // each time cost 1.3% of a loaded cluster's CPU. A stale (lower) answer only purges less.
        if (wrote || last.getIndex() - safeCheckedAt >= Math.max(1, settings.snapshotEvery() / 16)) {
            final SnapshotStore.Meta safe = store.safe(this::persistedOf, last.getIndex());
            store.prune(safe, settings.keepSnapshots());
            safeIndex = safe == null ? -1 : safe.index();
            safeCheckedAt = last.getIndex();
        }
        return safeIndex;
    }

    private long persistedOf(final TimelineId id) {
        final TimelineState t = timelines.get(id);
        return t == null ? 0 : t.persisted;
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        final SnapshotStore store = snapshots;
        if (store == null) {
            return null;
        }
        final TermIndex applied = getLastAppliedTermIndex();
        final SnapshotStore.Meta safe = store.safe(this::persistedOf, applied == null ? -1 : applied.getIndex());
        final SnapshotStore.Meta m = safe != null ? safe : store.oldest();
        return m == null ? null : new SingleFileSnapshotInfo(new FileInfo(m.path(), null), m.term(), m.index());
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    // ---------------------------------------------------------------- queries: reads and status

    /** Through Ratis: reads answer at once, never parked (see {@link WalReads#query}). */
    @Override
    public CompletableFuture<Message> query(final Message request) {
        return reads.query(request, false);
    }

    /** A query from the node's WAL stream endpoint: a read may long-poll up to the wait it asks for. */
    public CompletableFuture<Message> streamQuery(final Message request) {
        return reads.query(request, true);
    }

    StateMachineSettings settings() {
        return settings;
    }

    TenantId tenant() {
        return tenant;
    }

    TimelineState timeline(final TimelineId id) {
        return timelines.get(id);
    }

    List<TimelineState> timelines() {
        return List.copyOf(timelines.values());
    }

    /** The fail-stop reason, or null while this node serves the group. */
    StratumException failed() {
        return failed;
    }

    /** Stops serving the group after a failed read of its WAL copy (first failure wins); returns the reason. */
    StratumException failReading(final String cause) {
        if (failed == null) {
            failed = StratumException.of(ErrorCode.FAILED, "this WAL node stopped serving the group: its WAL copy failed",
                "tenant", tenant, "cause", cause);
            LOG.error("WAL node stops serving tenant {}: reading its WAL copy failed: {}", tenant, cause);
            LeaderHandover.start(getServer(), getGroupId(), tenant);
        }
        return failed;
    }

    // ---------------------------------------------------------------- lifecycle

    private void closeTimelines() {
        for (final TimelineState t : timelines.values()) {
            try {
                t.close();
            } catch (final RuntimeException e) {
                LOG.warn("closing timeline {} of tenant {}: {}", t.id, tenant, e.getMessage());
            }
        }
        timelines.clear();
    }

    @Override
    public void close() throws IOException {
        closeTimelines();
        super.close();
    }
}
