package io.stratum.raft.statemachine;

import static io.stratum.raft.protocol.Protocol.APPEND_EPOCH_OFFSET;
import static io.stratum.raft.protocol.Protocol.APPEND_HEADER_LENGTH;
import static io.stratum.raft.protocol.Protocol.APPEND_START_OFFSET;
import static io.stratum.raft.protocol.Protocol.HEADER_LENGTH;

import io.stratum.raft.protocol.Protocol;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payload written once: the group's state as of the last entry written to this node's Raft log, and what
 * every written, not yet applied entry does ({@link EntryOutcome}).
 *
 * <p>An APPEND's entry carries its header as log data and its records as state-machine data, which Ratis hands
 * to {@link #write} (leader and followers, in log order, before the entry is written) and keeps out of its own
 * log files; an append of at most {@code inlineAppendBytes} keeps its records in the log data
 * ({@link EntryOutcome#onceFormat}). Every other entry carries one byte of state-machine data, so that
 * {@code write} sees every entry. {@code write} decides the entry once, against this tentative state: a CREATE
 * opens the incarnation's WalLog (directory named after the entry's index), an accepted APPEND's records go into
 * the WalLog at the tentative end (written once: handed to the OS at once, so a killed process leaves them in the
 * page cache before Ratis writes the entry); when Ratis flushes its log, the WalLogs written once since the last
 * flush ({@link #takeDirty}) are fsynced beside it, and Ratis acknowledges nothing before both syncs are done.
 * {@link #take} gives the apply thread the recorded outcome: applying decides nothing again. {@link #truncate}
 * undoes the outcomes from an index up, newest first (an accepted append with {@link WalLog#truncateAbove},
 * durable before Ratis cuts its files).
 *
 * <p>After a restart Ratis does not write again the entries its log holds above the snapshot: the first
 * {@code write} or {@code truncate} reads them back from the Raft log (headers only; the records are in the
 * WalLogs if they were written before the crash), rebuilds the tentative state, cuts every WalLog to its
 * tentative end (records written for entries that did not reach the Raft log) and deletes WAL directories no
 * incarnation names. An accepted append whose records the WalLog does not hold is marked absent: applying it
 * fail-stops the group on this node, unless the incarnation is being deleted. The apply thread and
 * {@link #read} catch up the same way, without cutting.
 *
 * <p>{@link #read} answers a follower that needs an entry's payload the leader's cache no longer holds: the
 * WalLog's bytes over the entry's range, or one byte saying the incarnation is deleted (a committed DELETE
 * follows), or that the range lies below the persisted LSN and retention deleted part of it (on both the
 * follower skips the WAL: no one needs it), or that the bytes are missing (a follower that accepts such an
 * entry stops when it applies it). Retention deletes only below an entry boundary (see the state machine), so
 * a range it cut into ends at or below the persisted LSN.
 *
 * <p>Threads: {@code write} and {@code truncate} run under the Raft log's write lock on Ratis's appending
 * threads, {@code takeDirty} on its log worker ({@link #sync} then on the node's sync threads), {@code take} on
 * the apply thread, {@code read} on appender threads.
 * All state here is guarded by {@link #lock}; the Raft log is read with the lock released (the writing threads
 * hold the Raft log's lock while they wait for ours), and a catch-up whose reading raced a truncation or another
 * catch-up is thrown away. The outcomes kept are those of entries written and not applied yet: Ratis bounds
 * them (its pending-request limit on a leader, the log it holds above the applied index after a restart).
 */
final class Tentative {
    private static final Logger LOG = LoggerFactory.getLogger(Tentative.class);
    /** The state-machine data of an entry other than an APPEND. */
    static final byte NO_DATA = 'E';
    /** {@link #read}: the incarnation is deleted, committed; the WAL is needed by no one. */
    static final byte GONE_DELETED = 'D';
    /** {@link #read}: the range lies below the persisted LSN (committed) and retention deleted part of it. */
    static final byte GONE_PERSISTED = 'P';
    /** {@link #read}: this node does not hold the entry's records (it refused the entry, or lost them). */
    static final byte GONE_MISSING = 'M';
    static final ByteString NO_DATA_BYTES = UnsafeByteOperations.unsafeWrap(new byte[] {NO_DATA});
    private static final int CATCH_UP_CHUNK = 256;
    /** Bytes of entries read back per chunk, at most (plus one entry): old-format entries carry their records. */
    private static final long CATCH_UP_BYTES = 8L << 20;

    private final TentativeHost host;
    private final Object lock = new Object();
    private final Map<TimelineId, TimelineState> timelines = new HashMap<>(); // guarded by lock
    private final ArrayDeque<EntryOutcome> outcomes = new ArrayDeque<>();           // guarded by lock
    private final Set<TimelineState> dirty = new LinkedHashSet<>();            // guarded by lock
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);                  // guarded by lock
    private long lastSeen = -1;     // guarded by lock: the last index whose entry was decided
    private long truncations;       // guarded by lock: bumped by every truncate
    private boolean rebuilt;        // guarded by lock: the WalLogs were cut to the tentative state

    Tentative(final TentativeHost host) {
        this.host = host;
    }

    /** Starts from the committed state at {@code index} (load, restart, snapshot install). */
    void reset(final long index, final List<TimelineState> committed) {
        synchronized (lock) {
            timelines.clear();
            for (final TimelineState t : committed) {
                t.tentativeEpoch = t.epoch;
                t.tentativeEnd = t.end;
                timelines.put(t.id, t);
            }
            outcomes.clear();
            dirty.clear();
            lastSeen = index;
            truncations++;
            rebuilt = false;
        }
    }

    /** The incarnations created but not committed yet (closed by the state machine on reload). */
    List<TimelineState> uncommitted(final Set<TimelineState> committed) {
        synchronized (lock) {
            final List<TimelineState> out = new ArrayList<>();
            for (final TimelineState t : timelines.values()) {
                if (!committed.contains(t)) {
                    out.add(t);
                }
            }
            for (final EntryOutcome o : outcomes) {
                if (o.kind == EntryOutcome.CREATE && !committed.contains(o.t) && !out.contains(o.t)) {
                    out.add(o.t);
                }
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- Ratis's data path

    /** An entry about to be written to the Raft log (under its write lock): decide it, write its records. */
    void write(final LogEntryProto entry) {
        final long index = entry.getIndex();
        if (!isRebuilt()) {
            catchUp(index - 1);
        }
        synchronized (lock) {
            if (!rebuilt) {
                cutToTentative(true);
            }
            if (index <= lastSeen) {
                throw StratumException.of(ErrorCode.FAILED, "an entry was written twice without a truncation",
                    "tenant", host.tenant(), "index", index, "lastWritten", lastSeen);
            }
            final StateMachineLogEntryProto sm = entry.getStateMachineLogEntry();
            final boolean once = EntryOutcome.onceFormat(sm.getLogData());
            outcomes.addLast(decide(index, sm.getLogData(), once,
                once ? sm.getStateMachineEntry().getStateMachineData() : null, once));
            lastSeen = index;
        }
    }

    /** The WalLogs written since the last call: Ratis is about to fsync its log, and they must be fsynced too. */
    List<TimelineState> takeDirty() {
        synchronized (lock) {
            if (dirty.isEmpty()) {
                return List.of();
            }
            final List<TimelineState> out = new ArrayList<>(dirty);
            dirty.clear();
            return out;
        }
    }

    /** Fsyncs these WalLogs (any thread; a WalLog's group commit lets several syncs overlap). */
    static void sync(final List<TimelineState> toSync) {
        for (final TimelineState t : toSync) {
            try {
                t.log.flush();
            } catch (final StratumException e) {
                if (e.code() != ErrorCode.CLOSED) { // closed: deleted meanwhile, nothing left to keep
                    throw e;
                }
            }
        }
    }

    /** Ratis cuts its log from {@code index} up: undo those entries, newest first, durably. */
    void truncate(final long index) {
        if (!isRebuilt()) {
            catchUp(index - 1);
        }
        synchronized (lock) {
            truncations++;
            while (!outcomes.isEmpty() && outcomes.peekLast().index >= index) {
                undo(outcomes.pollLast());
            }
            lastSeen = Math.min(lastSeen, index - 1);
            cutToTentative(!rebuilt);
        }
    }

    /** The payload of an APPEND entry for a follower (the leader's cache no longer holds it). */
    ByteString read(final LogEntryProto entry) {
        final StateMachineLogEntryProto sm = entry.getStateMachineLogEntry();
        if (!EntryOutcome.onceFormat(sm.getLogData())) {
            return NO_DATA_BYTES; // not an append, or one whose records are in the Raft log
        }
        final ByteBuffer b = sm.getLogData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        final long index = entry.getIndex();
        catchUp(index);
        final int p = b.position();
        final TimelineId id = Protocol.timeline(b);
        final long start = b.getLong(p + APPEND_START_OFFSET);
        final int records = b.getInt(p + APPEND_HEADER_LENGTH);
        TimelineState t;
        synchronized (lock) {
            t = timelines.get(id);
        }
        if (t == null || t.createIndex > index) {
            t = null;
            for (final TimelineState c : host.committed()) {
                if (c.id.equals(id) && c.createIndex <= index) {
                    t = c;
                }
            }
        }
        if (t == null) {
            return gone(GONE_DELETED);
        }
        if (records <= 0 || records > Protocol.MAX_APPEND_BYTES) {
            return gone(GONE_MISSING);
        }
        final byte[] out = new byte[records];
        if (t.copyRange(start, records, new UnsafeBuffer(out))) {
            return UnsafeByteOperations.unsafeWrap(out);
        }
        if (start + records <= t.persisted && start < t.log.beginLsn()) {
            return gone(GONE_PERSISTED);
        }
        LOG.info("tenant {} timeline {}: entry {} asks for WAL [{}, +{}) that this node does not hold (refused "
            + "here, or cut): answered as missing", host.tenant(), id, index, Lsn.format(start), records);
        return gone(GONE_MISSING);
    }

    private static ByteString gone(final byte why) {
        return UnsafeByteOperations.unsafeWrap(new byte[] {why});
    }

    /**
     * The outcome of the entry the apply thread applies: recorded when it was written, or decided now from the
     * entry itself when it was not (a replay after a restart, or an entry written by an older node).
     */
    EntryOutcome take(final LogEntryProto entry) {
        final long index = entry.getIndex();
        catchUp(index - 1);
        synchronized (lock) {
            if (index > lastSeen) {
                final StateMachineLogEntryProto sm = entry.getStateMachineLogEntry();
                final boolean once = EntryOutcome.onceFormat(sm.getLogData());
                final ByteString data = once ? sm.getStateMachineEntry().getStateMachineData() : null;
                outcomes.addLast(decide(index, sm.getLogData(), once, data == null || data.isEmpty() ? null : data,
                    false));
                lastSeen = index;
            }
            while (!outcomes.isEmpty() && outcomes.peekFirst().index < index) {
                final EntryOutcome skipped = outcomes.pollFirst(); // never applied: a bug upstream, said loudly
                LOG.error("tenant {}: entry {} was written but never applied (now applying {})", host.tenant(),
                    skipped.index, index);
            }
            final EntryOutcome o = outcomes.peekFirst();
            if (o == null || o.index != index) {
                throw StratumException.of(ErrorCode.FAILED, "no decision recorded for an applied entry", "tenant",
                    host.tenant(), "index", index, "lastWritten", lastSeen);
            }
            return outcomes.pollFirst();
        }
    }

    /**
     * Whether the incarnation is still alive as of the Raft log's last entry (no DELETE follows for it): reads
     * the rest of the log first when it was not decided yet (a replay after a restart).
     */
    boolean alive(final TimelineState t) {
        catchUp(Long.MAX_VALUE - 1);
        synchronized (lock) {
            return timelines.get(t.id) == t;
        }
    }

    private boolean isRebuilt() {
        synchronized (lock) {
            return rebuilt;
        }
    }

    // ---------------------------------------------------------------- catching up from the Raft log

    /** Decides every entry up to {@code target} that was not written since the last load (restart replay). */
    private void catchUp(final long target) {
        while (true) {
            final long from;
            final long gen;
            synchronized (lock) {
                from = lastSeen + 1;
                gen = truncations;
            }
            if (from > target) {
                return;
            }
            final long to = Math.min(target, from + CATCH_UP_CHUNK - 1);
            final List<LogEntryProto> chunk = new ArrayList<>();
            boolean ended = false;
            try {
                final RaftLog raftLog = host.raftLog();
                long bytes = 0;
                for (long i = from; i <= to && bytes < CATCH_UP_BYTES; i++) {
                    final LogEntryProto e = raftLog.get(i);
                    if (e == null) {
                        ended = true;
                        break;
                    }
                    chunk.add(e);
                    bytes += e.getSerializedSize();
                }
            } catch (final IOException e) {
                throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot read the Raft log back",
                    "tenant", host.tenant(), "from", from, "error", e.getMessage());
            }
            synchronized (lock) {
                if (lastSeen + 1 != from || truncations != gen) {
                    continue; // another thread caught up, or the log was cut: read again
                }
                for (final LogEntryProto e : chunk) {
                    decideReadBack(e);
                }
                if (ended) {
                    return; // the log ends here
                }
            }
        }
    }

    /** Decides an entry read back from the Raft log (the next one after {@link #lastSeen}). */
    private void decideReadBack(final LogEntryProto e) {
        if (e.hasStateMachineLogEntry()) {
            final StateMachineLogEntryProto sm = e.getStateMachineLogEntry();
            final boolean once = EntryOutcome.onceFormat(sm.getLogData());
            final ByteString data = once ? sm.getStateMachineEntry().getStateMachineData() : null;
            outcomes.addLast(decide(e.getIndex(), sm.getLogData(), once, data == null || data.isEmpty() ? null : data,
                false));
        }
        lastSeen = e.getIndex();
    }

    /**
     * A restart, before Ratis opens its log ({@link RaftLogTail}): decides an entry read from this node's Raft log
     * files. Entries at or below the last one decided (the snapshot's) are passed over; false, deciding nothing,
     * when the entry does not follow the last one decided (a gap).
     */
    boolean replay(final LogEntryProto e) {
        synchronized (lock) {
            if (e.getIndex() <= lastSeen) {
                return true;
            }
            if (e.getIndex() != lastSeen + 1) {
                return false;
            }
            decideReadBack(e);
            return true;
        }
    }

    /**
     * The index of the first entry decided and not applied that is an accepted append whose records the WAL copy
     * does not hold, its incarnation alive as of the last entry decided (no DELETE of it follows); -1 if none.
     */
    long firstUnheld() {
        synchronized (lock) {
            for (final EntryOutcome o : outcomes) {
                if (o.kind == EntryOutcome.APPEND && o.absent && !o.skipped && timelines.get(o.t.id) == o.t) {
                    return o.index;
                }
            }
            return -1;
        }
    }

    /**
     * Cuts every WalLog to its incarnation's tentative end; on the first cut after a load also deletes the WAL
     * directories that no incarnation names (a CREATE cut before a crash, a DELETE applied in part).
     */
    private void cutToTentative(final boolean sweep) {
        for (final TimelineState t : timelines.values()) {
            if (t.log.endLsn() > t.tentativeEnd && t.tentativeEnd >= t.log.beginLsn()) {
                LOG.info("tenant {} timeline {}: cutting local WAL from {} back to {} (written for entries the Raft "
                    + "log does not hold)", host.tenant(), t.id, Lsn.format(t.log.endLsn()), Lsn.format(t.tentativeEnd));
                t.log.truncateAbove(t.tentativeEnd);
            }
        }
        if (sweep) {
            final Set<String> named = new HashSet<>();
            for (final TimelineState t : timelines.values()) {
                named.add(t.dirName());
            }
            for (final TimelineState t : host.committed()) {
                named.add(t.dirName());
            }
            for (final EntryOutcome o : outcomes) {
                if (o.t != null) {
                    named.add(o.t.dirName());
                }
            }
            final io.stratum.wal.io.FileIo io = host.settings().fileIo();
            try {
                for (final Path dir : io.list(host.walRoot())) {
                    if (!named.contains(dir.getFileName().toString())) {
                        LOG.info("tenant {}: deleting WAL directory {}, which no timeline names", host.tenant(), dir);
                        for (final Path f : io.list(dir)) {
                            io.delete(f);
                        }
                        io.delete(dir);
                    }
                }
                io.syncDirectory(host.walRoot());
            } catch (final IOException e) {
                throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot delete a stale WAL directory",
                    "tenant", host.tenant(), "dir", host.walRoot(), "error", e.getMessage());
            }
        }
        rebuilt = true;
    }

    private void undo(final EntryOutcome o) {
        switch (o.kind) {
            case EntryOutcome.APPEND:
                o.t.tentativeEnd = o.a;
                if (o.skipped) {
                    o.t.log.resetTo(o.a); // the copy was started again after it: start it before it instead
                } else if (!o.absent && o.t.log.endLsn() > o.a) {
                    o.t.log.truncateAbove(o.a);
                }
                dirty.add(o.t);
                break;
            case EntryOutcome.ACQUIRE:
                o.t.tentativeEpoch = o.a - 1;
                break;
            case EntryOutcome.CREATE:
                timelines.remove(o.t.id);
                dirty.remove(o.t);
                host.deleteDir(o.t);
                break;
            case EntryOutcome.DELETE:
                timelines.put(o.t.id, o.t);
                break;
            default:
                break;
        }
    }

    // ---------------------------------------------------------------- the one decision

    /**
     * Decides an entry against the tentative state and applies it there: the only place the rules of a WAL
     * request live. {@code once}: an APPEND's header carries the records' length and {@code data} the records
     * (null: not at hand, look in the WalLog); otherwise the records follow the header in the log data.
     * {@code writing}: called by {@link #write}, so records put into a WalLog are handed to the OS now and
     * fsynced by the next {@link #flush}; otherwise (applying an entry whose records are in the Raft log) the
     * WalLog is synced off the commit path.
     */
    private EntryOutcome decide(final long index, final ByteString logData, final boolean once, final ByteString data,
                           final boolean writing) {
        final ByteBuffer b = logData.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        final int len = b.remaining();
        final byte type = len > 0 ? b.get(b.position()) : -1;
        final int min = Protocol.minLength(type);
        if (min < 0 || len < min || !Protocol.tenant(b).equals(host.tenant())) {
            return EntryOutcome.reply(index, Protocol.refusal(ErrorCode.INVALID_ARGUMENT, "malformed WAL request"));
        }
        final int p = b.position();
        final TimelineId id = Protocol.timeline(b);
        final TimelineState t = timelines.get(id);
        if (type == Protocol.CREATE) {
            final long start = b.getLong(p + HEADER_LENGTH);
            if (t != null) {
                return EntryOutcome.reply(index, t.createdAt == start
                    ? Protocol.okLsnReply(t.tentativeEnd, t.tentativeEpoch) : Protocol.refusal(ErrorCode.ALREADY_EXISTS, "timeline exists with another start LSN"));
            }
            final WalLog log = host.openLog(id, index, start);
            if (log.endLsn() < start) {
                log.resetTo(start);
            }
            final TimelineState created = new TimelineState(id, index, log, start, 0, start, start);
            timelines.put(id, created);
            return new EntryOutcome(index, EntryOutcome.CREATE, created, 0, 0, Protocol.okLsnReply(start, 0));
        }
        if (type == Protocol.DELETE) {
            if (t == null) {
                return EntryOutcome.reply(index, Protocol.okLsnReply(0, 0));
            }
            timelines.remove(id);
            return new EntryOutcome(index, EntryOutcome.DELETE, t, 0, 0, Protocol.okLsnReply(0, 0));
        }
        if (t == null) {
            return EntryOutcome.reply(index, Protocol.refusal(ErrorCode.NOT_FOUND, "unknown timeline [tenant="
                + host.tenant() + ", timeline=" + id + "]"));
        }
        switch (type) {
            case Protocol.APPEND:
                return decideAppend(index, t, b, p, once ? data
                    : len > APPEND_HEADER_LENGTH ? logData.substring(APPEND_HEADER_LENGTH) : null, once, writing);
            case Protocol.ACQUIRE:
                if (len >= Protocol.ACQUIRE_LENGTH && b.getLong(p + HEADER_LENGTH) != t.tentativeEpoch) {
                    return EntryOutcome.reply(index, Protocol.acquireReply(t.tentativeEnd, t.tentativeEpoch, false));
                }
                t.tentativeEpoch++;
                return new EntryOutcome(index, EntryOutcome.ACQUIRE, t, t.tentativeEpoch, 0,
                    Protocol.acquireReply(t.tentativeEnd, t.tentativeEpoch, true));
            case Protocol.PERSISTED:
                return new EntryOutcome(index, EntryOutcome.PERSISTED, t, b.getLong(p + HEADER_LENGTH), 0, null);
            default:
                return EntryOutcome.reply(index, Protocol.refusal(ErrorCode.INVALID_ARGUMENT, "malformed WAL request"));
        }
    }

    /** {@code payload}: the records (a view, not a copy), or null when not at hand. */
    private EntryOutcome decideAppend(final long index, final TimelineState t, final ByteBuffer b, final int p,
                                      final ByteString payload, final boolean once, final boolean writing) {
        final int len = b.remaining();
        final long epoch = b.getLong(p + APPEND_EPOCH_OFFSET);
        final long start = b.getLong(p + APPEND_START_OFFSET);
        final int records = once ? (len >= APPEND_HEADER_LENGTH + 4 ? b.getInt(p + APPEND_HEADER_LENGTH) : -1)
            : len - APPEND_HEADER_LENGTH;
        if (epoch != t.tentativeEpoch) {
            return EntryOutcome.refused(index, StratumException.of(ErrorCode.FENCED,
                "writer epoch is not the timeline's current one", "timeline", t.id, "epoch", epoch,
                "current", t.tentativeEpoch));
        }
        if (records <= 0 || records > Protocol.MAX_APPEND_BYTES) { // the same on every node: refused everywhere
            return EntryOutcome.refused(index, StratumException.of(ErrorCode.LIMIT_EXCEEDED, "append size out of range",
                "length", records));
        }
        final StateMachineSettings settings = host.settings();
        if (records > settings.maxAppendBytes()) {
            // the leader's limit let it in: refusing it here alone would make this replica diverge silently, so
            // it stops serving the group when the entry is applied (fail-stop, said in its status)
            return EntryOutcome.stop(index, EntryOutcome.smallerLimits("maxAppendBytes", records, settings.maxAppendBytes()));
        }
        if (start != t.tentativeEnd) {
            if (start < t.tentativeEnd && payload != null && payload.size() == records) {
                final ByteBuffer pb = payload.asReadOnlyByteBuffer();
                view.wrap(pb, pb.position(), records);
                if (t.sameBytes(start, view, 0, records, t.tentativeEnd)) {
                    return EntryOutcome.reply(index, Protocol.okLsnReply(start + records, t.tentativeEpoch));
                }
            }
            return EntryOutcome.refused(index, StratumException.of(ErrorCode.CONFLICT,
                "append does not start at the timeline's end", "timeline", t.id, "start", Lsn.format(start),
                "end", Lsn.format(t.tentativeEnd)));
        }
        final EntryOutcome o = new EntryOutcome(index, EntryOutcome.APPEND, t, start, start + records,
            Protocol.okLsnReply(start + records, t.tentativeEpoch));
        try {
            o.absent = !place(t, start, records, payload, writing);
            o.skipped = o.absent && t.skippedTo == start + records;
            if (writing && o.absent && !o.skipped) {
                // Ratis would write the entry and, once its log is synced, acknowledge what this node does not hold
                throw StratumException.of(ErrorCode.FAILED, "this WAL node cannot hold the records of an accepted "
                    + "append", "timeline", t.id, "start", Lsn.format(start), "end", Lsn.format(start + records),
                    "localEnd", Lsn.format(t.log.endLsn()));
            }
        } catch (final StratumException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                return EntryOutcome.refused(index, e); // records the leader checked: refused alike on every node
            }
            if (e.code() != ErrorCode.LIMIT_EXCEEDED) {
                throw e; // an I/O error: fail-stop (the caller)
            }
            // a record longer than this node's maxRecordLength: the group took it, this node cannot
            return EntryOutcome.stop(index, EntryOutcome.smallerLimits("maxRecordLength", records, settings.maxRecordLength()));
        }
        t.tentativeEnd = start + records;
        return o;
    }

    /**
     * Puts an accepted append's records into the WalLog at {@code start}; false when it cannot hold them
     * (absent: not at hand, the leader answered "deleted" or "missing").
     */
    private boolean place(final TimelineState t, final long start, final int records, final ByteString payload,
                          final boolean writing) {
        final long physical = t.log.endLsn();
        if (payload == null) { // read back after a restart: here if written before the crash
            if (physical >= start + records) {
                return true;
            }
            LOG.warn("tenant {} timeline {}: the local WAL ends at {}, below an accepted append [{}, {}) read back "
                + "from the Raft log", host.tenant(), t.id, Lsn.format(physical), Lsn.format(start),
                Lsn.format(start + records));
            return false;
        }
        if (payload.size() == 1) {
            if (payload.byteAt(0) == GONE_DELETED || payload.byteAt(0) == GONE_PERSISTED) {
                // no one needs it: the WAL here starts again after it, durably, so that a restart finds the copy
                // holding this append's range (see RaftLogTail: a copy short of it would cut this acknowledged entry)
                t.skippedTo = start + records;
                t.log.resetTo(start + records);
            } else {
                LOG.error("tenant {} timeline {}: the leader does not hold the WAL of an accepted append [{}, {})",
                    host.tenant(), t.id, Lsn.format(start), Lsn.format(start + records));
            }
            return false;
        }
        if (payload.size() != records) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "an append's records differ from its header",
                "length", payload.size(), "header", records);
        }
        final ByteBuffer pb = payload.asReadOnlyByteBuffer();
        view.wrap(pb, pb.position(), records);
        if (physical >= start + records) {
            return true; // replaying an entry the WalLog holds (written by an older node, before a crash)
        }
        if (physical > start) { // a crash kept the first records of it
            final int kept = (int) (physical - start);
            t.log.appendAt(physical, view, kept, records - kept);
        } else if (physical == start) {
            t.log.appendAt(start, view, 0, records);
        } else {
            LOG.error("tenant {} timeline {}: the local WAL ends at {}, below an accepted append at {}",
                host.tenant(), t.id, Lsn.format(physical), Lsn.format(start));
            return false;
        }
        if (writing) {
            t.log.writeOut(start + records); // in the page cache before Ratis writes the entry
            dirty.add(t);
        }
        return true;
    }
}
