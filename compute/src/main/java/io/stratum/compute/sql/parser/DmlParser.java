package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.Assignment;
import io.stratum.compute.sql.ast.Copy;
import io.stratum.compute.sql.ast.Delete;
import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.FromItem;
import io.stratum.compute.sql.ast.IndexElem;
import io.stratum.compute.sql.ast.Insert;
import io.stratum.compute.sql.ast.NullOrdering;
import io.stratum.compute.sql.ast.OnConflict;
import io.stratum.compute.sql.ast.Option;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.RowExpr;
import io.stratum.compute.sql.ast.ScalarSubquery;
import io.stratum.compute.sql.ast.SelectItem;
import io.stratum.compute.sql.ast.SortOrder;
import io.stratum.compute.sql.ast.Truncate;
import io.stratum.compute.sql.ast.Update;
import io.stratum.compute.sql.ast.With;
import java.util.ArrayList;
import java.util.List;

/** INSERT, UPDATE, DELETE, TRUNCATE, COPY, and generic option lists. */
abstract class DmlParser extends FromParser {
    DmlParser(final Lexer lx) {
        super(lx);
    }

    /**
     * What PostgreSQL's grammar calls a PreparableStmt: a query, INSERT, UPDATE or DELETE, each with an optional
     * WITH of its own. The one rule for what may stand at the top of a statement of these kinds and as the body
     * of a common table expression (whether a data-modifying one is allowed there is the binder's rule).
     */
    @Override
    final io.stratum.compute.sql.ast.Statement parsePreparable() {
        final int at = pos();
        With with = null;
        final int save = p;
        if (isKw("with")) {
            with = parseWith();
        }
        if (isKw("insert")) {
            return parseInsert(with, at);
        }
        if (isKw("update")) {
            return parseUpdate(with, at);
        }
        if (isKw("delete")) {
            return parseDelete(with, at);
        }
        p = save;
        return parseQuery();
    }

    final Insert parseInsert(final With with, final int at) {
        expectKw("insert");
        expectKw("into");
        final QualifiedName table = qualifiedName();
        final String alias = acceptKw("as") ? colId() : null;
        List<String> columns = List.of();
        if (isPunct("(") && !isQueryStartAt(1) && !isPunctAt(1, "(")) {
            columns = parenNameList();
        }
        String overriding = null;
        if (isKw("overriding")) {
            p++;
            overriding = "system";
            if (!acceptKw("system")) {
                expectKw("user");
                overriding = "user";
            }
            expectKw("value");
        }
        Query source = null;
        if (isKw("default") && isKwAt(1, "values")) {
            p += 2;
        } else {
            source = parseQuery();
        }
        OnConflict onConflict = null;
        if (isKw("on") && isKwAt(1, "conflict")) {
            onConflict = onConflict();
        }
        final List<SelectItem> returning = returning();
        return new Insert(with, table, alias, columns, source, onConflict, returning, overriding, at);
    }

    private OnConflict onConflict() {
        final int at = pos();
        p += 2;
        List<IndexElem> target = List.of();
        Expr targetWhere = null;
        String constraint = null;
        if (isPunct("(")) {
            target = indexElems();
            if (acceptKw("where")) {
                targetWhere = parseExpr();
            }
        } else if (isKw("on") && isKwAt(1, "constraint")) {
            p += 2;
            constraint = colId();
        }
        expectKw("do");
        if (acceptKw("nothing")) {
            return new OnConflict(target, targetWhere, constraint, true, List.of(), null, at);
        }
        expectKw("update");
        expectKw("set");
        final List<Assignment> set = assignments();
        final Expr where = acceptKw("where") ? parseExpr() : null;
        return new OnConflict(target, targetWhere, constraint, false, set, where, at);
    }

    /** {@code ( elem [, ...] )} of index keys. */
    final List<IndexElem> indexElems() {
        expectPunct("(");
        final List<IndexElem> out = new ArrayList<>();
        do {
            out.add(indexElem());
        } while (acceptPunct(","));
        expectPunct(")");
        return List.copyOf(out);
    }

