package io.stratum.compute.pgwire;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Builds the server's SSLContext from a PEM certificate chain and a PEM PKCS#8 key (RSA or EC). */
final class TlsContext {
    private TlsContext() {
    }

    static SSLContext load(final Path certificate, final Path key) {
        try {
            final CertificateFactory cf = CertificateFactory.getInstance("X.509");
            final Certificate[] chain = cf.generateCertificates(
                    new ByteArrayInputStream(Files.readAllBytes(certificate))).toArray(new Certificate[0]);
            if (chain.length == 0) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "no certificate in file", "file", certificate);
            }
            final PrivateKey privateKey = privateKey(Files.readString(key, StandardCharsets.US_ASCII), key);
            final char[] pass = new char[0];
            final KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", privateKey, pass, chain);
            final KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            final SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (final IOException | GeneralSecurityException e) {
            throw StratumException.withCause(ErrorCode.INVALID_ARGUMENT, e, "cannot load TLS certificate and key",
                    "certificate", certificate, "key", key);
        }
    }

    private static PrivateKey privateKey(final String pem, final Path file) throws GeneralSecurityException {
        final String begin = "-----BEGIN PRIVATE KEY-----";
        final int from = pem.indexOf(begin);
        final int to = pem.indexOf("-----END PRIVATE KEY-----");
        if (from < 0 || to < from) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "TLS key must be a PEM PKCS#8 'PRIVATE KEY'",
                    "file", file);
        }
        final byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        final PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (final String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (final GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "unsupported TLS key algorithm", "file", file);
    }
}
