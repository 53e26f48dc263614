package io.stratum.compute.engine;

import io.stratum.compute.catalog.pg.Setting;
import io.stratum.compute.session.SqlException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A session's run-time parameters (GUCs) with PostgreSQL's semantics: SET is undone by ROLLBACK, SET LOCAL
 * lasts until the end of the transaction, RESET returns to the session default, GUC_REPORT parameters are
 * reported when they change. Confined to the session's thread.
 */
final class Settings {
    /** One parameter: canonical name, default, whether reported, whether read-only, unit kind. */
    record Def(String name, String dflt, boolean report, boolean readOnly, char kind, String desc) {
    }

    static final String SERVER_VERSION = "15.0";
    private static final Map<String, Def> DEFS = new LinkedHashMap<>();

    private static void def(final String name, final String dflt, final boolean report, final boolean ro, final char kind,
                            final String desc) {
        DEFS.put(name.toLowerCase(Locale.ROOT), new Def(name, dflt, report, ro, kind, desc));
    }

    static {
        def("application_name", "", true, false, 's', "Sets the application name to be reported in statistics and logs.");
        def("client_encoding", "UTF8", true, false, 'e', "Sets the client's character set encoding.");
        def("DateStyle", "ISO, MDY", true, false, 'd', "Sets the display format for date and time values.");
        def("IntervalStyle", "postgres", true, false, 's', "Sets the display format for interval values.");
        def("TimeZone", "UTC", true, false, 'z', "Sets the time zone for displaying and interpreting time stamps.");
        def("search_path", "\"$user\", public", false, false, 'p', "Sets the schema search order for names that are not schema-qualified.");
        def("statement_timeout", "0", false, false, 't', "Sets the maximum allowed duration of any statement.");
        def("lock_timeout", "0", false, false, 't', "Sets the maximum allowed duration of any wait for a lock.");
        def("idle_in_transaction_session_timeout", "0", false, false, 't', "Sets the maximum allowed idle time between queries, when in a transaction.");
        def("client_min_messages", "notice", false, false, 'm', "Sets the message levels that are sent to the client.");
        def("default_transaction_isolation", "read committed", false, false, 'i', "Sets the transaction isolation level of each new transaction.");
        def("transaction_isolation", "read committed", false, false, 'i', "Sets the current transaction's isolation level.");
        def("default_transaction_read_only", "off", true, false, 'b', "Sets the default read-only status of new transactions.");
        def("transaction_read_only", "off", false, false, 'b', "Sets the current transaction's read-only status.");
        def("default_transaction_deferrable", "off", false, false, 'b', "Sets the default deferrable status of new transactions.");
        def("transaction_deferrable", "off", false, false, 'b', "Whether to defer a read-only serializable transaction.");
        def("extra_float_digits", "1", false, false, 'f', "Sets the number of digits displayed for floating-point values.");
        def("standard_conforming_strings", "on", true, false, 'b', "Causes '...' strings to treat backslashes literally.");
        def("synchronous_commit", "on", false, false, 's', "Sets the current transaction's synchronization level.");
        def("work_mem", "4MB", false, false, 'k', "Sets the maximum memory to be used for query workspaces.");
        def("maintenance_work_mem", "64MB", false, false, 's', "Sets the maximum memory to be used for maintenance operations.");
        def("max_connections", "100", false, true, 's', "Sets the maximum number of concurrent connections.");
        def("server_version", SERVER_VERSION, true, true, 's', "Shows the server version.");
        def("server_version_num", "150000", false, true, 's', "Shows the server version as an integer.");
        def("server_encoding", "UTF8", true, true, 's', "Shows the server (database) character set encoding.");
        def("is_superuser", "on", true, true, 's', "Shows whether the current user is a superuser.");
        def("session_authorization", "", true, false, 's', "Sets the session user name.");
        def("integer_datetimes", "on", true, true, 's', "Shows whether datetimes are integer based.");
        def("in_hot_standby", "off", true, true, 's', "Shows whether hot standby is currently active.");
        def("bytea_output", "hex", false, false, 's', "Sets the output format for bytea.");
        def("escape_string_warning", "on", false, false, 'b', "Warn about backslash escapes in ordinary string literals.");
        def("lc_messages", "C.UTF-8", false, false, 's', "Sets the language in which messages are displayed.");
        def("lc_monetary", "C.UTF-8", false, false, 's', "Sets the locale for formatting monetary amounts.");
        def("lc_numeric", "C.UTF-8", false, false, 's', "Sets the locale for formatting numbers.");
        def("lc_time", "C.UTF-8", false, false, 's', "Sets the locale for formatting date and time values.");
        def("lc_collate", "C.UTF-8", false, true, 's', "Shows the collation order locale.");
        def("lc_ctype", "C.UTF-8", false, true, 's', "Shows the character classification and case conversion locale.");
        def("block_size", "8192", false, true, 's', "Shows the size of a disk block.");
        def("max_identifier_length", "63", false, true, 's', "Shows the maximum identifier length.");
        def("max_index_keys", "32", false, true, 's', "Shows the maximum number of index keys.");
        def("row_security", "on", false, false, 'b', "Enable row security.");
        def("jit", "off", false, false, 'b', "Allow JIT compilation.");
        def("enable_seqscan", "on", false, false, 'b', "Enables the planner's use of sequential-scan plans.");
        def("enable_indexscan", "on", false, false, 'b', "Enables the planner's use of index-scan plans.");
        def("enable_hashjoin", "on", false, false, 'b', "Enables the planner's use of hash join plans.");
        def("enable_mergejoin", "on", false, false, 'b', "Enables the planner's use of merge join plans.");
        def("enable_nestloop", "on", false, false, 'b', "Enables the planner's use of nested-loop join plans.");
        def("statement_mem_limit", "64MB", false, true, 's', "Stratum: memory a statement may hold for sorts and hashes.");
        def("role", "none", false, false, 's', "Sets the current role.");
        def("timezone_abbreviations", "Default", false, false, 's', "Selects a file of time zone abbreviations.");
        def("xmloption", "content", false, false, 's', "Sets whether XML data is to be considered as documents or content.");
        def("check_function_bodies", "on", false, false, 'b', "Check routine bodies during CREATE FUNCTION.");
        def("default_tablespace", "", false, false, 's', "Sets the default tablespace to create tables and indexes in.");
        def("idle_session_timeout", "0", false, false, 't', "Sets the maximum allowed idle time for a session.");
    }

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> sessionDefaults = new HashMap<>();
    /** Values at the first change inside the current transaction (restored on rollback). */
    private final Map<String, String> txnSaved = new HashMap<>();
    /** Values before SET LOCAL (restored at transaction end). */
    private final Map<String, String> localSaved = new HashMap<>();
    private final Map<String, String> reported = new LinkedHashMap<>();
    private boolean initialReported;

