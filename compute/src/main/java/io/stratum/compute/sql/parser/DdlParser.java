package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.AlterAction;
import io.stratum.compute.sql.ast.AlterSequence;
import io.stratum.compute.sql.ast.AlterTable;
import io.stratum.compute.sql.ast.ColumnDef;
import io.stratum.compute.sql.ast.Constraint;
import io.stratum.compute.sql.ast.CreateIndex;
import io.stratum.compute.sql.ast.CreateSchema;
import io.stratum.compute.sql.ast.CreateSequence;
import io.stratum.compute.sql.ast.CreateTable;
import io.stratum.compute.sql.ast.CreateView;
import io.stratum.compute.sql.ast.Drop;
import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.IndexElem;
import io.stratum.compute.sql.ast.ObjectKind;
import io.stratum.compute.sql.ast.Option;
import io.stratum.compute.sql.ast.Persistence;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.Statement;
import java.util.ArrayList;
import java.util.List;

/** CREATE / ALTER / DROP of tables, indexes, sequences, schemas and views. */
abstract class DdlParser extends ConstraintParser {
    DdlParser(final Lexer lx) {
        super(lx);
    }

    /** After CREATE. */
    final Statement parseCreate(final int at) {
        expectKw("create");
        boolean orReplace = false;
        if (isKw("or") && isKwAt(1, "replace")) {
            p += 2;
            orReplace = true;
        }
        if (isKw("function")) {
            return FunctionParser.create(this, orReplace, at);
        }
        if (isKw("procedure") || isKw("aggregate") || isKw("trigger") || isKw("rule")) {
            throw error("0A000", "CREATE " + text().toUpperCase(java.util.Locale.ROOT) + " is not supported", pos());
        }
        Persistence persistence = Persistence.PERMANENT;
        if (isKw("global") || isKw("local")) {
            p++;
            if (!isKw("temp") && !isKw("temporary")) {
                throw syntaxError();
            }
        }
        if (acceptKw("temp") || acceptKw("temporary")) {
            persistence = Persistence.TEMPORARY;
        } else if (acceptKw("unlogged")) {
            persistence = Persistence.UNLOGGED;
        }
        if (isKw("table")) {
            return createTable(persistence, at);
        }
        if (isKw("unique") || isKw("index")) {
            return createIndex(at);
        }
        if (acceptKw("sequence")) {
            final boolean ine = ifNotExists();
            final QualifiedName name = qualifiedName();
            return new CreateSequence(name, persistence, ine, SequenceOptionsParser.parse(this, false), at);
        }
        if (isKw("type")) {
            return MiscParser.createType(this, at);
        }
        if (acceptKw("schema")) {
            return createSchema(at);
        }
        if (isKw("role") || isKw("user") || isKw("group")) {
            return MiscParser.createRole(this, at);
        }
        if (isKw("database")) {
            return MiscParser.createDatabase(this, at);
        }
        if (isKw("view") || isKw("recursive")) {
            if (isKw("recursive")) {
                throw error("0A000", "CREATE RECURSIVE VIEW is not supported", pos());
            }
            p++;
            final QualifiedName name = qualifiedName();
            final List<String> cols = isPunct("(") ? parenNameList() : List.of();
            if (isKw("with") && isPunctAt(1, "(")) {
                p++;
                optionList();
            }
            expectKw("as");
            final int qstart = pos();
            final Query q = parseQuery();
            final String text = src.substring(qstart, lx.end[p - 1]);
            if (isKw("with")) {
                p++;
                if (!acceptKw("cascaded")) {
                    acceptKw("local");
                }
                expectKw("check");
                expectKw("option");
            }
            return new CreateView(name, orReplace, persistence == Persistence.TEMPORARY, cols, q, text, at);
        }
        throw syntaxError();
    }

    final boolean ifNotExists() {
        if (isKw("if") && isKwAt(1, "not") && isKwAt(2, "exists")) {
            p += 3;
            return true;
        }
        return false;
    }

    final boolean ifExists() {
        if (isKw("if") && isKwAt(1, "exists")) {
            p += 2;
            return true;
        }
        return false;
    }

    private CreateSchema createSchema(final int at) {
        final boolean ine = ifNotExists();
        String name = null;
        String auth = null;
        if (acceptKw("authorization")) {
            auth = colId();
        } else {
            name = colId();
            if (acceptKw("authorization")) {
                auth = colId();
            }
        }
        return new CreateSchema(name, ine, auth, at);
    }

