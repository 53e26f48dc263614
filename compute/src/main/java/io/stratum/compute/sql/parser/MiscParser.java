package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.AlterRole;
import io.stratum.compute.sql.ast.ClosePortal;
import io.stratum.compute.sql.ast.CommentOn;
import io.stratum.compute.sql.ast.CreateDatabase;
import io.stratum.compute.sql.ast.CreateRole;
import io.stratum.compute.sql.ast.DeclareCursor;
import io.stratum.compute.sql.ast.DropDatabase;
import io.stratum.compute.sql.ast.DropRole;
import io.stratum.compute.sql.ast.Fetch;
import io.stratum.compute.sql.ast.GrantRevoke;
import io.stratum.compute.sql.ast.Option;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** COMMENT ON, roles, databases, cursors, GRANT/REVOKE. */
final class MiscParser {
    private MiscParser() {
    }

    static CommentOn comment(final DdlParser ps, final int at) {
        ps.expectKw("comment");
        ps.expectKw("on");
        final StringBuilder kind = new StringBuilder();
        while (ps.kind() == Lexer.IDENT && !isNameStart(ps)) {
            if (kind.length() > 0) {
                kind.append(' ');
            }
            kind.append(ps.text());
            ps.p++;
        }
        if (kind.length() == 0) {
            throw ps.syntaxError();
        }
        final List<String> name = new ArrayList<>();
        name.add(ps.colLabel());
        while (ps.acceptPunct(".")) {
            name.add(ps.colLabel());
        }
        if (ps.isPunct("(")) {
            // function or aggregate signature: skipped
            int depth = 0;
            do {
                if (ps.isPunct("(")) {
                    depth++;
                } else if (ps.isPunct(")")) {
                    depth--;
                } else if (ps.kind() == Lexer.EOF) {
                    throw ps.syntaxError();
                }
                ps.p++;
            } while (depth > 0);
        }
        ps.expectKw("is");
        String text = null;
        if (ps.kind() == Lexer.STRING) {
            text = ps.text();
            ps.p++;
        } else {
            ps.expectKw("null");
        }
        return new CommentOn(kind.toString(), List.copyOf(name), text, at);
    }

    /** After the object-kind words of COMMENT ON, the name starts: the word after the kind words. */
    private static boolean isNameStart(final DdlParser ps) {
        final String w = ps.text();
        final boolean kindWord = switch (w) {
            case "table", "column", "index", "schema", "sequence", "view", "database", "role", "function",
                    "constraint", "materialized", "type", "extension", "trigger", "aggregate", "procedure",
                    "foreign", "domain" -> true;
            default -> false;
        };
        return !kindWord || ps.kindAt(1) != Lexer.IDENT && ps.kindAt(1) != Lexer.QIDENT;
    }

    /** CREATE ROLE|USER|GROUP, after CREATE. */
    static CreateRole createRole(final DdlParser ps, final int at) {
        final boolean user = ps.isKw("user");
        ps.p++;
        final String name = ps.colLabel();
        ps.acceptKw("with");
        return new CreateRole(name, user, roleOptions(ps), at);
    }

    static AlterRole alterRole(final DdlParser ps, final int at) {
        ps.p++;
        final String name = ps.colLabel();
        if (ps.acceptKw("rename")) {
            ps.expectKw("to");
            return new AlterRole(name, List.of(), ps.colLabel(), at);
        }
        ps.acceptKw("with");
        return new AlterRole(name, roleOptions(ps), null, at);
    }

    static DropRole dropRole(final DdlParser ps, final int at) {
        ps.p++;
        final boolean ie = ps.ifExists();
        final List<String> names = new ArrayList<>();
        do {
            names.add(ps.colLabel());
        } while (ps.acceptPunct(","));
        return new DropRole(List.copyOf(names), ie, at);
    }

    private static List<Option> roleOptions(final DdlParser ps) {
        final List<Option> out = new ArrayList<>();
        while (ps.kind() == Lexer.IDENT) {
            final int at = ps.pos();
            final String w = ps.text();
            switch (w) {
                case "superuser", "nosuperuser", "createdb", "nocreatedb", "createrole", "nocreaterole", "inherit",
                        "noinherit", "login", "nologin", "replication", "noreplication", "bypassrls", "nobypassrls" -> {
                    ps.p++;
                    out.add(new Option(w, List.of(), at));
                }
                case "connection" -> {
                    ps.p++;
                    ps.expectKw("limit");
                    out.add(new Option("connection_limit", List.of(Long.toString(ps.signedLong())), at));
                }
                case "encrypted", "unencrypted", "password" -> {
                    ps.p++;
                    if (!w.equals("password")) {
                        ps.expectKw("password");
                    }
                    if (ps.acceptKw("null")) {
                        out.add(new Option("password", List.of(), at));
                    } else {
                        out.add(new Option("password", List.of(string(ps)), at));
                    }
                }
                case "valid" -> {
                    ps.p++;
                    ps.expectKw("until");
                    out.add(new Option("valid_until", List.of(string(ps)), at));
                }
                case "in", "role", "admin", "user" -> {
                    ps.p++;
                    String name = w;
                    if (w.equals("in")) {
                        if (!ps.acceptKw("role")) {
                            ps.expectKw("group");
                        }
                        name = "in_role";
                    }
                    final List<String> roles = new ArrayList<>();
                    do {
                        roles.add(ps.colLabel());
                    } while (ps.acceptPunct(","));
                    out.add(new Option(name.equals("user") ? "role" : name, List.copyOf(roles), at));
                }
                case "sysid" -> {
                    ps.p++;
                    out.add(new Option("sysid", List.of(Long.toString(ps.signedLong())), at));
                }
                default -> {
                    return List.copyOf(out);
                }
            }
        }
        return List.copyOf(out);
    }

