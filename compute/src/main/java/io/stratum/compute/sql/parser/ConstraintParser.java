package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.ColumnDef;
import io.stratum.compute.sql.ast.Constraint;
import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.Option;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.ReferentialAction;
import io.stratum.compute.sql.ast.TypeName;
import java.util.ArrayList;
import java.util.List;

/** Column definitions and column/table constraints (CREATE TABLE, ALTER TABLE ADD). */
abstract class ConstraintParser extends DmlParser {
    ConstraintParser(final Lexer lx) {
        super(lx);
    }

    final ColumnDef columnDef() {
        final int at = pos();
        final String name = colId();
        final TypeName type = parseTypeName();
        QualifiedName collation = null;
        final List<Constraint> cons = new ArrayList<>();
        while (true) {
            if (isKw("collate")) {
                p++;
                collation = qualifiedName();
                continue;
            }
            final Constraint c = columnConstraint();
            if (c == null) {
                break;
            }
            cons.add(c);
        }
        return new ColumnDef(name, type, collation, List.copyOf(cons), at);
    }

    /** A column constraint, or null when the current token does not start one. */
    private Constraint columnConstraint() {
        final int at = pos();
        String name = null;
        if (acceptKw("constraint")) {
            name = colId();
        }
        final Constraint c;
        if (isKw("not") && isKwAt(1, "null")) {
            p += 2;
            c = new Constraint.NotNull(name, at);
        } else if (acceptKw("null")) {
            c = new Constraint.Null(name, at);
        } else if (acceptKw("default")) {
            c = new Constraint.Default(name, parseDefaultExpr(), at);
        } else if (acceptKw("check")) {
            c = check(name, at);
        } else if (isKw("primary")) {
            p++;
            expectKw("key");
            c = indexParams(name, List.of(), true, false, at);
        } else if (acceptKw("unique")) {
            c = indexParams(name, List.of(), false, nullsNotDistinct(), at);
        } else if (isKw("references")) {
            c = references(name, List.of(), at);
        } else if (acceptKw("generated")) {
            final boolean always;
            if (acceptKw("always")) {
                always = true;
            } else {
                expectKw("by");
                expectKw("default");
                always = false;
            }
            expectKw("as");
            if (acceptKw("identity")) {
                c = new Constraint.Identity(name, always, SequenceOptionsParser.parseParenthesised(this), at);
            } else {
                expectPunct("(");
                final Expr e = parseExpr();
                expectPunct(")");
                expectKw("stored");
                c = new Constraint.Generated(name, e, at);
            }
        } else if (name != null) {
            throw syntaxError();
        } else {
            return null;
        }
        constraintAttributes();
        return c;
    }

    /** DEFAULT's expression: b_expr (no AND/OR/NOT at top level, so {@code DEFAULT 0 NOT NULL} works). */
    private Expr parseDefaultExpr() {
        return parseOperand();
    }

    private Constraint check(final String name, final int at) {
        expectPunct("(");
        final Expr e = parseExpr();
        expectPunct(")");
        if (isKw("no") && isKwAt(1, "inherit")) {
            p += 2;
        }
        return new Constraint.Check(name, e, at);
    }

    private boolean nullsNotDistinct() {
        if (isKw("nulls")) {
            p++;
            final boolean not = acceptKw("not");
            expectKw("distinct");
            return not;
        }
        return false;
    }

    private Constraint indexParams(final String name, final List<String> cols, final boolean primary,
                                   final boolean nnd, final int at) {
        List<String> include = List.of();
        List<Option> with = List.of();
        while (true) {
            if (acceptKw("include")) {
                include = parenNameList();
            } else if (isKw("with") && isPunctAt(1, "(")) {
                p++;
                with = optionList();
            } else if (isKw("using") && isKwAt(1, "index") && isKwAt(2, "tablespace")) {
                p += 3;
                colId();
            } else {
                break;
            }
        }
        return primary ? new Constraint.PrimaryKey(name, cols, include, with, at)
                : new Constraint.Unique(name, cols, nnd, include, with, at);
    }

    private Constraint references(final String name, final List<String> cols, final int at) {
        expectKw("references");
        final QualifiedName ref = qualifiedName();
        final List<String> refCols = isPunct("(") ? parenNameList() : List.of();
        String match = "simple";
        ReferentialAction onDelete = ReferentialAction.NO_ACTION;
        ReferentialAction onUpdate = ReferentialAction.NO_ACTION;
        while (true) {
            if (acceptKw("match")) {
                if (acceptKw("full")) {
                    match = "full";
                } else if (acceptKw("partial")) {
                    match = "partial";
                } else {
                    expectKw("simple");
                }
            } else if (isKw("on") && (isKwAt(1, "delete") || isKwAt(1, "update"))) {
                final boolean del = isKwAt(1, "delete");
                p += 2;
                final ReferentialAction a = referentialAction();
                if (del) {
                    onDelete = a;
                } else {
                    onUpdate = a;
                }
            } else {
                break;
            }
        }
        final boolean[] attrs = constraintAttributes();
        return new Constraint.ForeignKey(name, cols, ref, refCols, match, onDelete, onUpdate, attrs[0], attrs[1], at);
    }

    private ReferentialAction referentialAction() {
        if (acceptKw("cascade")) {
            return ReferentialAction.CASCADE;
        }
        if (acceptKw("restrict")) {
            return ReferentialAction.RESTRICT;
        }
        if (acceptKw("no")) {
            expectKw("action");
            return ReferentialAction.NO_ACTION;
        }
        expectKw("set");
        if (acceptKw("null")) {
            if (isPunct("(")) {
                parenNameList();
            }
            return ReferentialAction.SET_NULL;
        }
        expectKw("default");
        if (isPunct("(")) {
            parenNameList();
        }
        return ReferentialAction.SET_DEFAULT;
    }

    /** {@code [NOT] DEFERRABLE}, {@code INITIALLY DEFERRED|IMMEDIATE}, {@code NOT VALID}: {deferrable, deferred}. */
    private boolean[] constraintAttributes() {
        final boolean[] out = new boolean[2];
        while (true) {
            if (acceptKw("deferrable")) {
                out[0] = true;
            } else if (isKw("not") && isKwAt(1, "deferrable")) {
                p += 2;
                out[0] = false;
            } else if (acceptKw("initially")) {
                if (acceptKw("deferred")) {
                    out[1] = true;
                } else {
                    expectKw("immediate");
                }
            } else {
                return out;
            }
        }
    }

    /** {@code [CONSTRAINT n] CHECK (..) | UNIQUE (..) | PRIMARY KEY (..) | FOREIGN KEY (..) REFERENCES ...}. */
    final Constraint tableConstraint() {
        final int at = pos();
        String name = null;
        if (acceptKw("constraint")) {
            name = colId();
        }
        final Constraint c;
        if (acceptKw("check")) {
            c = check(name, at);
        } else if (acceptKw("unique")) {
            final boolean nnd = nullsNotDistinct();
            c = indexParams(name, parenNameList(), false, nnd, at);
        } else if (acceptKw("primary")) {
            expectKw("key");
            c = indexParams(name, parenNameList(), true, false, at);
        } else if (acceptKw("foreign")) {
            expectKw("key");
            final List<String> cols = parenNameList();
            return references(name, cols, at);
        } else if (isKw("exclude")) {
            throw error("0A000", "EXCLUDE constraints are not supported", pos());
        } else {
            throw syntaxError();
        }
        constraintAttributes();
        return c;
    }
}
