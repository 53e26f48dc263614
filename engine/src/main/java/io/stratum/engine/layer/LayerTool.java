package io.stratum.engine.layer;

import static io.stratum.engine.layer.LayerFormat.*;

import io.stratum.engine.key.PageKey;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import io.stratum.wal.io.FileIo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Layer files for humans: {@link #dump} prints a file's footer, blocks and entries; {@link #verify}
 * checks every layer file under a directory (footer, index, every block checksum, entry order and
 * ranges, record checksums). Behind {@code stratum tool layer-dump} and {@code layer-verify}.
 */
public final class LayerTool {
    private LayerTool() {
    }

    /** Prints the layer file; with {@code entries} also one line per entry. */
    public static void dump(final FileIo io, final Path file, final PrintStream out, final boolean entries) {
        final LayerDesc d = LayerDesc.parseOrThrow(file.getFileName().toString());
        final LayerFile f = new LayerFile(io, file, d);
        try {
            f.load();
            out.printf("file:    %s%n", file);
            out.printf("kind:    %s%n", d.image() ? "image" : "delta");
            out.printf("keys:    %s .. %s%n", PageKey.hex(d.keyStartHi(), d.keyStartLo()), PageKey.hex(d.keyEndHi(), d.keyEndLo()));
            out.printf(d.image() ? "lsn:     %s%n" : "lsns:    %s .. %s%n", Lsn.format(d.lsnStart()), Lsn.format(d.lsnEnd()));
            out.printf("size:    %d bytes, %d blocks, %d entries%n", f.fileSize(), f.blockCount(), f.entryCount());
            final WalRecordDecoder dec = new WalRecordDecoder(WalRecord.MAX_RECORD_LENGTH_LIMIT);
            try (LayerCursor c = new LayerCursor(f)) {
                int block = -1;
                while (c.next()) {
                    if (c.block() != block) {
                        block = c.block();
                        out.printf("block %d at offset %d (%d bytes raw)%n", block, c.blockOffset(), f.rawLength(block));
                    }
                    if (entries) {
                        out.printf("  %s  %-28s lsn %-12s %s%n", PageKey.hex(c.keyHi(), c.keyLo()),
                            PageKey.describe(c.keyHi(), c.keyLo()), Lsn.format(c.lsn()), describeValue(dec, c));
                    }
                }
            }
        } finally {
            f.close();
        }
    }

    private static String describeValue(final WalRecordDecoder dec, final LayerCursor c) {
        if ((c.flags() & FLAG_IMAGE) != 0) {
            return "image " + c.valueLength() + " bytes";
        }
        if ((c.flags() & FLAG_REF) != 0 && c.valueLength() == REF_LENGTH) {
            return "record stored under " + PageKey.hex(c.buffer().getLong(c.valueOffset(), ByteOrder.BIG_ENDIAN),
                c.buffer().getLong(c.valueOffset() + 8, ByteOrder.BIG_ENDIAN))
                + ((c.flags() & FLAG_WILL_INIT) != 0 ? " will-init" : "");
        }
        final int st = dec.check(c.buffer(), c.valueOffset(), c.valueOffset() + c.valueLength());
        if (st < 0) {
            return "record (" + WalRecord.statusName(st) + ")";
        }
        dec.wrapTrusted(c.buffer(), c.valueOffset(), st);
        return "record rmgr " + dec.rmgr() + " info 0x" + Integer.toHexString(dec.info()) + " xid " + dec.xid()
            + " " + st + " bytes" + ((c.flags() & FLAG_WILL_INIT) != 0 ? " will-init" : "");
    }

    /**
     * Verifies every layer file under {@code dir} (recursively); prints one line per file and returns the
     * number of damaged files.
     */
    public static int verify(final FileIo io, final Path dir, final PrintStream out) {
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> LayerDesc.parse(p.getFileName().toString()) != null).sorted().forEach(files::add);
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot list directory", "dir", dir,
                "error", e.getMessage());
        }
        int bad = 0;
        for (final Path p : files) {
            try {
                final long n = verifyFile(io, p);
                out.printf("ok       %s (%d entries)%n", dir.relativize(p), n);
            } catch (final StratumException e) {
                bad++;
                out.printf("CORRUPT  %s: %s%n", dir.relativize(p), e.getMessage());
            }
        }
        out.printf("%d layer files, %d damaged%n", files.size(), bad);
        return bad;
    }

    /** A reference names a key at or before its own whose entry at the same LSN holds a valid record. */
    private static void verifyRef(final LayerFile f, final LayerCursor c, final LayerScratch lookup) {
        if (c.valueLength() != REF_LENGTH || f.desc().image()) {
            throw f.corrupt("reference entry of the wrong length or in an image layer", c.blockOffset());
        }
        final long aHi = c.buffer().getLong(c.valueOffset(), ByteOrder.BIG_ENDIAN);
        final long aLo = c.buffer().getLong(c.valueOffset() + 8, ByteOrder.BIG_ENDIAN);
        if (PageKey.compare(aHi, aLo, c.keyHi(), c.keyLo()) > 0) {
            throw f.corrupt("reference to a later key", c.blockOffset());
        }
        final WalRecordDecoder dec = new WalRecordDecoder(WalRecord.MAX_RECORD_LENGTH_LIMIT);
        final boolean[] found = new boolean[1];
        f.collect(lookup, aHi, aLo, c.lsn() - 1, c.lsn(), (lsn, flags, b, off, len) -> {
            if ((flags & (FLAG_REF | FLAG_IMAGE)) == 0 && dec.check(b, off, off + len) == len) {
                found[0] = true;
                return false;
            }
            return true;
        });
        if (!found[0]) {
            throw f.corrupt("reference names no record", c.blockOffset());
        }
    }

    /** Verifies one file; returns its entry count or throws CORRUPT naming it. */
    public static long verifyFile(final FileIo io, final Path file) {
        final LayerDesc d = LayerDesc.parseOrThrow(file.getFileName().toString());
        final LayerFile f = new LayerFile(io, file, d);
        final WalRecordDecoder dec = new WalRecordDecoder(WalRecord.MAX_RECORD_LENGTH_LIMIT);
        try (LayerCursor c = new LayerCursor(f); LayerScratch lookup = new LayerScratch()) {
            long n = 0;
            long pHi = 0;
            long pLo = 0;
            long pLsn = -1;
            while (c.next()) {
                final int cmp = PageKey.compare(pHi, pLo, c.keyHi(), c.keyLo());
                if (n > 0 && (cmp > 0 || cmp == 0 && c.lsn() <= pLsn)) {
                    throw f.corrupt("entries out of order", c.blockOffset());
                }
                if (!d.containsKey(c.keyHi(), c.keyLo())) {
                    throw f.corrupt("entry outside the key range", c.blockOffset());
                }
                if (!f.mayHaveKey(c.keyHi(), c.keyLo())) {
                    throw f.corrupt("key filter misses a key of the file", c.blockOffset());
                }
                if (d.image() ? c.lsn() != d.imageLsn() : c.lsn() <= d.lsnStart() || c.lsn() > d.lsnEnd()) {
                    throw f.corrupt("entry outside the LSN range", c.blockOffset());
                }
                if ((c.flags() & FLAG_REF) != 0) {
                    verifyRef(f, c, lookup);
                } else if ((c.flags() & FLAG_IMAGE) != 0 ? c.valueLength() != PageKey.PAGE_SIZE
                    : dec.check(c.buffer(), c.valueOffset(), c.valueOffset() + c.valueLength()) != c.valueLength()) {
                    throw f.corrupt("entry value is not a page or a valid record", c.blockOffset());
                }
                pHi = c.keyHi();
                pLo = c.keyLo();
                pLsn = c.lsn();
                n++;
            }
            if (n != f.entryCount()) {
                throw f.corrupt("entry count does not match the footer", f.fileSize() - FOOTER_SIZE);
            }
            return n;
        } finally {
            f.close();
        }
    }
}