    private static String string(final DdlParser ps) {
        if (ps.kind() != Lexer.STRING) {
            throw ps.syntaxError();
        }
        return ps.lx.text[ps.p++];
    }

    static CreateDatabase createDatabase(final DdlParser ps, final int at) {
        ps.expectKw("database");
        final String name = ps.colId();
        ps.acceptKw("with");
        final List<Option> opts = new ArrayList<>();
        while (ps.kind() == Lexer.IDENT && !ps.atEnd()) {
            final int oat = ps.pos();
            String n = ps.text();
            ps.p++;
            if (n.equals("connection") && ps.acceptKw("limit")) {
                n = "connection_limit";
            }
            ps.acceptOp("=");
            if (ps.acceptKw("default")) {
                opts.add(new Option(n, List.of(), oat));
            } else {
                opts.add(new Option(n, List.of(ps.optionValue()), oat));
            }
        }
        return new CreateDatabase(name, List.copyOf(opts), at);
    }

    static DropDatabase dropDatabase(final DdlParser ps, final int at) {
        ps.expectKw("database");
        final boolean ie = ps.ifExists();
        final String name = ps.colId();
        boolean force = false;
        if (ps.isKw("with") || ps.isPunct("(")) {
            ps.acceptKw("with");
            for (Option o : ps.optionList()) {
                force |= o.name().equals("force");
            }
        }
        return new DropDatabase(name, ie, force, at);
    }

    static DeclareCursor declare(final DdlParser ps, final int at) {
        ps.expectKw("declare");
        final String name = ps.colId();
        boolean binary = false;
        Boolean scroll = null;
        while (true) {
            if (ps.acceptKw("binary")) {
                binary = true;
            } else if (ps.acceptKw("insensitive") || ps.acceptKw("asensitive")) {
                continue;
            } else if (ps.acceptKw("scroll")) {
                scroll = Boolean.TRUE;
            } else if (ps.isKw("no") && ps.isKwAt(1, "scroll")) {
                ps.p += 2;
                scroll = Boolean.FALSE;
            } else {
                break;
            }
        }
        ps.expectKw("cursor");
        boolean hold = false;
        if (ps.acceptKw("with")) {
            ps.expectKw("hold");
            hold = true;
        } else if (ps.acceptKw("without")) {
            ps.expectKw("hold");
        }
        ps.expectKw("for");
        return new DeclareCursor(name, binary, scroll, hold, ps.parseQuery(), at);
    }

    static Fetch fetch(final DdlParser ps, final int at) {
        final boolean move = ps.isKw("move");
        ps.p++;
        String direction = "next";
        Long count = null;
        boolean all = false;
        if (ps.kind() == Lexer.IDENT) {
            switch (ps.text()) {
                case "next", "prior", "first", "last" -> {
                    direction = ps.text();
                    ps.p++;
                }
                case "absolute", "relative" -> {
                    direction = ps.text();
                    ps.p++;
                    count = ps.signedLong();
                }
                case "forward", "backward" -> {
                    direction = ps.text();
                    ps.p++;
                    if (ps.acceptKw("all")) {
                        all = true;
                    } else if (ps.kind() == Lexer.INTEGER || ps.isOp("-") || ps.isOp("+")) {
                        count = ps.signedLong();
                    }
                }
                case "all" -> {
                    direction = "forward";
                    all = true;
                    ps.p++;
                }
                default -> {
                }
            }
        } else if (ps.kind() == Lexer.INTEGER || ps.isOp("-") || ps.isOp("+")) {
            direction = "forward";
            count = ps.signedLong();
        }
        if (!ps.acceptKw("from")) {
            ps.acceptKw("in");
        }
        return new Fetch(move, direction, count, all, ps.colId(), at);
    }

    static ClosePortal close(final DdlParser ps, final int at) {
        ps.expectKw("close");
        if (ps.acceptKw("all")) {
            return new ClosePortal(null, at);
        }
        return new ClosePortal(ps.colId(), at);
    }

