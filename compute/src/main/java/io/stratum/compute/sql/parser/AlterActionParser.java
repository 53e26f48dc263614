package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.AlterAction;
import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.TypeName;
import java.util.ArrayList;
import java.util.List;

/** One action of ALTER TABLE. */
final class AlterActionParser {
    private AlterActionParser() {
    }

    static AlterAction parse(final DdlParser ps) {
        final int at = ps.pos();
        if (ps.acceptKw("add")) {
            if (ps.isKw("constraint") || ps.isKw("primary") || ps.isKw("unique") || ps.isKw("check")
                    || ps.isKw("foreign") || ps.isKw("exclude")) {
                final var c = ps.tableConstraint();
                boolean notValid = false;
                if (ps.isKw("not") && ps.isKwAt(1, "valid")) {
                    ps.p += 2;
                    notValid = true;
                }
                return new AlterAction.AddConstraint(c, notValid, at);
            }
            ps.acceptKw("column");
            final boolean ine = ps.ifNotExists();
            return new AlterAction.AddColumn(ps.columnDef(), ine, at);
        }
        if (ps.acceptKw("drop")) {
            if (ps.acceptKw("constraint")) {
                final boolean ie = ps.ifExists();
                final String name = ps.colId();
                return new AlterAction.DropConstraint(name, ie, ps.dropBehavior(), at);
            }
            ps.acceptKw("column");
            final boolean ie = ps.ifExists();
            final String col = ps.colId();
            return new AlterAction.DropColumn(col, ie, ps.dropBehavior(), at);
        }
        if (ps.acceptKw("alter")) {
            ps.acceptKw("column");
            final String col = ps.colId();
            if (ps.isKw("set") && ps.isKwAt(1, "default")) {
                ps.p += 2;
                return new AlterAction.SetDefault(col, ps.parseOperand(), at);
            }
            if (ps.isKw("drop") && ps.isKwAt(1, "default")) {
                ps.p += 2;
                return new AlterAction.SetDefault(col, null, at);
            }
            if (ps.isKw("set") && ps.isKwAt(1, "not") && ps.isKwAt(2, "null")) {
                ps.p += 3;
                return new AlterAction.SetNotNull(col, true, at);
            }
            if (ps.isKw("drop") && ps.isKwAt(1, "not") && ps.isKwAt(2, "null")) {
                ps.p += 3;
                return new AlterAction.SetNotNull(col, false, at);
            }
            if (ps.isKw("set") && ps.isKwAt(1, "data")) {
                ps.p += 2;
            }
            ps.expectKw("type");
            final TypeName t = ps.parseTypeName();
            QualifiedName coll = null;
            if (ps.acceptKw("collate")) {
                coll = ps.qualifiedName();
            }
            final Expr using = ps.acceptKw("using") ? ps.parseExpr() : null;
            return new AlterAction.AlterType(col, t, coll, using, at);
        }
        if (ps.acceptKw("rename")) {
            if (ps.acceptKw("to")) {
                return new AlterAction.RenameTable(ps.colId(), at);
            }
            if (ps.acceptKw("constraint")) {
                final String old = ps.colId();
                ps.expectKw("to");
                return new AlterAction.RenameConstraint(old, ps.colId(), at);
            }
            ps.acceptKw("column");
            final String old = ps.colId();
            ps.expectKw("to");
            return new AlterAction.RenameColumn(old, ps.colId(), at);
        }
        if (ps.isKw("set") && ps.isKwAt(1, "schema")) {
            ps.p += 2;
            return new AlterAction.SetSchema(ps.colId(), at);
        }
        if (ps.isKw("set") && ps.isPunctAt(1, "(")) {
            ps.p++;
            return new AlterAction.SetOptions(ps.optionList(), at);
        }
        if (ps.isKw("reset") && ps.isPunctAt(1, "(")) {
            ps.p += 2;
            final List<String> names = new ArrayList<>();
            do {
                String n = ps.colLabel();
                while (ps.acceptPunct(".")) {
                    n = n + "." + ps.colLabel();
                }
                names.add(n);
            } while (ps.acceptPunct(","));
            ps.expectPunct(")");
            return new AlterAction.ResetOptions(List.copyOf(names), at);
        }
        if (ps.isKw("owner") && ps.isKwAt(1, "to")) {
            ps.p += 2;
            return new AlterAction.OwnerTo(ps.colLabel(), at);
        }
        throw ps.syntaxError();
    }
}
