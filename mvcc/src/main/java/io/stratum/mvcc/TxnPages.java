package io.stratum.mvcc;

import io.stratum.mvcc.clog.CommitLog;
import io.stratum.mvcc.meta.MetaPages;
import io.stratum.mvcc.txn.TxnManager;
import org.agrona.DirectBuffer;

/**
 * Read-only facts about the pages that record transactions (the commit log and the xid counters), for
 * callers that read those pages at an LSN themselves: a branch diff finding the transactions open at a
 * fork. The page layouts stay internal to mvcc. Stateless.
 */
public final class TxnPages {
    /** The first xid a database hands out. */
    public static final long FIRST_XID = TxnManager.FIRST_XID;
    /** Commit-log states. */
    public static final int IN_PROGRESS = CommitLog.NONE;
    public static final int COMMITTED = CommitLog.COMMITTED;
    public static final int ABORTED = CommitLog.ABORTED;

    private TxnPages() {
    }

    /** The page key (hi) of {@code database}'s commit-log pages. */
    public static long commitLogHi(final int database) {
        return CommitLog.pageHi(database);
    }

    /** The page key (lo) of commit-log page {@code page}. */
    public static long commitLogLo(final long page) {
        return CommitLog.pageLo(page);
    }

    /** The commit-log page that holds {@code xid}'s state. */
    public static long commitLogPageOf(final long xid) {
        return CommitLog.pageOf(xid);
    }

    /** {@code xid}'s state in its commit-log page at {@code offset}: IN_PROGRESS, COMMITTED or ABORTED. */
    public static int state(final DirectBuffer page, final int offset, final long xid) {
        return CommitLog.stateIn(page, offset, xid);
    }

    /** The page key (hi) of {@code database}'s xid page. */
    public static long xidPageHi(final int database) {
        return MetaPages.xidHi(database);
    }

    /** The page key (lo) of the xid page. */
    public static long xidPageLo() {
        return MetaPages.xidLo();
    }

    /** The xid limit logged in the xid page at {@code offset}: every xid below it was handed out. */
    public static long xidLimit(final DirectBuffer page, final int offset) {
        return MetaPages.xidLimit(page, offset);
    }

    /** The oldest xid in progress when the xid page at {@code offset} was last logged. */
    public static long xidOldest(final DirectBuffer page, final int offset) {
        return MetaPages.xidOldest(page, offset);
    }
}
