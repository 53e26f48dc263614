package io.stratum.engine.service;

/**
 * The page service wire protocol (version 1): binary, big-endian, over TCP.
 *
 * <p>Handshake. The client sends 8 bytes and its token, the server answers 12:
 * <pre>
 * client: +--------+-------------+--------------+-------+   server: +--------+-------------+-------+---------------+
 *         | "STPS" | version u16 | token len u16| token |           | "STPS" | version u16 | 0 u16 | max frame u32 |
 *         +--------+-------------+--------------+-------+           +--------+-------------+-------+---------------+
 * </pre>
 * A wrong magic or version, or a token length over 256, closes the connection (the server logs why). The
 * token (ASCII, {@code io.stratum.wal.auth.AuthKey}; length 0: none) is checked only by a server with an
 * auth key: then a missing, malformed, wrongly signed or expired token, or one scoped to another tenant
 * than a request's, makes that request answer {@link #ERROR} with {@code UNAUTHENTICATED} or
 * {@code PERMISSION_DENIED}. Type 5 is reserved for a
 * database-size request, not served yet: the engine has no key-range scan to sum a database's relations.
 *
 * <p>Frames, both ways. {@code length} counts the bytes after itself and is checked against the limit
 * before anything is read; a frame over the limit, or a malformed one, closes that connection only.
 * <pre>
 * +--------------+---------+----------+-------------+-----------------+------------------+
 * | length u32   | type u8 | flags u8 | 0 u16       | request id u64  | body             |
 * +--------------+---------+----------+-------------+-----------------+------------------+
 * </pre>
 * Requests may be pipelined: the client sends many before reading; the server answers each, in order,
 * with the same request id and type {@code request type | 0x80}, or {@link #ERROR}.
 *
 * <p>Request bodies all start with tenant (16 bytes), timeline (16 bytes) and the LSN to read at (8):
 * <pre>
 * GET_PAGE   + key hi i64, key lo i64                   -> page (8192 bytes)
 * GET_PAGES  + count u32, count x (key hi, key lo)      -> count u32, count x page
 * REL_SIZE   + database u32, relation u32, fork u32     -> blocks i64 (-1: no such relation)
 * REL_EXISTS + database u32, relation u32, fork u32     -> u8 (1 exists, 0 not)
 * WAIT_LSN   + timeout ms i64                           -> last ingested LSN i64
 * ERROR response body: code u8 length + ASCII error code name, message u16 length + UTF-8 text
 * </pre>
 */
public final class PageProtocol {
    public static final int MAGIC = 0x53545053; // "STPS"
    public static final int VERSION = 1;
    public static final int CLIENT_HELLO_LENGTH = 8;
    public static final int SERVER_HELLO_LENGTH = 12;

    /** Bytes of the length field. */
    public static final int LENGTH_FIELD = 4;
    /** Bytes after the length field before the body: type, flags, reserved, request id. */
    public static final int HEADER = 12;
    public static final int TYPE_OFFSET = 0;
    public static final int FLAGS_OFFSET = 1;
    public static final int REQUEST_ID_OFFSET = 4;

    /** Tenant, timeline and LSN at the start of every request body. */
    public static final int TARGET = 40;

    public static final byte GET_PAGE = 1;
    public static final byte GET_PAGES = 2;
    public static final byte REL_SIZE = 3;
    public static final byte REL_EXISTS = 4;
    public static final byte WAIT_LSN = 6;
    public static final byte RESPONSE = (byte) 0x80;
    public static final byte ERROR = (byte) 0xFF;

    public static final int PAGE_SIZE = 8192;
    /** Default largest frame: a batch of 64 pages plus headers fits. */
    public static final int DEFAULT_MAX_FRAME = 1 << 20;
    /** Default most pages in one GET_PAGES. */
    public static final int DEFAULT_MAX_BATCH = 64;

    private PageProtocol() {
    }

    public static String typeName(final int type) {
        switch ((byte) type) {
            case GET_PAGE: return "GET_PAGE";
            case GET_PAGES: return "GET_PAGES";
            case REL_SIZE: return "REL_SIZE";
            case REL_EXISTS: return "REL_EXISTS";
            case WAIT_LSN: return "WAIT_LSN";
            case ERROR: return "ERROR";
            default: return "type " + (type & 0xFF);
        }
    }
}
