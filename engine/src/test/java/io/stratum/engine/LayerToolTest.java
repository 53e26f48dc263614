package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.layer.LayerTool;
import io.stratum.wal.io.FileIo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerToolTest {
    @TempDir
    Path dir;

    @Test
    void dumpAndVerify() throws Exception {
        try (EngineModel m = new EngineModel(dir)) {
            final Random r = new Random(1);
            for (int i = 0; i < 40; i++) {
                m.write(0, new EngineModel.Change(r.nextInt(EngineModel.KEYS), i % 3, i, 8 * i));
            }
            m.timeline(0).flush();
            m.timeline(0).createImages();
        }
        final List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".delta") || p.toString().endsWith(".image")).sorted()
                .collect(Collectors.toList());
        }
        assertTrue(files.size() >= 2, files.toString());
        final Path delta = files.stream().filter(p -> p.toString().endsWith(".delta")).findFirst().orElseThrow();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        LayerTool.dump(FileIo.real(), delta, out, true);
        final String dump = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(dump.contains("kind:    delta"), dump);
        assertTrue(dump.contains("rel 1/10/0 blk 0"), dump);
        assertEquals(0, LayerTool.verify(FileIo.real(), dir, out));
        try (RandomAccessFile raf = new RandomAccessFile(files.get(1).toFile(), "rw")) {
            raf.seek(3);
            final int b = raf.read();
            raf.seek(3);
            raf.write(b ^ 1);
        }
        bytes.reset();
        assertEquals(1, LayerTool.verify(FileIo.real(), dir, out));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("CORRUPT  "), bytes.toString(StandardCharsets.UTF_8));
    }
}
