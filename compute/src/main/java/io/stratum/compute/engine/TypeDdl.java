package io.stratum.compute.engine;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.AlterEnum;
import io.stratum.compute.sql.ast.CreateEnum;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.Statement;
import io.stratum.compute.types.EnumType;

/** CREATE TYPE ... AS ENUM, ALTER TYPE (ADD VALUE, RENAME VALUE) and DROP TYPE's names, through the catalog. */
final class TypeDdl {
    private final EngineSession s;
    private final Ddl ddl;

    TypeDdl(final EngineSession s, final Ddl ddl) {
        this.s = s;
        this.ddl = ddl;
    }

    String run(final Statement ast) {
        if (ast instanceof CreateEnum) {
            final CreateEnum c = (CreateEnum) ast;
            s.catalog.createEnum(s.tx, s.catalogContext(), c.name().schema(), c.name().name(), c.labels());
            return "CREATE TYPE";
        }
        final AlterEnum a = (AlterEnum) ast;
        final EnumType e = find(a.name());
        if (e == null) {
            throw new SqlException("42704", "type \"" + display(a.name()) + "\" does not exist");
        }
        if (a.renameTo() != null) {
            s.catalog.renameEnumValue(s.tx, e, a.label(), a.renameTo());
        } else if (!s.catalog.addEnumValue(s.tx, e, a.label(), a.ifNotExists(), a.neighbor(), a.after())) {
            s.notice("NOTICE", "42710", "enum label \"" + a.label() + "\" already exists, skipping");
        }
        return "ALTER TYPE";
    }

    /**
     * The enum type DROP TYPE names by {@code q}; null, after the skipping NOTICE, when there is none and
     * {@code ifExists}.
     */
    EnumType toDrop(final QualifiedName q, final boolean ifExists) {
        final EnumType e = find(q);
        if (e == null && q.schema() == null && io.stratum.compute.sql.analyze.TypeNames.builtin(q.name())) {
            throw new SqlException("2BP01", "cannot drop type " + io.stratum.compute.types.PgType.byName(q.name()).sqlName()
                + " because it is required by the database system");
        }
        if (e == null) {
            if (ifExists) {
                s.notice("NOTICE", "00000", "type \"" + display(q) + "\" does not exist, skipping");
                return null;
            }
            throw new SqlException("42704", "type \"" + display(q) + "\" does not exist");
        }
        return e;
    }

    private EnumType find(final QualifiedName q) {
        if (q.schema() != null && s.snapshot().namespace(q.schema()) == null) {
            throw new SqlException("3F000", "schema \"" + q.schema() + "\" does not exist");
        }
        return s.snapshot().enumType(s.catalogContext(), q.schema(), q.name());
    }

    private static String display(final QualifiedName q) {
        return q.schema() == null ? q.name() : q.schema() + "." + q.name();
    }
}