    private CreateTable createTable(final Persistence persistence, final int at) {
        expectKw("table");
        final boolean ine = ifNotExists();
        final QualifiedName name = qualifiedName();
        final List<ColumnDef> cols = new ArrayList<>();
        final List<Constraint> cons = new ArrayList<>();
        boolean namesOnly = false;
        if (isPunct("(")) {
            // CREATE TABLE t (a, b) AS ...: a bare name list
            namesOnly = isNameList();
            p++;
            if (!isPunct(")")) {
                do {
                    if (namesOnly) {
                        final int cat = pos();
                        cols.add(new ColumnDef(colId(), null, null, List.of(), cat));
                    } else if (isTableConstraintStart()) {
                        cons.add(tableConstraint());
                    } else if (isKw("like")) {
                        throw error("0A000", "CREATE TABLE ... (LIKE ...) is not supported", pos());
                    } else {
                        cols.add(columnDef());
                    }
                } while (acceptPunct(","));
            }
            expectPunct(")");
        } else if (!isKw("as")) {
            throw syntaxError();
        }
        if (isKw("inherits") || isKw("partition")) {
            throw error("0A000", text().toUpperCase(java.util.Locale.ROOT) + " is not supported", pos());
        }
        if (acceptKw("using")) {
            colId();
        }
        List<Option> with = List.of();
        if (acceptKw("with")) {
            with = optionList();
        } else if (isKw("without") && isKwAt(1, "oids")) {
            p += 2;
        }
        String onCommit = null;
        if (isKw("on") && isKwAt(1, "commit")) {
            p += 2;
            if (acceptKw("drop")) {
                onCommit = "drop";
            } else if (acceptKw("delete")) {
                expectKw("rows");
                onCommit = "delete_rows";
            } else {
                expectKw("preserve");
                expectKw("rows");
                onCommit = "preserve_rows";
            }
        }
        if (acceptKw("tablespace")) {
            colId();
        }
        Query as = null;
        boolean withData = true;
        if (acceptKw("as")) {
            as = parseQuery();
            if (isKw("with") && (isKwAt(1, "data") || isKwAt(1, "no"))) {
                p++;
                withData = !acceptKw("no");
                expectKw("data");
            }
        } else if (namesOnly) {
            throw syntaxError();
        }
        return new CreateTable(name, persistence, ine, List.copyOf(cols), List.copyOf(cons), with, onCommit, as,
                withData, at);
    }

    /** At '(': whether a bare name list {@code (a, b)} follows (CREATE TABLE t (a, b) AS ...). */
    private boolean isNameList() {
        int i = p + 1;
        while (true) {
            if (lx.kind[i] != Lexer.IDENT && lx.kind[i] != Lexer.QIDENT
                    || lx.kind[i] == Lexer.IDENT && (RESERVED.contains(lx.text[i]) || TYPE_FUNC.contains(lx.text[i]))) {
                return false;
            }
            i++;
            if (lx.kind[i] != Lexer.PUNCT) {
                return false;
            }
            if (lx.text[i].equals(")")) {
                return true;
            }
            if (!lx.text[i].equals(",")) {
                return false;
            }
            i++;
        }
    }

    private boolean isTableConstraintStart() {
        return isKw("constraint") || isKw("primary") || isKw("unique") || isKw("check") || isKw("foreign")
                || isKw("exclude");
    }

    private CreateIndex createIndex(final int at) {
        final boolean unique = acceptKw("unique");
        expectKw("index");
        final boolean concurrently = acceptKw("concurrently");
        final boolean ine = ifNotExists();
        String name = null;
        if (!isKw("on")) {
            name = colId();
        } else if (ine) {
            throw syntaxError();
        }
        expectKw("on");
        final boolean only = acceptKw("only");
        final QualifiedName table = qualifiedName();
        String method = null;
        if (acceptKw("using")) {
            method = colId();
        }
        final List<IndexElem> elems = indexElems();
        List<String> include = List.of();
        if (acceptKw("include")) {
            include = parenNameList();
        }
        if (isKw("nulls")) {
            p++;
            acceptKw("not");
            expectKw("distinct");
        }
        List<Option> with = List.of();
        if (isKw("with") && isPunctAt(1, "(")) {
            p++;
            with = optionList();
        }
        if (acceptKw("tablespace")) {
            colId();
        }
        final Expr where = acceptKw("where") ? parseExpr() : null;
        return new CreateIndex(name, table, unique, concurrently, ine, only, method, elems, include, with, where, at);
    }

    /** After ALTER. */
    final Statement parseAlter(final int at) {
        expectKw("alter");
        if (isKw("role") || isKw("user")) {
            return MiscParser.alterRole(this, at);
        }
        if (acceptKw("sequence")) {
            final boolean ie = ifExists();
            final QualifiedName name = qualifiedName();
            return new AlterSequence(name, ie, SequenceOptionsParser.parse(this, true), at);
        }
        if (isKw("type")) {
            return MiscParser.alterType(this, at);
        }
        expectKw("table");
        final boolean ie = ifExists();
        final boolean only = acceptKw("only");
        final QualifiedName table = qualifiedName();
        acceptOp("*");
        final List<AlterAction> actions = new ArrayList<>();
        do {
            actions.add(AlterActionParser.parse(this));
        } while (acceptPunct(","));
        return new AlterTable(table, ie, only, List.copyOf(actions), at);
    }

    /** After DROP. */
    final Statement parseDrop(final int at) {
        expectKw("drop");
        if (isKw("role") || isKw("user") || isKw("group")) {
            return MiscParser.dropRole(this, at);
        }
        if (isKw("database")) {
            return MiscParser.dropDatabase(this, at);
        }
        if (isKw("function")) {
            return FunctionParser.drop(this, at);
        }
        final ObjectKind kind;
        if (acceptKw("table")) {
            kind = ObjectKind.TABLE;
        } else if (acceptKw("index")) {
            kind = ObjectKind.INDEX;
        } else if (acceptKw("sequence")) {
            kind = ObjectKind.SEQUENCE;
        } else if (acceptKw("schema")) {
            kind = ObjectKind.SCHEMA;
        } else if (acceptKw("view")) {
            kind = ObjectKind.VIEW;
        } else if (acceptKw("materialized")) {
            expectKw("view");
            kind = ObjectKind.MATERIALIZED_VIEW;
        } else if (acceptKw("type")) {
            kind = ObjectKind.TYPE;
        } else {
            throw syntaxError();
        }
        final boolean concurrently = kind == ObjectKind.INDEX && acceptKw("concurrently");
        final boolean ie = ifExists();
        final List<QualifiedName> names = qualifiedNameList();
        final boolean cascade = dropBehavior();
        return new Drop(kind, ie, List.copyOf(names), cascade, concurrently, at);
    }
}