    private IndexElem indexElem() {
        final int at = pos();
        String column = null;
        Expr expr = null;
        if (isPunct("(")) {
            p++;
            expr = parseExpr();
            expectPunct(")");
        } else if (isColId() && !isPunctAt(1, "(") && !isPunctAt(1, ".")) {
            column = colId();
        } else {
            expr = parseOperand();
        }
        QualifiedName collation = null;
        if (acceptKw("collate")) {
            collation = qualifiedName();
        }
        QualifiedName opclass = null;
        if (isColId() && !isKw("nulls")) {
            opclass = qualifiedName();
            if (isPunct("(")) {
                optionList();
            }
        }
        SortOrder order = SortOrder.DEFAULT;
        if (acceptKw("asc")) {
            order = SortOrder.ASC;
        } else if (acceptKw("desc")) {
            order = SortOrder.DESC;
        }
        NullOrdering nulls = NullOrdering.DEFAULT;
        if (acceptKw("nulls")) {
            if (acceptKw("first")) {
                nulls = NullOrdering.FIRST;
            } else {
                expectKw("last");
                nulls = NullOrdering.LAST;
            }
        }
        return new IndexElem(column, expr, collation, opclass, order, nulls, at);
    }

    /** {@code c = e, (a, b) = (x, y) | ROW(...) | (SELECT ...), ...}. */
    final List<Assignment> assignments() {
        final List<Assignment> out = new ArrayList<>();
        do {
            final int at = pos();
            if (isPunct("(")) {
                final List<String> cols = parenNameList();
                expectOp("=");
                final int vat = pos();
                final Expr v = parseExpr();
                if (v instanceof RowExpr r) {
                    if (r.fields().size() != cols.size()) {
                        throw error("42601", "number of columns does not match number of values", vat);
                    }
                    for (int i = 0; i < cols.size(); i++) {
                        out.add(new Assignment(List.of(cols.get(i)), r.fields().get(i), at));
                    }
                } else if (v instanceof ScalarSubquery || cols.size() == 1) {
                    out.add(new Assignment(cols, v, at));
                } else {
                    throw error("42601", "source for a multiple-column UPDATE item must be a sub-SELECT or ROW() "
                            + "expression", vat);
                }
            } else {
                final String col = colId();
                while (isPunct(".") || isPunct("[")) {
                    // subfield or subscript assignment: c.f = ..., c[1] = ...
                    throw error("0A000", "assignment to a field or element of column \"" + col + "\" is not supported",
                            pos());
                }
                expectOp("=");
                out.add(new Assignment(List.of(col), parseExpr(), at));
            }
        } while (acceptPunct(","));
        return List.copyOf(out);
    }

    final void expectOp(final String op) {
        if (!acceptOp(op)) {
            throw syntaxError();
        }
    }

    final List<SelectItem> returning() {
        if (acceptKw("returning")) {
            return parseSelectList();
        }
        return List.of();
    }

    final Update parseUpdate(final With with, final int at) {
        expectKw("update");
        final boolean only = acceptKw("only");
        final QualifiedName table = qualifiedName();
        final String alias = targetAlias();
        expectKw("set");
        final List<Assignment> set = assignments();
        final List<FromItem> from = acceptKw("from") ? parseFromList() : List.of();
        Expr where = null;
        String cursor = null;
        if (acceptKw("where")) {
            if (isKw("current") && isKwAt(1, "of")) {
                p += 2;
                cursor = colId();
            } else {
                where = parseExpr();
            }
        }
        return new Update(with, table, only, alias, set, from, where, cursor, returning(), at);
    }

    final Delete parseDelete(final With with, final int at) {
        expectKw("delete");
        expectKw("from");
        final boolean only = acceptKw("only");
        final QualifiedName table = qualifiedName();
        final String alias = targetAlias();
        final List<FromItem> using = acceptKw("using") ? parseFromList() : List.of();
        Expr where = null;
        String cursor = null;
        if (acceptKw("where")) {
            if (isKw("current") && isKwAt(1, "of")) {
                p += 2;
                cursor = colId();
            } else {
                where = parseExpr();
            }
        }
        return new Delete(with, table, only, alias, using, where, cursor, returning(), at);
    }

    final Truncate parseTruncate(final int at) {
        expectKw("truncate");
        acceptKw("table");
        final List<QualifiedName> tables = new ArrayList<>();
        do {
            acceptKw("only");
            tables.add(qualifiedName());
            acceptOp("*");
        } while (acceptPunct(","));
        boolean restart = false;
        if (acceptKw("restart")) {
            expectKw("identity");
            restart = true;
        } else if (acceptKw("continue")) {
            expectKw("identity");
        }
        final boolean cascade = dropBehavior();
        return new Truncate(List.copyOf(tables), restart, cascade, at);
    }

    /** {@code [CASCADE | RESTRICT]}: true for CASCADE. */
    final boolean dropBehavior() {
        if (acceptKw("cascade")) {
            return true;
        }
        acceptKw("restrict");
        return false;
    }

