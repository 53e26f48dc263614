package io.stratum.raft.statemachine;

import static io.stratum.raft.protocol.Protocol.APPEND_HEADER_LENGTH;

import io.stratum.raft.protocol.Protocol;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalConfig;
import io.stratum.wal.WalLog;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 *   <li>The payload is written once ({@link Tentative}): an APPEND's records are Ratis state-machine data, kept
 *       out of the Raft log's files; {@link #write} (every replica, log order, before the entry is written)
 *       decides each entry once against the tentative state, so requests that raced past the leader's check
 *       are refused identically everywhere, and puts accepted records into the timeline's WalLog;
 *       {@link #flush} fsyncs them before Ratis fsyncs its log; {@link #truncate} undoes cut entries;
 *       {@link #read} serves a lagging follower the records from the WalLog.</li>
 *   <li>{@link #applyTransaction} (every replica, log order) applies the recorded outcome to the committed
 *       state (the end readers see, the epoch, the persisted LSN) and answers the client.</li>
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
    private final Map<TimelineId, TimelineState> timelines = new ConcurrentHashMap<>(); // committed incarnations
    private final LeaderCheck leaderCheck;
    private final Tentative tentative = new Tentative(new TentativeHost(this));
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
    /** With the payload written once: closes the Raft log after a data-path fail-stop. */
    private final RaftLogStop logStop = new RaftLogStop();

    public WalStateMachine(final StateMachineSettings settings) {
        this.settings = settings;
        this.leaderCheck = new LeaderCheck(settings);
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
        getLifeCycle().startAndTransition(() -> {
            loadState();
            if (settings.payloadOnce()) {
                dropUnheldTail(server, raftStorage);
            }
        }, IOException.class);
    }

    /**
     * Written once, before Ratis opens the Raft log: cuts it from the first entry whose records the WAL copy lost
     * ({@link RaftLogTail}). When the log cannot be read or cut, starts from the snapshot as before: the entries are
     * then decided from the open log, and applying one whose records are missing stops the group here.
     */
    private void dropUnheldTail(final RaftServer server, final RaftStorage raftStorage) throws IOException {
        try {
            settings.stats().tailCut(RaftLogTail.dropUnheld(tentative, raftStorage, server.getProperties(), tenant));
        } catch (final IOException | RuntimeException e) {
            LOG.error("tenant {}: cannot check this node's Raft log against its WAL copies: {}", tenant, e.toString());
            closeTimelines();
            loadState();
        }
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
        // the WAL this node wrote for entries it never applied may differ from the leader's: keep only what it
        // applied (agreed by the group), then start each timeline where the installed snapshot says (the
        // incarnations created but not applied are closed with the rest, by closeTimelines)
        for (final TimelineState t : timelines.values()) {
            if (t.log.endLsn() > t.end && t.end >= t.log.beginLsn()) {
                t.log.truncateAbove(t.end);
            }
        }
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
            tentative.reset(-1, List.of());
            return;
        }
        for (final Map.Entry<TimelineId, long[]> e : m.timelines().entrySet()) {
            final long[] v = e.getValue();
            final WalLog log = openLog(e.getKey(), v[4], v[0]);
            if (log.endLsn() < v[2]) {
                LOG.warn("timeline {} of tenant {}: local WAL ends at {} below the snapshot's {}; starting it there",
                    e.getKey(), tenant, Lsn.format(log.endLsn()), Lsn.format(v[2]));
                log.resetTo(v[2]);
            } else if (log.endLsn() > v[2] && getLifeCycleState() == LifeCycle.State.PAUSED && v[2] >= log.beginLsn()) {
                log.truncateAbove(v[2]); // installing: nothing above the snapshot is known agreed
            }
            timelines.put(e.getKey(), new TimelineState(e.getKey(), v[4], log, v[0], v[1], v[2], v[3]));
        }
        lastSnapshotIndex = m.index();
        setLastAppliedTermIndex(TermIndex.valueOf(m.term(), m.index()));
        tentative.reset(m.index(), List.copyOf(timelines.values()));
    }

    WalLog openLog(final TimelineId id, final long createIndex, final long startLsn) {
        return WalLog.open(WalConfig.builder(walRoot.resolve(TimelineState.dirName(id, createIndex)))
            .segmentSize(settings.segmentSize())
            .maxRecordLength(settings.maxRecordLength())
            .writeBufferSize(Math.max(2 * settings.maxRecordLength(), settings.maxAppendBytes()))
            .startLsn(startLsn)
            // written twice, this copy is fsynced off the commit path (reads, snapshots, close): zero-filling
            // segments ahead would only add disk writes that compete with the Raft log's fsyncs; written once, it is
            // fsynced on every commit, and an fdatasync that also has to write a grown file's size costs more
            .preallocate(settings.payloadOnce())
            .preallocator(settings.preallocExecutor())
            .fileIo(settings.fileIo())
            .build());
    }

    // ---------------------------------------------------------------- leader: validate before replicating
    @Override
    public TransactionContext startTransaction(final RaftClientRequest request) throws IOException {
        final ByteString content;
        try { // the token's envelope is stripped here: the log entry is the request alone
            content = RequestAuth.unwrap(request.getMessage().getContent(), settings.authKey());
            leaderCheck.validate(content.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN), tenant, timelines);
        } catch (final StratumException e) {
            final TransactionContext trx = TransactionContext.newBuilder().setStateMachine(this)
                .setClientRequest(request).build();
            trx.setException(new WalRefusedException(e.code().name() + " " + e.getMessage()));
            return trx;
        } catch (final LeaderCheck.Duplicate d) {
            final TransactionContext trx = TransactionContext.newBuilder().setStateMachine(this)
                .setClientRequest(request).build();
            trx.setException(new WalRefusedException(Protocol.DUPLICATE + " " + d.endLsn));
            return trx;
        }
        final TransactionContext trx;
        if (!settings.payloadOnce()) {
            trx = TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request)
                .setLogData(content).build();
        } else if (content.byteAt(0) == Protocol.APPEND
            && content.size() - APPEND_HEADER_LENGTH > settings.inlineAppendBytes()) { // the records written once
            final int n = content.size() - APPEND_HEADER_LENGTH;
            final byte[] length = {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)};
            trx = TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request)
                .setLogData(content.substring(0, APPEND_HEADER_LENGTH).concat(UnsafeByteOperations.unsafeWrap(length)))
                .setStateMachineData(content.substring(APPEND_HEADER_LENGTH)).build();
        } else {
            trx = TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request)
                .setLogData(content).setStateMachineData(Tentative.NO_DATA_BYTES).build();
        }
        trx.setStateMachineContext(System.nanoTime()); // read back when the leader applies it (commit latency)
        return trx;
    }

    // ---------------------------------------------------------------- every replica: apply in log order

    @Override
    public CompletableFuture<Message> applyTransaction(final TransactionContext trx) {
        final LogEntryProto entry = trx.getLogEntry();
        final StratumException already = failed;
        if (already != null) {
            return CompletableFuture.failedFuture(already);
        }
        final byte[] reply;
        try {
            reply = apply(tentative.take(entry));
        } catch (final StratumException e) {
            return failStop(e, entry.getIndex());
        }
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        if (trx.getStateMachineContext() instanceof Long) {
            settings.stats().committed(System.nanoTime() - (Long) trx.getStateMachineContext());
        }
        return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(reply)));
    }

    /** Stops serving the group on this node: nothing is marked applied past the failure, reads are refused. */
    private <T> CompletableFuture<T> failStop(final StratumException e, final long index) {
        final StratumException stop = e.code() == ErrorCode.FAILED && e.getMessage().startsWith("this WAL node")
            ? e : StratumException.of(ErrorCode.FAILED, "this WAL node stopped serving the group: its WAL copy failed",
            "tenant", tenant, "entry", index, "cause", e.getMessage());
        if (failed == null) {
            failed = stop;
            LOG.error("WAL node stops serving tenant {} at entry {}: {}. Restart the node once the cause is fixed; "
                + "it rebuilds its WAL copy from its Raft log and peers.", tenant, index, e.getMessage());
            LeaderHandover.start(getServer(), getGroupId(), tenant);
        }
        return CompletableFuture.failedFuture(failed);
    }

    /** Applies an entry's recorded outcome to the committed state (apply thread); returns the reply. */
    private byte[] apply(final EntryOutcome o) {
        final TimelineState t = o.t;
        switch (o.kind) {
            case EntryOutcome.STOP:
                throw o.stop;
            case EntryOutcome.APPEND:
                if (o.absent) {
                    if (!o.skipped && tentative.alive(t)) {
                        throw StratumException.of(ErrorCode.FAILED, "the WAL of a committed append is missing on "
                            + "this node", "timeline", t.id, "start", Lsn.format(o.a), "end", Lsn.format(o.b));
                    }
                    LOG.info("timeline {} of tenant {}: WAL [{}, {}) not copied here (deleted, or below the persisted "
                        + "LSN)", t.id, tenant, Lsn.format(o.a), Lsn.format(o.b));
                }
                settings.stats().appended((int) (o.b - o.a));
                t.end = o.b;
                final List<Runnable> waiters = t.drainWaiters();
                if (waiters != null) {
                    for (final Runnable r : waiters) {
                        settings.pollExecutor().execute(r);
                    }
                }
                return o.reply;
            case EntryOutcome.ACQUIRE:
                t.epoch = o.a;
                return o.reply;
            case EntryOutcome.CREATE:
                timelines.put(t.id, t);
                return o.reply;
            case EntryOutcome.DELETE:
                deleteTimeline(t);
                return o.reply;
            case EntryOutcome.PERSISTED:
                applyPersisted(t, o.a);
                return Protocol.okLsnReply(t.persisted, t.epoch);
            default:
                return o.reply;
        }
    }

    // ---------------------------------------------------------------- Ratis's data path: the payload written once

    @Override
    public CompletableFuture<?> write(final LogEntryProto entry, final TransactionContext trx) {
        if (failed != null) {
            return failStopData(failed, entry.getIndex());
        }
        try {
            tentative.write(entry);
            return CompletableFuture.completedFuture(null);
        } catch (final StratumException e) {
            return failStopData(e, entry.getIndex());
        }
    }

    /**
     * A fail-stop on the data path ({@code write}, {@code flush}, {@code truncate}, {@code read}): answered once the
     * Raft log is closed.
     */
    private <T> CompletableFuture<T> failStopData(final StratumException e, final long index) {
        // in either mode: a node with the records in its Raft log meets entries with state-machine data only from
        // a leader that writes them once (a group of mixed modes, as during a rolling change of the setting)
        return logStop.after(getServer(), getGroupId(), tenant, failStop(e, index));
    }

    /**
     * Ratis is about to fsync its log up to {@code index} (and acknowledges those entries only once this future
     * completes too): the WalLogs written since the last flush are fsynced on the node's sync threads, beside it.
     */
    @Override
    public CompletableFuture<Void> flush(final long index) {
        if (failed != null && settings.payloadOnce()) { // the entries up to index are not all in the copy
            return failStopData(failed, index);
        }
        final List<TimelineState> toSync = tentative.takeDirty();
        if (toSync.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        final java.util.concurrent.Executor ex = settings.syncExecutor();
        if (ex == null) {
            try {
                Tentative.sync(toSync);
                return CompletableFuture.completedFuture(null);
            } catch (final StratumException e) {
                return failStopData(e, index);
            }
        }
        // one task per WalLog: a group with many timelines fsyncs its files side by side, not one after another
        final CompletableFuture<?>[] each = new CompletableFuture<?>[toSync.size()];
        try {
            for (int i = 0; i < each.length; i++) {
                final List<TimelineState> one = List.of(toSync.get(i));
                each[i] = CompletableFuture.runAsync(() -> Tentative.sync(one), ex);
            }
        } catch (final java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(StratumException.of(ErrorCode.CLOSED, "WAL node is closing",
                "tenant", tenant));
        }
        final CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture.allOf(each).whenComplete((v, x) -> {
            final Throwable cause = x instanceof java.util.concurrent.CompletionException && x.getCause() != null
                ? x.getCause() : x;
            if (cause == null) {
                done.complete(null);
            } else if (cause instanceof StratumException se) {
                failStopData(se, index).whenComplete((ignored, stop) -> done.completeExceptionally(stop));
            } else {
                done.completeExceptionally(cause);
            }
        });
        return done;
    }

    @Override
    public CompletableFuture<Void> truncate(final long index) {
        try {
            tentative.truncate(index);
            return CompletableFuture.completedFuture(null);
        } catch (final StratumException e) {
            return failStopData(e, index);
        }
    }

    @Override
    public CompletableFuture<ByteString> read(final LogEntryProto entry, final TransactionContext trx) {
        try {
            return CompletableFuture.completedFuture(tentative.read(entry));
        } catch (final StratumException e) {
            if (e.code() == ErrorCode.IO_ERROR) {
                return failStopData(e, entry.getIndex());
            }
            return CompletableFuture.failedFuture(e);
        }
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

    /** Forgets the incarnation and deletes its WAL copy (a replay after a restart deletes it again). */
    private void deleteTimeline(final TimelineState t) {
        timelines.remove(t.id, t);
        final List<Runnable> waiters = t.drainWaiters();
        deleteDir(t);
        if (waiters != null) {
            for (final Runnable r : waiters) {
                settings.pollExecutor().execute(r); // answered from the closed copy: refused, the stream moves on
            }
        }
        LOG.info("timeline {} of tenant {} deleted with its WAL copy", t.id, tenant);
    }

    /** Closes an incarnation's WalLog and deletes its directory. */
    void deleteDir(final TimelineState t) {
        t.close();
        final Path dir = walRoot.resolve(t.dirName());
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
    }

    private void applyPersisted(final TimelineState t, final long reported) {
        final long lsn = Math.min(reported, t.end);
        if (lsn <= t.persisted) {
            return;
        }
        t.persisted = lsn;
        // written once, the WalLog also serves lagging followers (read): see retainedFrom
        final long keep = settings.payloadOnce() ? Math.min(lsn, retainedFrom(t)) : lsn;
        try {
            if (keep > t.log.beginLsn() && keep <= t.log.endLsn()) {
                t.log.flush(keep);
                t.log.truncateBelow(keep);
            }
        } catch (final StratumException e) {
            if (e.code() == ErrorCode.IO_ERROR || e.code() == ErrorCode.FAILED) {
                throw e; // a failed sync or delete: fail-stop (see applyTransaction)
            }
            LOG.warn("timeline {} of tenant {}: cannot delete WAL below {}: {}", t.id, tenant, Lsn.format(lsn),
                e.getMessage());
        }
    }

    /**
     * Where retention may delete the incarnation's WAL below: the end recorded in the newest snapshot that lies
     * below the persisted LSNs (an entry boundary, at or below the persisted LSN), so a range a lagging follower
     * asks for ({@link #read}) is held whole, or ends at or below the persisted LSN. Without one, nothing.
     */
    private long retainedFrom(final TimelineState t) {
        final TermIndex applied = getLastAppliedTermIndex();
        final SnapshotStore.Meta m = snapshots.safe(this::persistedOf, applied == null ? -1 : applied.getIndex());
        final long[] v = m == null ? null : m.timelines().get(t.id);
        return v != null && v[4] == t.createIndex ? v[2] : t.createdAt;
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
                meta.put(t.id, new long[] {t.createdAt, t.epoch, t.end, t.persisted, t.createIndex});
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

    Path walRoot() {
        return walRoot;
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
        for (final TimelineState t : tentative.uncommitted(java.util.Set.copyOf(timelines.values()))) {
            t.close();
        }
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
