package io.stratum.chaos;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of a campaign. {@code maxUnavailableMs} per fault kind: for each fault, the time from its
 * injection until the first write that started after it was acknowledged (the end of the run when none
 * was), the longest per kind.
 */
public record ChaosReport(long seed, long seconds, long acked, long failed, long inDoubt, long reads,
                          long ackedLost, long invariantViolations, long historicalMismatches,
                          Map<String, Long> faultsInjected, Map<String, Long> maxUnavailableMs,
                          List<String> messages) {
    /** Zero lost, zero violations, zero mismatches. */
    public boolean clean() {
        return ackedLost == 0 && invariantViolations == 0 && historicalMismatches == 0;
    }

    static ChaosReport of(final ChaosConfig config, final History h, final long workStartNs, final long workEndNs,
                          final long totalNs) {
        final List<History.Op> ops = h.ops();
        long acked = 0;
        long failed = 0;
        long doubt = 0;
        for (final History.Op op : ops) {
            switch (op.outcome()) {
                case ACKED -> acked++;
                case FAILED -> failed++;
                case IN_DOUBT -> doubt++;
                default -> throw new IllegalStateException();
            }
        }
        final Map<String, Long> faults = new TreeMap<>();
        final Map<String, Long> unavailable = new TreeMap<>();
        for (final History.Fault f : h.faults()) {
            faults.merge(f.kind(), 1L, Long::sum);
            long firstAck = workEndNs;
            for (final History.Op op : ops) {
                if (op.outcome() == History.Outcome.ACKED && op.startNs() >= f.startNs() && op.endNs() < firstAck) {
                    firstAck = op.endNs();
                }
            }
            unavailable.merge(f.kind(), Math.max(0, (firstAck - f.startNs()) / 1_000_000), Math::max);
        }
        return new ChaosReport(config.seed(), totalNs / 1_000_000_000L, acked, failed, doubt, h.reads(), h.lost(),
            h.violations(), h.mismatches(), faults, unavailable, h.messages());
    }

    public String toText() {
        final StringBuilder sb = new StringBuilder();
        sb.append("chaos seed ").append(seed).append(", ").append(seconds).append(" s in all\n");
        sb.append("  writes acknowledged     ").append(acked).append('\n');
        sb.append("  writes failed           ").append(failed).append('\n');
        sb.append("  writes in doubt         ").append(inDoubt).append('\n');
        sb.append("  checked reads           ").append(reads).append('\n');
        sb.append("  acknowledged but lost   ").append(ackedLost).append('\n');
        sb.append("  invariant violations    ").append(invariantViolations).append('\n');
        sb.append("  historical mismatches   ").append(historicalMismatches).append('\n');
        sb.append("  faults injected (count, longest write unavailability):\n");
        for (final Map.Entry<String, Long> f : faultsInjected.entrySet()) {
            sb.append(String.format("    %-24s %4d  %7d ms%n", f.getKey(), f.getValue(),
                maxUnavailableMs.getOrDefault(f.getKey(), 0L)));
        }
        for (final String m : messages) {
            sb.append("  ").append(m).append('\n');
        }
        sb.append(clean() ? "OK: nothing acknowledged was lost, no violation, no mismatch"
            : "FAILED: see the lines above");
        return sb.toString();
    }

    public String toJson() {
        final StringBuilder sb = new StringBuilder("{");
        sb.append("\"seed\":").append(seed).append(",\"seconds\":").append(seconds)
            .append(",\"acked\":").append(acked).append(",\"failed\":").append(failed)
            .append(",\"in_doubt\":").append(inDoubt).append(",\"reads\":").append(reads)
            .append(",\"acked_lost\":").append(ackedLost)
            .append(",\"invariant_violations\":").append(invariantViolations)
            .append(",\"historical_mismatches\":").append(historicalMismatches)
            .append(",\"faults_injected\":").append(map(faultsInjected))
            .append(",\"max_unavailable_ms\":").append(map(maxUnavailableMs))
            .append(",\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(escape(messages.get(i))).append('"');
        }
        return sb.append("]}").toString();
    }

    private static String map(final Map<String, Long> m) {
        final StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (final Map.Entry<String, Long> e : m.entrySet()) {
            sb.append(first ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue());
            first = false;
        }
        return sb.append('}').toString();
    }

    private static String escape(final String s) {
        final StringBuilder sb = new StringBuilder();
        for (final char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