    final Copy parseCopy(final int at) {
        expectKw("copy");
        final List<Option> options = new ArrayList<>();
        if (isKw("binary")) {
            options.add(new Option("format", List.of("binary"), pos()));
            p++;
        }
        QualifiedName table = null;
        Query query = null;
        List<String> columns = List.of();
        if (isPunct("(")) {
            p++;
            query = parseQuery();
            expectPunct(")");
        } else {
            table = qualifiedName();
            if (isPunct("(")) {
                columns = parenNameList();
            }
        }
        final boolean from;
        if (acceptKw("from")) {
            from = true;
        } else {
            expectKw("to");
            from = false;
        }
        final boolean program = acceptKw("program");
        String file = null;
        if (kind() == Lexer.STRING) {
            file = text();
            p++;
        } else if (!acceptKw("stdin") && !acceptKw("stdout")) {
            throw syntaxError();
        }
        acceptKw("using");
        acceptKw("delimiters");
        if (isKw("with") && isPunctAt(1, "(")) {
            p++;
        } else {
            acceptKw("with");
        }
        if (isPunct("(")) {
            options.addAll(optionList());
        } else {
            oldCopyOptions(options);
        }
        final Expr where = acceptKw("where") ? parseExpr() : null;
        return new Copy(table, columns, query, from, file, program, List.copyOf(options), where, at);
    }

    private void oldCopyOptions(final List<Option> out) {
        while (true) {
            final int at = pos();
            if (acceptKw("binary")) {
                out.add(new Option("format", List.of("binary"), at));
            } else if (acceptKw("csv")) {
                out.add(new Option("format", List.of("csv"), at));
            } else if (acceptKw("header")) {
                out.add(new Option("header", List.of(), at));
            } else if (acceptKw("freeze")) {
                out.add(new Option("freeze", List.of(), at));
            } else if (isKw("delimiter") || isKw("null") || isKw("quote") || isKw("escape") || isKw("encoding")) {
                final String name = text();
                p++;
                acceptKw("as");
                if (kind() != Lexer.STRING) {
                    throw syntaxError();
                }
                out.add(new Option(name, List.of(text()), at));
                p++;
            } else if (isKw("force")) {
                p++;
                final String name;
                if (acceptKw("quote")) {
                    name = "force_quote";
                } else {
                    expectKw("not");
                    expectKw("null");
                    name = "force_not_null";
                }
                if (acceptOp("*")) {
                    out.add(new Option(name, List.of("*"), at));
                } else {
                    final List<String> cols = new ArrayList<>();
                    do {
                        cols.add(colId());
                    } while (acceptPunct(","));
                    out.add(new Option(name, List.copyOf(cols), at));
                }
            } else {
                return;
            }
        }
    }

    /**
     * {@code ( name [ [=] value ] [, ...] )}: value a string, a number (signed), a word, {@code *}, or a
     * parenthesised list of them. Names may be dotted ({@code toast.autovacuum_enabled}).
     */
    final List<Option> optionList() {
        expectPunct("(");
        final List<Option> out = new ArrayList<>();
        do {
            final int at = pos();
            String name = colLabel();
            while (acceptPunct(".")) {
                name = name + "." + colLabel();
            }
            acceptOp("=");
            final List<String> values;
            if (isPunct(",") || isPunct(")")) {
                values = List.of();
            } else if (isPunct("(")) {
                p++;
                final List<String> vs = new ArrayList<>();
                do {
                    vs.add(optionValue());
                } while (acceptPunct(","));
                expectPunct(")");
                values = List.copyOf(vs);
            } else {
                values = List.of(optionValue());
            }
            out.add(new Option(name.toLowerCase(java.util.Locale.ROOT), values, at));
        } while (acceptPunct(","));
        expectPunct(")");
        return List.copyOf(out);
    }

    /** One option or SET value: string, signed number, word, or {@code *}. */
    final String optionValue() {
        final byte k = kind();
        if (k == Lexer.STRING || k == Lexer.IDENT || k == Lexer.QIDENT || k == Lexer.INTEGER
                || k == Lexer.NUMERIC) {
            return lx.text[p++];
        }
        if (isOp("-") || isOp("+")) {
            final String sign = isOp("-") ? "-" : "";
            p++;
            if (kind() != Lexer.INTEGER && kind() != Lexer.NUMERIC) {
                throw syntaxError();
            }
            return sign + lx.text[p++];
        }
        if (isOp("*")) {
            p++;
            return "*";
        }
        throw syntaxError();
    }
}
