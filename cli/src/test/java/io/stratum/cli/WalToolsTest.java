package io.stratum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.WalConfig;
import io.stratum.wal.WalLog;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WalToolsTest {
    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private static Result run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        final int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private void writeLog(final int records) {
        try (WalLog log = WalLog.open(WalConfig.builder(dir).segmentSize(64 << 10).build())) {
            final UnsafeBuffer buf = new UnsafeBuffer(new byte[256]);
            for (int i = 0; i < records; i++) {
                final int len = new WalRecordEncoder().wrap(buf, 0, 256).begin(7, 0, 100 + i)
                    .addBlock(0x0000000001000000L, i, WalRecord.BLOCK_WILL_INIT).finish(64);
                log.append(buf, 0, len);
            }
        }
    }

    @Test
    void walDumpPrintsOneLinePerRecord() {
        writeLog(10);
        final Result r = run("tool", "wal-dump", dir.toString(), "--limit", "3");
        assertEquals(0, r.exit(), r.err());
        final String[] lines = r.out().split("\n");
        assertEquals(4, lines.length, r.out());
        assertTrue(lines[0].startsWith("0/1000000 len=101 rmgr=7 info=0x0 xid=100"), lines[0]);
        assertTrue(lines[0].contains("00000000010000000000000000000000+init"), lines[0]);
        assertTrue(lines[1].startsWith("0/1000065 "), lines[1]);
        assertTrue(lines[3].startsWith("# 3 records from 0/1000000"), lines[3]);
    }

    @Test
    void walVerifyPassesASoundLogAndFailsACorruptOne() throws IOException {
        writeLog(100);
        final Result ok = run("tool", "wal-verify", dir.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().startsWith("ok: 100 records"), ok.out());

        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("0000000001000000.seg").toFile(), "rw")) {
            f.seek(4096 + 500);
            final int b = f.read();
            f.seek(4096 + 500);
            f.write(b ^ 0x01);
        }
        final Result bad = run("tool", "wal-verify", dir.toString());
        assertEquals(5, bad.exit());
        assertTrue(bad.err().contains("0000000001000000.seg"), bad.err());
    }

    @Test
    void missingDirectoryIsNotFound() {
        final Result r = run("tool", "wal-verify", dir.resolve("nope").toString());
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("wal.meta is missing"), r.err());
        assertTrue(Files.notExists(dir.resolve("nope")), "a read-only tool must not create directories");
    }

    @Test
    void helpAndVersionWork() {
        assertEquals(0, run("--help").exit());
        assertTrue(run("--version").out().startsWith("stratum "));
        assertEquals(0, run("tool", "wal-dump", "--help").exit());
        assertEquals(2, run("no-such-command").exit());
    }
}
