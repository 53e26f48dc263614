package io.stratum.cli;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.auth.AuthKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stratum auth keygen|token}: the cluster's signing key and tokens scoped to a tenant (or admin) for
 * daemons listening off loopback ({@code --auth-key-file}).
 */
@Command(name = "auth", mixinStandardHelpOptions = true,
    description = {"Keys and tokens for daemons listening off loopback. Give every daemon of a cluster the same",
        "key (--auth-key-file); clients then present a token: --token, or the STRATUM_TOKEN environment variable."},
    subcommands = {AuthCommands.Keygen.class, AuthCommands.Token.class})
final class AuthCommands implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads {@code --auth-key-file} for a daemon (null when not given). */
    static AuthKey key(final Path file) {
        return file == null ? null : AuthKey.load(file);
    }

    /** {@code --token}, else STRATUM_TOKEN, else null. */
    static String token(final String option) {
        if (option != null && !option.isBlank()) {
            return option.strip();
        }
        final String env = System.getenv("STRATUM_TOKEN");
        return env == null || env.isBlank() ? null : env.strip();
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Write a new random 256-bit signing key to FILE (created with permissions 0600; an existing",
            "file is never overwritten: exit 4). Copy it to every daemon of the cluster and start them with",
            "--auth-key-file FILE."})
    static final class Keygen implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "where to write the key")
        Path file;

        @Override
        public Integer call() {
            AuthKey.generate(file);
            spec.commandLine().getOut().println("wrote a new auth key to " + file);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** Exactly one scope. */
    static final class Scope {
        @Option(names = "--tenant", paramLabel = "ID", description = "scope the token to this tenant (32 hex digits)")
        String tenant;

        @Option(names = "--admin", description = "an admin token: every tenant and the cluster-wide API routes")
        boolean admin;
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print a token signed with the key: scoped to one tenant (what a compute needs) or admin",
            "(the management API's cluster-wide routes, a page server talking to the WAL nodes, operators).",
            "Example: export STRATUM_TOKEN=$(stratum auth token --key-file auth.key --tenant $T --ttl 30d)"})
    static final class Token implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--key-file", required = true, paramLabel = "FILE", description = "the cluster's key")
        Path keyFile;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Scope scope;

        @Option(names = "--ttl", defaultValue = "24h", paramLabel = "DURATION",
            description = "how long the token is valid: 90s, 30m, 24h, 30d or ISO-8601 (default: ${DEFAULT-VALUE})")
        String ttl;

        @Override
        public Integer call() {
            final AuthKey key = AuthKey.load(keyFile);
            final TenantId tenant = scope.admin ? null : TenantId.parse(scope.tenant);
            final long expires = System.currentTimeMillis() / 1000 + ttl(ttl).toSeconds();
            spec.commandLine().getOut().println(key.mint(tenant, expires));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    static Duration ttl(final String s) {
        try {
            final Duration d;
            if (s.matches("\\d+[smhd]")) {
                final long n = Long.parseLong(s.substring(0, s.length() - 1));
                d = switch (s.charAt(s.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                d = Duration.parse(s);
            }
            if (d.toSeconds() < 1 || d.toDays() > 3650) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "--ttl must be between 1 s and 10 years", "ttl", s);
            }
            return d;
        } catch (final DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "bad --ttl (expected e.g. 90s, 30m, 24h, 30d)", "ttl", s);
        }
    }
}
