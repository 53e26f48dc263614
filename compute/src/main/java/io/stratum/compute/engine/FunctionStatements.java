package io.stratum.compute.engine;

import io.stratum.compute.catalog.FunctionDdl;
import io.stratum.compute.catalog.FunctionDef;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.analyze.BindContext;
import io.stratum.compute.sql.analyze.SqlFunctions;
import io.stratum.compute.sql.analyze.TypeNames;
import io.stratum.compute.sql.ast.CreateFunction;
import io.stratum.compute.sql.ast.DropFunction;
import io.stratum.compute.sql.ast.FunctionArg;
import io.stratum.compute.sql.ast.TypeName;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CREATE [OR REPLACE] FUNCTION ... LANGUAGE sql and DROP FUNCTION: the declaration checked as PostgreSQL's
 * CreateFunction does (language, result type against the OUT parameters, names, defaults), the body bound once
 * against the session's catalog (fmgr_sql_validator), then stored through {@link FunctionDdl}.
 */
final class FunctionStatements {
    private final EngineSession s;
    private final Ddl ddl;

    FunctionStatements(final EngineSession s, final Ddl ddl) {
        this.s = s;
        this.ddl = ddl;
    }

    String create(final CreateFunction c) {
        if (c.language() == null) {
            throw new SqlException("42P13", "no language specified");
        }
        if (!c.language().equals("sql")) {
            if (c.language().equals("plpgsql") || c.language().equals("c") || c.language().equals("internal")) {
                throw new SqlException("0A000", "language \"" + c.language() + "\" is not supported", null,
                    "Only LANGUAGE sql functions are supported.", 0, null);
            }
            throw new SqlException("42704", "language \"" + c.language() + "\" does not exist");
        }
        if (c.body() == null) {
            throw new SqlException("42P13", "no function body specified");
        }
        final List<FunctionDef.Param> params = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        boolean sawDefault = false;
        final List<FunctionArg> all = new ArrayList<>(c.args());
        all.addAll(c.table());
        for (final FunctionArg a : all) {
            if (a.mode() == 'v') {
                throw new SqlException("0A000", "VARIADIC parameters are not supported");
            }
            final String name = a.name() == null ? "" : a.name();
            if (!name.isEmpty() && !names.add(name + (a.mode() == 'o' || a.mode() == 't' ? "/out" : "/in"))) {
                throw new SqlException("42P13", "parameter name \"" + name + "\" used more than once");
            }
            if (a.defaultText() != null && a.mode() == 'o') {
                throw new SqlException("42P13", "only input parameters can have default values");
            }
            if (a.mode() != 'o' && a.mode() != 't') {
                if (a.defaultText() != null) {
                    sawDefault = true;
                } else if (sawDefault) {
                    throw new SqlException("42P13", "input parameters after one with a default value must also have defaults");
                }
            }
            final PgType t = type(a.type());
            if (t == PgType.RECORD || t == PgType.VOID && a.mode() != 'o') {
                throw new SqlException("42P13", "SQL functions cannot have arguments of type " + SqlTypes.displayName(t));
            }
            params.add(new FunctionDef.Param(a.mode(), name, t, typmod(a.type(), t), a.defaultText()));
        }
        final io.stratum.compute.catalog.Relation rowType = c.returns() == null || c.returns().arrayDims() > 0
            || TypeNames.builtin(c.returns().name()) ? null
            : s.snapshot().resolve(s.catalogContext(), c.returns().schema(), c.returns().name());
        if (rowType instanceof io.stratum.compute.catalog.TableDef && !c.args().stream().anyMatch(a -> a.mode() == 'o')) {
            // RETURNS [SETOF] t of a table t: its columns as of now, as the result's columns
            for (final io.stratum.compute.catalog.ColumnDef col : ((io.stratum.compute.catalog.TableDef) rowType).columns()) {
                if (!col.dropped()) {
                    params.add(new FunctionDef.Param('r', col.name(), col.type(), col.typmod(), null));
                }
            }
        }
        final List<FunctionDef.Param> outs = params.stream().filter(FunctionDef.Param::output).toList();
        PgType ret;
        int retMod = -1;
        if (rowType instanceof io.stratum.compute.catalog.TableDef && !outs.isEmpty()) {
            ret = outs.size() == 1 ? outs.get(0).type() : PgType.RECORD;
            retMod = outs.size() == 1 ? outs.get(0).typmod() : ((io.stratum.compute.catalog.TableDef) rowType).rowTypeOid();
        } else if (c.returns() == null) {
            if (outs.isEmpty()) {
                throw new SqlException("42P13", "function result type must be specified");
            }
            ret = outs.size() == 1 ? outs.get(0).type() : PgType.RECORD;
            retMod = outs.size() == 1 ? outs.get(0).typmod() : -1;
        } else {
            ret = type(c.returns());
            retMod = typmod(c.returns(), ret);
            if (ret.typname().equals("trigger")) {
                throw new SqlException("42P13", "SQL functions cannot return type trigger");
            }
            if (!outs.isEmpty()) {
                final PgType want = outs.size() == 1 ? outs.get(0).type() : PgType.RECORD;
                if (ret != want) {
                    throw new SqlException("42P13", "function result type must be " + SqlTypes.displayName(want)
                        + " because of OUT parameters");
                }
            } else if (ret == PgType.RECORD) {
                throw new SqlException("0A000", "functions returning record without OUT parameters are not supported", null,
                    "Declare the result columns with OUT parameters or RETURNS TABLE (...).", 0, null);
            }
        }
        final FunctionDef draft = new FunctionDef(-1, c.name().name(), 0, List.copyOf(params), ret, retMod, c.returnsSet(),
            c.volatility(), c.strict(), c.body(), 0);
        // stored first, then validated against the catalog that holds it (as ProcedureCreate, then the validator):
        // a failing body fails the statement, whose catalog rows its transaction's rollback undoes
        final FunctionDef f = FunctionDdl.create(s.catalog, s.tx, s.catalogContext(), c.name().schema(), draft, c.orReplace());
        SqlFunctions.validate(new BindContext(s.snapshot(), s.catalogContext(), s.settings.zone(), List.of()), f);
        return "CREATE FUNCTION";
    }

