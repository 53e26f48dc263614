package io.stratum.cli.tool;

import io.stratum.wal.Lsn;
import io.stratum.wal.WalLog;
import io.stratum.wal.WalReader;
import io.stratum.wal.io.FileIo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stratum tool wal-verify DIR}: checks segment headers and every record's CRC. Exits 0 when the log
 * is sound (a torn tail after a crash is reported but is not corruption), 5 on corruption.
 */
@Command(name = "wal-verify", mixinStandardHelpOptions = true,
    description = {"Check every WAL segment header and record CRC. Changes nothing.",
        "Exit status: 0 sound, 5 corrupt (the message names segment and offset), 3 no WAL found."})
public final class WalVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "WAL directory (holds wal.meta and *.seg)")
    Path dir;

    @Option(names = "--max-record", paramLabel = "BYTES", defaultValue = "1048576",
        description = "largest record length to accept (default: ${DEFAULT-VALUE})")
    int maxRecord;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        try (WalLog log = WalLog.openReadOnly(dir, FileIo.real(), maxRecord)) {
            long records = 0;
            try (WalReader r = log.reader(log.beginLsn())) {
                while (r.next()) {
                    records++;
                }
            }
            out.printf("ok: %d records, %s bytes, LSN %s to %s, %d segments%s%n", records,
                log.endLsn() - log.beginLsn(), Lsn.format(log.beginLsn()), Lsn.format(log.endLsn()),
                log.segmentCount(), log.tailBytes() > 0
                    ? "; torn tail of " + log.tailBytes() + " bytes after the last record (cut on next open)" : "");
        }
        out.flush();
        return 0;
    }
}
