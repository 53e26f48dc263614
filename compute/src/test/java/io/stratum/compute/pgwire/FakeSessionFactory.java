package io.stratum.compute.pgwire;

import io.stratum.compute.session.ColumnDesc;
import io.stratum.compute.session.Notice;
import io.stratum.compute.session.Portal;
import io.stratum.compute.session.PreparedStatement;
import io.stratum.compute.session.RowSink;
import io.stratum.compute.session.Session;
import io.stratum.compute.session.SessionFactory;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test-only SQL side that understands a handful of statements, enough to drive the protocol with
 * real clients: {@code select 1}; {@code select * from items} (int4, text, numeric, timestamptz, bytea);
 * {@code select * from nope} (42P01 at position 15); {@code select $1::type, ...} (parameter types
 * inferred from the casts); {@code select generate_series(1, N)}; {@code select pg_sleep(S)} (waits for
 * cancel); {@code select notice()}; {@code insert into items values ($1, $2)}; {@code copy items from
 * stdin} / {@code to stdout}; {@code select half_row()} (a second row that fails to format); BEGIN/COMMIT/ROLLBACK;
 * SET.
 */
final class FakeSessionFactory implements SessionFactory {
    static final long ITEMS_OID = 16384;
    static final List<ColumnDesc> ITEMS = List.of(
            new ColumnDesc("id", ITEMS_OID, 1, PgType.INT4, -1),
            new ColumnDesc("name", ITEMS_OID, 2, PgType.TEXT, -1),
            new ColumnDesc("price", ITEMS_OID, 3, PgType.NUMERIC, -1),
            new ColumnDesc("created", ITEMS_OID, 4, PgType.TIMESTAMPTZ, -1),
            new ColumnDesc("data", ITEMS_OID, 5, PgType.BYTEA, -1));
    static final List<Object[]> ITEM_ROWS = List.of(
            new Object[] {1, "apple", new BigDecimal("1.50"),
                OffsetDateTime.of(2026, 11, 24, 20, 0, 0, 123_456_000, ZoneOffset.UTC), new byte[] {0, 1, (byte) 255}},
            new Object[] {2, "pear, \"green\"", new BigDecimal("-12345678901234567890.123"),
                OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 0, ZoneOffset.ofHours(2)), new byte[0]},
            new Object[] {3, null, null, null, null});

    private static final Pattern CAST = Pattern.compile("\\$(\\d+)::([a-z0-9_ \\[\\]]+?)(?=\\s*(,|$|\\)))");
    private static final Pattern SERIES = Pattern.compile("select generate_series\\(1, *(\\d+)\\)");
    private static final Pattern REPEAT = Pattern.compile("select repeat_row\\((\\d+)\\)");
    /** The row {@code select repeat_row(N)} sends N times, the same array each time (no allocation per row). */
    static final Object[] REPEATED = {7, "seven, \"quoted\" and ünïcode", true, 123_456_789_012L};
    private static final Pattern SLEEP = Pattern.compile("select pg_sleep\\((\\d+)\\)");

    /** The statements executed (the most recent 10,000; a benchmark adds millions). */
    final List<String> executed = Collections.synchronizedList(new ArrayList<>());
    final List<Object[]> inserted = new CopyOnWriteArrayList<>();
    final List<String> copied = new CopyOnWriteArrayList<>();
    final List<FakeSession> sessions = new CopyOnWriteArrayList<>();

    private void log(final String sql) {
        synchronized (executed) {
            if (executed.size() >= 10_000) {
                executed.subList(0, 5_000).clear();
            }
            executed.add(sql);
        }
    }

    @Override
    public Session open(final String user, final String database, final Map<String, String> startupParameters) {
        if (database.equals("nosuchdb")) {
            throw new SqlException("3D000", "database \"nosuchdb\" does not exist");
        }
        final FakeSession s = new FakeSession(user, startupParameters);
        sessions.add(s);
        return s;
    }

    /** A prepared statement of the fake. */
    record Stmt(String sql, String kind, List<PgType> parameterTypes, List<ColumnDesc> columns, CopyKind copyKind,
                int count) implements PreparedStatement {
    }

    final class FakeSession implements Session {
        private final Map<String, String> pending = new LinkedHashMap<>();
        private Consumer<Notice> notices = n -> { };
        private char status = 'I';
        private volatile boolean cancelled;
        private volatile boolean closed;
        private PgType.Format format = PgType.Format.DEFAULT;
        private final Object sleepLock = new Object();
        final java.util.concurrent.atomic.AtomicInteger syncs = new java.util.concurrent.atomic.AtomicInteger();

        FakeSession(final String user, final Map<String, String> startup) {
            pending.put("server_version", "15.0 (Stratum fake)");
            pending.put("application_name", startup.getOrDefault("application_name", ""));
            pending.put("session_authorization", user);
        }

        boolean isClosed() {
            return closed;
        }

        @Override
        public Map<String, String> drainParameterStatus() {
            final Map<String, String> m = new LinkedHashMap<>(pending);
            pending.clear();
            return m;
        }

        @Override
        public List<String> split(final String sql) {
            final List<String> out = new ArrayList<>();
            final StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < sql.length(); i++) {
                final char c = sql.charAt(i);
                if (c == '\'') {
                    quoted = !quoted;
                }
                if (c == ';' && !quoted) {
                    add(out, cur);
                } else {
                    cur.append(c);
                }
            }
            if (quoted) {
                throw new SqlException("42601", "unterminated quoted string at or near \"'\"", null, null, 1, null);
            }
            add(out, cur);
            return out;
        }

        private void add(final List<String> out, final StringBuilder cur) {
            final String s = cur.toString().strip();
            if (!s.isEmpty() && !s.startsWith("--")) {
                out.add(s);
            }
            cur.setLength(0);
        }

        @Override
        public PreparedStatement prepare(final String sql, final List<PgType> given) {
            try {
                return prepare0(sql, given);
            } catch (final SqlException e) {
                fail(e);
                return null;
            }
        }

        private PreparedStatement prepare0(final String sql, final List<PgType> given) {
            final String s = sql.strip().toLowerCase(Locale.ROOT).replaceAll(";$", "");
            if (status == 'E' && !s.equals("rollback") && !s.equals("commit")) {
                throw new SqlException("25P02",
                        "current transaction is aborted, commands ignored until end of transaction block");
            }
            if (s.equals("select 1")) {
                return new Stmt(sql, "one", List.of(), List.of(col("?column?", PgType.INT4)), PreparedStatement.CopyKind.NONE, 0);
            }
            if (s.equals("select * from items") || s.equals("select * from items where id = $1")) {
                final List<PgType> p = s.endsWith("$1") ? List.of(typeOr(given, 0, PgType.INT4)) : List.of();
                return new Stmt(sql, "items", p, ITEMS, PreparedStatement.CopyKind.NONE, 0);
            }
            if (s.matches("select \\* from items where id = \\d+")) {
                return new Stmt(sql, "items", List.of(), ITEMS, PreparedStatement.CopyKind.NONE,
                        Integer.parseInt(s.substring(s.lastIndexOf(' ') + 1)));
            }
            if (s.equals("select * from nope")) {
                throw new SqlException("42P01", "relation \"nope\" does not exist", null, null, 15, null);
            }
            if (s.equals("select notice()")) {
                return new Stmt(sql, "notice", List.of(), List.of(col("notice", PgType.VOID)), PreparedStatement.CopyKind.NONE, 0);
            }
            if (s.equals("select fatal()")) {
                throw new SqlException("FATAL", "57P01", "terminating connection due to administrator command",
                        null, null, 0, null);
            }
            if (s.equals("select io_error()")) {
                throw new java.io.UncheckedIOException(new java.io.IOException("page server unreachable"));
            }
            if (s.equals("select half_row()")) {
                return new Stmt(sql, "half", List.of(), List.of(col("id", PgType.INT4), col("day", PgType.DATE)),
                    PreparedStatement.CopyKind.NONE, 0);
            }
            if (s.equals("select bad()")) {
                return new Stmt(sql, "bad", List.of(), List.of(col("bad", PgType.INT4)), PreparedStatement.CopyKind.NONE, 0);
            }
            Matcher m = SERIES.matcher(s);
            if (m.matches()) {
                return new Stmt(sql, "series", List.of(), List.of(col("generate_series", PgType.INT4)),
                        PreparedStatement.CopyKind.NONE, Integer.parseInt(m.group(1)));
            }
            m = REPEAT.matcher(s);
            if (m.matches()) {
                return new Stmt(sql, "repeat", List.of(), List.of(col("i", PgType.INT4), col("t", PgType.TEXT),
                        col("b", PgType.BOOL), col("l", PgType.INT8)), PreparedStatement.CopyKind.NONE,
                        Integer.parseInt(m.group(1)));
            }
            m = SLEEP.matcher(s);
            if (m.matches()) {
                return new Stmt(sql, "sleep", List.of(), List.of(col("pg_sleep", PgType.VOID)),
                        PreparedStatement.CopyKind.NONE, Integer.parseInt(m.group(1)));
            }
            if (s.startsWith("select $")) {
                final List<PgType> params = new ArrayList<>();
                final List<ColumnDesc> cols = new ArrayList<>();
                final Matcher c = CAST.matcher(s);
                while (c.find()) {
                    final int n = Integer.parseInt(c.group(1));
                    final PgType t = typeOr(given, n - 1, PgType.byName(c.group(2)));
                    if (t == null) {
                        throw new SqlException("42704", "type \"" + c.group(2) + "\" does not exist");
                    }
                    params.add(t);
                    cols.add(col(t.typname(), t));
                }
                return new Stmt(sql, "echo", params, cols, PreparedStatement.CopyKind.NONE, 0);
            }
            if (s.equals("insert into items values ($1, $2)")) {
                return new Stmt(sql, "insert", List.of(typeOr(given, 0, PgType.INT4), typeOr(given, 1, PgType.TEXT)),
                        List.of(), PreparedStatement.CopyKind.NONE, 0);
            }
            if (s.equals("copy items from stdin")) {
                return new Stmt(sql, "copyin", List.of(), List.of(), PreparedStatement.CopyKind.FROM_STDIN, 0);
            }
            if (s.equals("copy items to stdout")) {
                return new Stmt(sql, "copyout", List.of(), List.of(), PreparedStatement.CopyKind.TO_STDOUT, 0);
            }
            if (s.equals("begin") || s.equals("commit") || s.equals("rollback") || s.startsWith("set ")) {
                return new Stmt(sql, s.startsWith("set ") ? "set" : s, List.of(), List.of(), PreparedStatement.CopyKind.NONE, 0);
            }
            throw new SqlException("42601", "syntax error at or near \"" + s.split("\\s+")[0] + "\"", null, null, 1, null);
        }

        private PgType typeOr(final List<PgType> given, final int i, final PgType inferred) {
            return i < given.size() && given.get(i) != null ? given.get(i) : inferred;
        }

        private ColumnDesc col(final String name, final PgType t) {
            return new ColumnDesc(name, 0, 0, t, -1);
        }

        @Override
        public Portal bind(final PreparedStatement statement, final Object[] parameters) {
            return new FakePortal(this, (Stmt) statement, parameters.clone());
        }

        @Override
        public void sync() {
            syncs.incrementAndGet();
        }

        @Override
        public char transactionStatus() {
            return status;
        }

        @Override
        public void onNotice(final Consumer<Notice> sink) {
            notices = sink;
        }

        @Override
        public void cancel() {
            cancelled = true;
            synchronized (sleepLock) {
                sleepLock.notifyAll();
            }
        }

        @Override
        public PgType.Format format() {
            return format;
        }

        @Override
        public void close() {
            closed = true;
        }

        /** Runs a statement that completed its checks; failures inside a block fail the block. */
        void fail(final SqlException e) {
            if (status == 'T') {
                status = 'E';
            }
            throw e;
        }

        void set(final String sql) {
            final Matcher m = Pattern.compile("set\\s+(\\w+)\\s*(=|to)\\s*'?([^']*)'?", Pattern.CASE_INSENSITIVE)
                    .matcher(sql.strip());
            if (!m.matches()) {
                fail(new SqlException("42601", "syntax error in SET"));
            }
            final String name = m.group(1).toLowerCase(Locale.ROOT);
            final String value = m.group(3);
            if (name.equals("application_name")) {
                pending.put("application_name", value);
            } else if (name.equals("extra_float_digits")) {
                format = new PgType.Format(format.timeZone(), Integer.parseInt(value));
            } else if (name.equals("timezone")) {
                format = new PgType.Format(ZoneId.of(value), format.extraFloatDigits());
                pending.put("TimeZone", value);
            }
        }

        void sleep(final int seconds) {
            final long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            synchronized (sleepLock) {
                while (!cancelled && System.nanoTime() < deadline) {
                    try {
                        sleepLock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            if (cancelled) {
                cancelled = false;
                fail(new SqlException("57014", "canceling statement due to user request"));
            }
        }
    }

    final class FakePortal implements Portal {
        private final FakeSession session;
        private final Stmt stmt;
        private final Object[] params;
        private List<Object[]> rows;
        private int next;
        private String tag;

        FakePortal(final FakeSession session, final Stmt stmt, final Object[] params) {
            this.session = session;
            this.stmt = stmt;
            this.params = params;
        }

        @Override
        public PreparedStatement statement() {
            return stmt;
        }

        @Override
        public boolean execute(final int maxRows, final RowSink sink) {
            if (stmt.kind().equals("repeat")) {
                for (int i = 0; i < stmt.count(); i++) {
                    sink.row(REPEATED);
                }
                tag = "SELECT " + stmt.count();
                return true;
            }
            if (rows == null) {
                log(stmt.sql());
                rows = produce();
            }
            final Object[] buf = new Object[stmt.columns().size()];
            int sent = 0;
            while (next < rows.size()) {
                if (maxRows > 0 && sent == maxRows) {
                    return false;
                }
                System.arraycopy(rows.get(next++), 0, buf, 0, buf.length);
                sink.row(buf);
                sent++;
            }
            if (tag == null) {
                tag = "SELECT " + rows.size();
            }
            return true;
        }

        private List<Object[]> produce() {
            switch (stmt.kind()) {
                case "one": return List.<Object[]>of(new Object[] {1});
                case "items":
                    if (params.length == 1 || stmt.count() > 0) {
                        final Object id = params.length == 1 ? params[0] : (Object) stmt.count();
                        final List<Object[]> r = new ArrayList<>();
                        for (final Object[] row : ITEM_ROWS) {
                            if (row[0].equals(id)) {
                                r.add(row);
                            }
                        }
                        return r;
                    }
                    return ITEM_ROWS;
                case "echo": return List.<Object[]>of(params);
                case "series": {
                    final List<Object[]> r = new ArrayList<>(stmt.count());
                    for (int i = 1; i <= stmt.count(); i++) {
                        r.add(new Object[] {i});
                    }
                    return r;
                }
                case "sleep":
                    session.sleep(stmt.count());
                    return List.<Object[]>of(new Object[] {null});
                case "notice":
                    session.notices.accept(new Notice("NOTICE", "00000", "hello from the fake", null, null));
                    return List.<Object[]>of(new Object[] {null});
                case "bad":
                    throw new IllegalStateException("boom in the engine");
                case "half":
                    // the second row's date is of the wrong Java form: formatting it fails after its first column
                    return List.of(new Object[] {1, java.time.LocalDate.of(2026, 12, 2)}, new Object[] {2, "not a date"});
                case "insert":
                    inserted.add(params);
                    tag = "INSERT 0 1";
                    return List.of();
                case "begin":
                    session.status = 'T';
                    tag = "BEGIN";
                    return List.of();
                case "commit":
                    tag = session.status == 'E' ? "ROLLBACK" : "COMMIT";
                    session.status = 'I';
                    return List.of();
                case "rollback":
                    session.status = 'I';
                    tag = "ROLLBACK";
                    return List.of();
                case "set":
                    session.set(stmt.sql());
                    tag = "SET";
                    return List.of();
                default:
                    throw new IllegalStateException(stmt.kind());
            }
        }

        @Override
        public String commandTag() {
            return tag;
        }

        @Override
        public CopyIn copyIn() {
            log(stmt.sql());
            final StringBuilder data = new StringBuilder();
            return new CopyIn() {
                @Override
                public void data(final byte[] bytes, final int offset, final int length) {
                    data.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
                }

                @Override
                public String done() {
                    final String all = data.toString();
                    int n = 0;
                    for (final String line : all.split("\n")) {
                        if (line.equals("\\.")) {
                            break;
                        }
                        if (!line.isEmpty()) {
                            copied.add(line);
                            n++;
                        }
                    }
                    return "COPY " + n;
                }

                @Override
                public void fail(final String message) {
                    data.setLength(0);
                }
            };
        }

        @Override
        public void copyOut(final Consumer<byte[]> lines) {
            log(stmt.sql());
            int n = 0;
            for (final Object[] row : ITEM_ROWS) {
                final StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 2; i++) {
                    sb.append(i == 0 ? "" : "\t").append(row[i] == null ? "\\N" : row[i].toString());
                }
                lines.accept(sb.append('\n').toString().getBytes(StandardCharsets.UTF_8));
                n++;
            }
            tag = "COPY " + n;
        }

        @Override
        public int copyColumnCount() {
            return 2;
        }

        @Override
        public boolean copyCsv() {
            return false;
        }

        @Override
        public void close() {
            rows = Collections.emptyList();
        }
    }
}