    static Statement grantRevoke(final DdlParser ps, final int at) {
        final boolean grant = ps.isKw("grant");
        ps.p++;
        boolean option = false;
        if (!grant && (ps.isKw("grant") || ps.isKw("admin")) && ps.isKwAt(1, "option") && ps.isKwAt(2, "for")) {
            ps.p += 3;
            option = true;
        }
        final List<String> privileges = new ArrayList<>();
        do {
            final StringBuilder sb = new StringBuilder();
            while (ps.kind() == Lexer.IDENT && !ps.isKw("on") && !ps.isKw("to") && !ps.isKw("from")
                    || ps.kind() == Lexer.QIDENT) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(ps.text());
                ps.p++;
                if (ps.isPunct("(")) {
                    ps.parenNameList();
                }
            }
            if (sb.length() == 0) {
                throw ps.syntaxError();
            }
            String pr = sb.toString();
            if (pr.equals("all privileges")) {
                pr = "all";
            }
            privileges.add(pr.toLowerCase(Locale.ROOT));
        } while (ps.acceptPunct(","));
        String kind = null;
        List<QualifiedName> objects = List.of();
        if (ps.acceptKw("on")) {
            final StringBuilder k = new StringBuilder();
            if (ps.isKw("all") && (ps.isKwAt(1, "tables") || ps.isKwAt(1, "sequences") || ps.isKwAt(1, "functions"))) {
                k.append("all ").append(ps.textAt(1)).append(" in schema");
                ps.p += 2;
                ps.expectKw("in");
                ps.expectKw("schema");
            } else if (ps.isKw("table") || ps.isKw("sequence") || ps.isKw("schema") || ps.isKw("database")
                    || ps.isKw("function")) {
                k.append(ps.text());
                ps.p++;
            } else {
                k.append("table");
            }
            kind = k.toString();
            objects = List.copyOf(ps.qualifiedNameList());
        }
        if (grant) {
            ps.expectKw("to");
        } else {
            ps.expectKw("from");
        }
        final List<String> grantees = new ArrayList<>();
        do {
            ps.acceptKw("group");
            grantees.add(ps.colLabel());
        } while (ps.acceptPunct(","));
        if (grant && ps.acceptKw("with")) {
            if (!ps.acceptKw("grant")) {
                ps.expectKw("admin");
            }
            ps.expectKw("option");
            option = true;
        }
        if (ps.isKw("granted") && ps.isKwAt(1, "by")) {
            ps.p += 2;
            ps.colLabel();
        }
        final boolean cascade = !grant && ps.dropBehavior();
        return new GrantRevoke(grant, List.copyOf(privileges), kind, objects, List.copyOf(grantees), option, cascade,
                at);
    }

    /** {@code CREATE TYPE name AS ENUM ('a', ...)} (other forms of CREATE TYPE: 0A000). */
    static io.stratum.compute.sql.ast.Statement createType(final DdlParser ps, final int at) {
        ps.expectKw("type");
        final io.stratum.compute.sql.ast.QualifiedName name = ps.qualifiedName();
        ps.expectKw("as");
        if (!ps.acceptKw("enum")) {
            throw ps.error("0A000", "only CREATE TYPE ... AS ENUM is supported", ps.pos());
        }
        ps.expectPunct("(");
        final List<String> labels = new ArrayList<>();
        if (!ps.isPunct(")")) {
            do {
                labels.add(string(ps));
            } while (ps.acceptPunct(","));
        }
        ps.expectPunct(")");
        return new io.stratum.compute.sql.ast.CreateEnum(name, List.copyOf(labels), at);
    }

    /** {@code ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'x' [BEFORE|AFTER 'y']} / {@code RENAME VALUE 'a' TO 'b'}. */
    static io.stratum.compute.sql.ast.Statement alterType(final DdlParser ps, final int at) {
        ps.expectKw("type");
        final io.stratum.compute.sql.ast.QualifiedName name = ps.qualifiedName();
        if (ps.acceptKw("add")) {
            ps.expectKw("value");
            boolean ine = false;
            if (ps.isKw("if")) {
                ps.p++;
                ps.expectKw("not");
                ps.expectKw("exists");
                ine = true;
            }
            final String label = string(ps);
            String neighbor = null;
            boolean after = false;
            if (ps.acceptKw("before")) {
                neighbor = string(ps);
            } else if (ps.acceptKw("after")) {
                neighbor = string(ps);
                after = true;
            }
            return new io.stratum.compute.sql.ast.AlterEnum(name, label, ine, neighbor, after, null, at);
        }
        if (ps.acceptKw("rename")) {
            ps.expectKw("value");
            final String from = string(ps);
            ps.expectKw("to");
            return new io.stratum.compute.sql.ast.AlterEnum(name, from, false, null, false, string(ps), at);
        }
        throw ps.error("0A000", "only ALTER TYPE ... ADD VALUE and RENAME VALUE are supported", ps.pos());
    }
}