    Settings(final String user, final Map<String, String> startup) {
        for (final Def d : DEFS.values()) {
            values.put(d.name().toLowerCase(Locale.ROOT), d.dflt());
        }
        values.put("session_authorization", user);
        if (startup != null) {
            for (final Map.Entry<String, String> e : startup.entrySet()) {
                final String k = e.getKey().toLowerCase(Locale.ROOT);
                final Def d = DEFS.get(k);
                if (d != null && !d.readOnly() && !k.equals("session_authorization")) {
                    try {
                        values.put(k, normalize(d, e.getValue()));
                    } catch (final SqlException ignored) {
                        // PostgreSQL rejects a bad startup value with FATAL; keeping the default is kinder
                    }
                } else if (k.contains(".")) {
                    values.put(k, e.getValue());
                }
            }
        }
        sessionDefaults.putAll(values);
    }

    static Def def(final String name) {
        return DEFS.get(name.toLowerCase(Locale.ROOT));
    }

    private static SqlException unknown(final String name) {
        return new SqlException("42704", "unrecognized configuration parameter \"" + name + "\"");
    }

    String get(final String name) {
        final String k = name.toLowerCase(Locale.ROOT);
        final String v = values.get(k);
        if (v == null) {
            throw unknown(name);
        }
        return v;
    }

    /** SET [LOCAL] name = value (values as the parser gives them). */
    void set(final String name, final List<String> vals, final boolean local, final boolean inTransaction) {
        final String k = name.toLowerCase(Locale.ROOT);
        final Def d = DEFS.get(k);
        if (d == null && !k.contains(".")) {
            throw unknown(name);
        }
        if (d != null && d.readOnly()) {
            throw new SqlException("55P02", "parameter \"" + d.name() + "\" cannot be changed");
        }
        String v;
        if (vals.isEmpty()) {
            v = sessionDefaults.getOrDefault(k, d == null ? "" : d.dflt());
        } else if (d != null && d.kind() == 'p') {
            final List<String> parts = new ArrayList<>();
            for (final String s : vals) {
                for (final String p : s.split(",")) {
                    final String t = p.trim();
                    if (!t.isEmpty()) {
                        parts.add(t.startsWith("\"") || t.matches("[a-z_][a-z0-9_]*") ? t : "\"" + t + "\"");
                    }
                }
            }
            v = String.join(", ", parts);
        } else {
            v = String.join(", ", vals);
        }
        if (d != null) {
            v = normalize(d, v);
        }
        apply(k, v, local, inTransaction);
    }

