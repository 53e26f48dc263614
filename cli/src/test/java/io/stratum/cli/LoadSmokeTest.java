package io.stratum.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.chaos.LoadRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection load test, bounded for CI: 100 clients opening, querying and closing pgJDBC connections
 * to a compute process for 15 s; its threads, file descriptors and heap after GC must come back to what
 * they were, and no client may be refused. The long run: {@code stratum chaos --load 500 --minutes 10}.
 */
class LoadSmokeTest {
    @TempDir
    Path dir;

    @Test
    void connectionsComeAndGoWithoutLeaks() {
        final LoadRun.Result r = LoadRun.run(dir, Main.class.getName(), Integer.getInteger("stratum.load.clients", 100),
            Duration.ofSeconds(Long.getLong("stratum.load.seconds", 15)), System.out);
        System.out.println(r.toText());
        assertTrue(r.connections() > 100, r.toText());
        assertTrue(r.clean(), r.toText());
    }
}
