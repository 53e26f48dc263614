package io.stratum.cli.tool;

import io.stratum.wal.Lsn;
import io.stratum.wal.WalLog;
import io.stratum.wal.WalReader;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import io.stratum.wal.io.FileIo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stratum tool wal-dump DIR}: one line per record. Reads only; changes nothing on disk. */
@Command(name = "wal-dump", mixinStandardHelpOptions = true,
    description = "Print one line per WAL record: LSN, length, rmgr, info, xid, page keys. Changes nothing.")
public final class WalDumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "WAL directory (holds wal.meta and *.seg)")
    Path dir;

    @Option(names = "--from", paramLabel = "LSN", description = "first record to print (X/X); default: the first")
    String from;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "-1", description = "print at most N records")
    long limit;

    @Option(names = "--max-record", paramLabel = "BYTES", defaultValue = "1048576",
        description = "largest record length to accept (default: ${DEFAULT-VALUE})")
    int maxRecord;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        try (WalLog log = WalLog.openReadOnly(dir, FileIo.real(), maxRecord)) {
            final long start = from == null ? log.beginLsn() : Lsn.parse(from);
            long n = 0;
            try (WalReader r = log.reader(start)) {
                while ((limit < 0 || n < limit) && r.next()) {
                    out.println(format(r.lsn(), r.record()));
                    n++;
                }
            }
            out.printf("# %d records from %s; log ends at %s%s%n", n, Lsn.format(start), Lsn.format(log.endLsn()),
                log.tailBytes() > 0 ? "; " + log.tailBytes() + " bytes of torn tail follow" : "");
        }
        out.flush();
        return 0;
    }

    static String format(final long lsn, final WalRecordDecoder rec) {
        final StringBuilder sb = new StringBuilder(96);
        sb.append(Lsn.format(lsn)).append(" len=").append(rec.length()).append(" rmgr=").append(rec.rmgr())
            .append(" info=0x").append(Integer.toHexString(rec.info())).append(" xid=").append(rec.xid());
        final long ts = rec.timestampMicros();
        if (ts >= 0) {
            sb.append(" ts=").append(java.time.Instant.EPOCH.plusNanos(ts * 1000));
        }
        sb.append(" payload=").append(rec.payloadLength()).append(" blocks=[");
        for (int i = 0; i < rec.blockCount(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%016x%016x", rec.blockKeyHi(i), rec.blockKeyLo(i)));
            if ((rec.blockFlags(i) & WalRecord.BLOCK_WILL_INIT) != 0) {
                sb.append("+init");
            }
        }
        return sb.append(']').toString();
    }
}