    private void apply(final String k, final String v, final boolean local, final boolean inTransaction) {
        if (local) {
            if (!inTransaction) {
                return; // PostgreSQL warns and ignores SET LOCAL outside a transaction block
            }
            localSaved.putIfAbsent(k, values.get(k));
        } else if (inTransaction) {
            txnSaved.putIfAbsent(k, values.get(k));
            localSaved.remove(k);
        }
        put(k, v);
    }

    private void put(final String k, final String v) {
        final String old = values.put(k, v);
        final Def d = DEFS.get(k);
        if (d != null && d.report() && !v.equals(old)) {
            reported.put(d.name(), v);
        }
    }

    void reset(final String name, final boolean inTransaction) {
        if (name.equalsIgnoreCase("all")) {
            for (final Def d : DEFS.values()) {
                if (!d.readOnly()) {
                    final String k = d.name().toLowerCase(Locale.ROOT);
                    apply(k, sessionDefaults.get(k), false, inTransaction);
                }
            }
            return;
        }
        set(name, List.of(), false, inTransaction);
    }

    /** Transaction end: keep (commit) or undo (rollback) SETs of the transaction; SET LOCAL always ends. */
    void endTransaction(final boolean committed) {
        if (!committed) {
            for (final Map.Entry<String, String> e : txnSaved.entrySet()) {
                put(e.getKey(), e.getValue());
            }
        }
        for (final Map.Entry<String, String> e : localSaved.entrySet()) {
            put(e.getKey(), committed || !txnSaved.containsKey(e.getKey()) ? e.getValue() : values.get(e.getKey()));
        }
        txnSaved.clear();
        localSaved.clear();
    }

    /** Transaction-level value that lasts only for the current transaction (transaction_isolation, ...). */
    void setTransient(final String k, final String v) {
        localSaved.putIfAbsent(k, values.get(k));
        put(k, v);
    }

    Map<String, String> drainReport() {
        final Map<String, String> out = new LinkedHashMap<>();
        if (!initialReported) {
            initialReported = true;
            for (final Def d : DEFS.values()) {
                if (d.report()) {
                    out.put(d.name(), values.get(d.name().toLowerCase(Locale.ROOT)));
                }
            }
            reported.clear();
            return out;
        }
        out.putAll(reported);
        reported.clear();
        return out;
    }

    /** Rows of SHOW ALL and pg_settings. */
    List<Setting> all() {
        final List<Setting> out = new ArrayList<>();
        for (final Def d : DEFS.values()) {
            final String k = d.name().toLowerCase(Locale.ROOT);
            final String v = values.get(k);
            out.add(new Setting(d.name(), v, d.kind() == 't' ? "ms" : null, "Stratum", d.desc(),
                d.readOnly() ? "internal" : "user", d.kind() == 'b' ? "bool" : d.kind() == 't' || d.kind() == 'f' ? "integer"
                : "string", v.equals(d.dflt()) ? "default" : "session", d.dflt(), sessionDefaults.get(k)));
        }
        return out;
    }

    static List<Def> defs() {
        return new ArrayList<>(DEFS.values());
    }