    String drop(final DropFunction d) {
        for (final DropFunction.Signature f : d.functions()) {
            List<PgType> types = null;
            final List<String> written = new ArrayList<>();
            if (f.args() != null) {
                types = new ArrayList<>();
                for (final FunctionArg a : f.args()) {
                    if (a.mode() != 'o') {
                        types.add(type(a.type()));
                        written.add(writtenName(a.type()));
                    }
                }
            }
            final List<String> notices = new ArrayList<>();
            final boolean dropped = FunctionDdl.drop(s.catalog, s.tx, s.catalogContext(), f.name().schema(), f.name().name(),
                types, d.ifExists(), d.cascade(), notices);
            ddl.notices(notices);
            if (!dropped) {
                final String shown = (f.name().schema() != null ? f.name().schema() + "." : "") + f.name().name();
                s.notice("NOTICE", "00000", "function " + shown + "(" + String.join(",", written)
                    + ") does not exist, skipping");
            }
        }
        return "DROP FUNCTION";
    }

    /** A type name as PostgreSQL's TypeNameListToString prints it: the SQL keyword types qualified by pg_catalog. */
    private static String writtenName(final TypeName t) {
        final String n = t.name();
        final boolean keyword = t.schema() == null && Set.of("int2", "int4", "int8", "float4", "float8", "numeric", "bool",
            "varchar", "bpchar", "timestamp", "timestamptz", "time", "timetz", "interval").contains(n);
        return (t.schema() != null ? t.schema() + "." : keyword ? "pg_catalog." : "") + n + "[]".repeat(t.arrayDims());
    }

    private PgType type(final TypeName t) {
        return TypeNames.type(t, s.snapshot(), s.catalogContext());
    }

    /** Typmods of parameters and results are dropped, as PostgreSQL does; an enum type keeps its OID there. */
    private int typmod(final TypeName t, final PgType type) {
        return type == PgType.ENUM || type == PgType.ENUM_ARRAY ? TypeNames.typmod(t, s.snapshot(), s.catalogContext()) : -1;
    }
}
