package io.stratum.wal;

/**
 * The one unchecked exception of Stratum: an {@link ErrorCode} and a message with {@code [key=value]}
 * details, for example {@code record CRC mismatch [segment=0000000001000000.seg, offset=8192]}.
 */
public class StratumException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public StratumException(final ErrorCode code, final String message) {
        super(message);
        this.code = code;
    }

    public StratumException(final ErrorCode code, final String message, final Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /**
     * Builds {@code message [k1=v1, k2=v2]} from alternating keys and values.
     *
     * @param details alternating key, value
     */
    public static StratumException of(final ErrorCode code, final String message, final Object... details) {
        return new StratumException(code, format(message, details));
    }

    /** As {@link #of} with a cause. */
    public static StratumException withCause(
        final ErrorCode code, final Throwable cause, final String message, final Object... details) {
        return new StratumException(code, format(message, details), cause);
    }

    public ErrorCode code() {
        return code;
    }

    /** {@code message [k1=v1, k2=v2]} from alternating keys and values. */
    public static String format(final String message, final Object... details) {
        if (details == null || details.length == 0) {
            return message;
        }
        final StringBuilder sb = new StringBuilder(message).append(" [");
        for (int i = 0; i < details.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(details[i]).append('=').append(i + 1 < details.length ? details[i + 1] : "?");
        }
        return sb.append(']').toString();
    }
}