    static String normalize(final Def d, final String raw) {
        final String v = raw.trim();
        final String l = v.toLowerCase(Locale.ROOT);
        switch (d.kind()) {
            case 'e':
                if (l.equals("utf8") || l.equals("utf-8") || l.equals("unicode")) {
                    return "UTF8";
                }
                throw invalid(d, raw);
            case 'd': {
                final boolean dmy = l.contains("dmy") || l.contains("euro");
                if (!l.contains("iso") && !l.contains("mdy") && !l.contains("dmy") && !l.contains("ymd")) {
                    throw invalid(d, raw);
                }
                return "ISO, " + (dmy ? "DMY" : l.contains("ymd") ? "YMD" : "MDY");
            }
            case 'z':
                try {
                    if (l.equals("local") || l.equals("default")) {
                        return "UTC";
                    }
                    ZoneId.of(v, ZoneId.SHORT_IDS);
                    return v;
                } catch (final RuntimeException e) {
                    throw invalid(d, raw);
                }
            case 't':
                return formatMillis(parseMillis(d, v));
            case 'k': {
                final long kb = io.stratum.compute.exec.MemoryUnits.kilobytes(v);
                if (kb < 0) {
                    throw new SqlException("22023", "invalid value for parameter \"" + d.name() + "\": \"" + raw + "\"", null,
                        "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".", 0, null);
                }
                if (kb < 64 || kb > Integer.MAX_VALUE) {
                    throw new SqlException("22023", kb + " kB is outside the valid range for parameter \"" + d.name()
                        + "\" (64 .. 2147483647)");
                }
                return io.stratum.compute.exec.MemoryUnits.format(kb);
            }
            case 'b':
                switch (l) {
                    case "on": case "true": case "yes": case "1": case "t": return "on";
                    case "off": case "false": case "no": case "0": case "f": return "off";
                    default: throw new SqlException("22023", "parameter \"" + d.name() + "\" requires a Boolean value");
                }
            case 'f':
                try {
                    final int n = Integer.parseInt(v);
                    if (n < -15 || n > 3) {
                        throw new SqlException("22023", n + " is outside the valid range for parameter \"" + d.name()
                            + "\" (-15 .. 3)");
                    }
                    return Integer.toString(n);
                } catch (final NumberFormatException e) {
                    throw new SqlException("22023", "invalid value for parameter \"" + d.name() + "\": \"" + raw + "\"");
                }
            case 'i':
                switch (l.replace('_', ' ')) {
                    case "read committed": case "read uncommitted": return "read committed";
                    case "repeatable read": return "repeatable read";
                    case "serializable": return "serializable";
                    case "default": return "read committed";
                    default: throw invalid(d, raw);
                }
            case 'm':
                switch (l) {
                    case "debug5": case "debug4": case "debug3": case "debug2": case "debug1": case "debug": case "log":
                    case "notice": case "warning": case "error": case "info":
                        return l;
                    default: throw invalid(d, raw);
                }
            default:
                return v;
        }
    }

    private static SqlException invalid(final Def d, final String raw) {
        return new SqlException("22023", "invalid value for parameter \"" + d.name() + "\": \"" + raw + "\"");
    }

    static long parseMillis(final Def d, final String v) {
        final String l = v.toLowerCase(Locale.ROOT).replace(" ", "");
        int i = 0;
        while (i < l.length() && (Character.isDigit(l.charAt(i)) || l.charAt(i) == '-' || l.charAt(i) == '.')) {
            i++;
        }
        try {
            final double n = Double.parseDouble(l.substring(0, i));
            final String unit = l.substring(i);
            final double ms;
            switch (unit) {
                case "": case "ms": ms = n; break;
                case "us": ms = n / 1000; break;
                case "s": ms = n * 1000; break;
                case "min": ms = n * 60_000; break;
                case "h": ms = n * 3_600_000; break;
                case "d": ms = n * 86_400_000; break;
                default: throw new NumberFormatException(unit);
            }
            if (ms < 0 || ms > Integer.MAX_VALUE) {
                throw new SqlException("22023", Math.round(ms) + " ms is outside the valid range for parameter \"" + d.name()
                    + "\" (0 .. 2147483647)");
            }
            return Math.round(ms);
        } catch (final NumberFormatException e) {
            throw new SqlException("22023", "invalid value for parameter \"" + d.name() + "\": \"" + v + "\"",
                null, "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".", 0, null);
        }
    }

    static String formatMillis(final long ms) {
        if (ms == 0) {
            return "0";
        }
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        final long s = ms / 1000;
        if (s % 60 != 0) {
            return s + "s";
        }
        final long m = s / 60;
        if (m % 60 != 0) {
            return m + "min";
        }
        final long h = m / 60;
        return h % 24 != 0 ? h + "h" : (h / 24) + "d";
    }

    long millis(final String name) {
        return parseMillis(def(name), get(name));
    }

    private String zoneName;
    private ZoneId zoneId;

    /** The TimeZone setting as a zone; parsed again only when the setting changed (it is read per statement). */
    ZoneId zone() {
        final String name = get("timezone");
        if (name.equals(zoneName)) {
            return zoneId;
        }
        ZoneId z;
        try {
            z = ZoneId.of(name, ZoneId.SHORT_IDS);
        } catch (final RuntimeException e) {
            z = ZoneId.of("UTC");
        }
        zoneName = name;
        zoneId = z;
        return z;
    }

    /** search_path entries, unquoted where quoted. */
    List<String> searchPath() {
        final List<String> out = new ArrayList<>();
        for (final String p : get("search_path").split(",")) {
            final String t = p.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
