package io.stratum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.TenantId;
import io.stratum.wal.auth.AuthKey;
import io.stratum.wal.auth.AuthToken;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code stratum auth keygen|token}, and daemons that refuse to listen off loopback without a key. */
class AuthCommandsTest {
    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private static Result run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cl = Main.commandLine(args[0]);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        final int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void keygenThenTokenGivesATokenTheKeyVerifies() throws Exception {
        final Path key = dir.resolve("auth.key");
        Result r = run("auth", "keygen", key.toString());
        assertEquals(0, r.exit(), r.err());
        if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        }
        r = run("auth", "keygen", key.toString());
        assertEquals(ErrorCode.ALREADY_EXISTS.exitCode(), r.exit(), r.err());

        final TenantId t = TenantId.random();
        r = run("auth", "token", "--key-file", key.toString(), "--tenant", t.toString(), "--ttl", "2h");
        assertEquals(0, r.exit(), r.err());
        final long now = System.currentTimeMillis();
        final AuthToken claims = AuthKey.load(key).authorize(r.out().strip(), t, now);
        assertTrue(Math.abs(claims.expiresAtSeconds() - (now / 1000 + 7200)) <= 5, claims.toString());

        r = run("auth", "token", "--key-file", key.toString(), "--admin");
        assertEquals(0, r.exit(), r.err());
        assertTrue(AuthKey.load(key).verify(r.out().strip(), now).isAdmin());

        assertEquals(2, run("auth", "token", "--key-file", key.toString()).exit()); // no scope: usage
        assertEquals(2, run("auth", "token", "--key-file", key.toString(), "--admin", "--ttl", "soon").exit());
    }

    @Test
    void daemonsRefuseANonLoopbackListenerWithoutAKey() {
        Result r = run("wal-node", "--id", "1", "--peers", "1=127.0.0.1:1", "--data", dir.resolve("w").toString(),
            "--bind", "0.0.0.0", "--metrics", "off");
        assertEquals(ErrorCode.INVALID_ARGUMENT.exitCode(), r.exit(), r.err());
        assertTrue(r.err().contains("requires an auth key"), r.err());

        r = run("pageserver", "--data", dir.resolve("p").toString(), "--wal-peers", "1=127.0.0.1:1",
            "--listen", "0.0.0.0:0", "--http", "127.0.0.1:0");
        assertEquals(ErrorCode.INVALID_ARGUMENT.exitCode(), r.exit(), r.err());
        assertTrue(r.err().contains("page service"), r.err());

        r = run("pageserver", "--data", dir.resolve("p").toString(), "--wal-peers", "1=127.0.0.1:1",
            "--listen", "127.0.0.1:0", "--http", "0.0.0.0:0");
        assertEquals(ErrorCode.INVALID_ARGUMENT.exitCode(), r.exit(), r.err());
        assertTrue(r.err().contains("management API"), r.err());
    }
}
