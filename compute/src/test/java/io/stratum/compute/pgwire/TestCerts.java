package io.stratum.compute.pgwire;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A throwaway self-signed certificate made with the openssl command line tool. */
final class TestCerts {
    private TestCerts() {
    }

    /** Returns {certificate, key} PEM files in {@code dir}. */
    static Path[] selfSigned(final Path dir) throws Exception {
        Assumptions.assumeTrue(java.nio.file.Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl missing");
        final Path cert = dir.resolve("server.crt");
        final Path key = dir.resolve("server.key");
        final Process p = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl failed");
        }
        return new Path[] {cert, key};
    }
}
