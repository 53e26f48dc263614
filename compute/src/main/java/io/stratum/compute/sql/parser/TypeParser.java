package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Type names, with PostgreSQL's canonical names for the SQL-standard spellings. */
abstract class TypeParser extends ParserBase {
    /** Unquoted words that begin an SQL-standard type spelling. */
    static final Set<String> TYPE_KEYWORDS = Set.of("int", "integer", "smallint", "bigint", "real", "float", "double",
            "decimal", "dec", "numeric", "boolean", "char", "character", "varchar", "nchar", "national", "bit",
            "time", "timestamp", "interval");
    private static final Set<String> INTERVAL_FIELDS = Set.of("year", "month", "day", "hour", "minute", "second");

    TypeParser(final Lexer lx) {
        super(lx);
    }

    /** Whether the current token may start a type name. */
    final boolean isTypeStart() {
        return kind() == Lexer.QIDENT || kind() == Lexer.IDENT && (!RESERVED.contains(text()));
    }

    /** {@code type [ (mods) ] [ [] ... | ARRAY [n] ]}. */
    final TypeName parseTypeName() {
        final int at = pos();
        final TypeName base = kind() == Lexer.IDENT && TYPE_KEYWORDS.contains(text()) ? sqlType(at) : genericType(at);
        int dims = 0;
        while (true) {
            if (isPunct("[")) {
                p++;
                if (kind() == Lexer.INTEGER) {
                    p++;
                }
                expectPunct("]");
                dims++;
            } else if (isKw("array") && dims == 0) {
                p++;
                if (isPunct("[")) {
                    p++;
                    smallInt();
                    expectPunct("]");
                }
                dims++;
                break;
            } else {
                break;
            }
        }
        return dims == 0 ? base : new TypeName(base.schema(), base.name(), base.modifiers(), dims, at);
    }

    private TypeName genericType(final int at) {
        if (!isTypeStart()) {
            throw syntaxError();
        }
        String first = lx.text[p++];
        String schema = null;
        String name = first;
        if (isPunct(".")) {
            p++;
            schema = first;
            name = colLabel();
            if (isPunct(".")) {
                p++;
                schema = name;
                name = colLabel();
            }
        }
        if (schema == null) {
            name = switch (name) {
                case "serial4" -> "serial";
                case "serial8" -> "bigserial";
                case "serial2" -> "smallserial";
                default -> name;
            };
        }
        return new TypeName(schema, name, modifiers(), 0, at);
    }

    private List<Integer> modifiers() {
        if (!isPunct("(")) {
            return List.of();
        }
        p++;
        final List<Integer> mods = new ArrayList<>(2);
        do {
            mods.add(smallInt());
        } while (acceptPunct(","));
        expectPunct(")");
        return List.copyOf(mods);
    }

    private TypeName sqlType(final int at) {
        final String w = text();
        p++;
        switch (w) {
            case "int", "integer":
                return TypeName.of("int4", at);
            case "smallint":
                return TypeName.of("int2", at);
            case "bigint":
                return TypeName.of("int8", at);
            case "real":
                return TypeName.of("float4", at);
            case "boolean":
                return TypeName.of("bool", at);
            case "double":
                expectKw("precision");
                return TypeName.of("float8", at);
            case "float": {
                if (!isPunct("(")) {
                    return TypeName.of("float8", at);
                }
                p++;
                final int precAt = pos();
                final int prec = smallInt();
                expectPunct(")");
                if (prec < 1) {
                    throw error("22023", "precision for type float must be at least 1 bit", precAt);
                }
                if (prec > 53) {
                    throw error("22023", "precision for type float must be less than 54 bits", precAt);
                }
                return TypeName.of(prec <= 24 ? "float4" : "float8", at);
            }
            case "decimal", "dec", "numeric":
                return new TypeName(null, "numeric", modifiers(), 0, at);
            case "varchar":
                return new TypeName(null, "varchar", modifiers(), 0, at);
            case "national":
                if (!acceptKw("character")) {
                    expectKw("char");
                }
                return character(at);
            case "char", "character", "nchar":
                return character(at);
            case "bit": {
                final boolean varying = acceptKw("varying");
                final List<Integer> mods = modifiers();
                if (varying) {
                    return new TypeName(null, "varbit", mods, 0, at);
                }
                return new TypeName(null, "bit", mods.isEmpty() ? List.of(1) : mods, 0, at);
            }
            case "time", "timestamp": {
                final List<Integer> mods = modifiers();
                boolean tz = false;
                if (isKw("with") && isKwAt(1, "time") && isKwAt(2, "zone")) {
                    p += 3;
                    tz = true;
                } else if (isKw("without") && isKwAt(1, "time") && isKwAt(2, "zone")) {
                    p += 3;
                }
                final String name = w.equals("time") ? (tz ? "timetz" : "time") : (tz ? "timestamptz" : "timestamp");
                return new TypeName(null, name, mods, 0, at);
            }
            case "interval": {
                List<Integer> mods = modifiers();
                intervalFields();
                if (mods.isEmpty()) {
                    mods = modifiers();
                }
                return new TypeName(null, "interval", mods, 0, at);
            }
            default:
                throw syntaxErrorAt(p - 1);
        }
    }

    private TypeName character(final int at) {
        final boolean varying = acceptKw("varying");
        final List<Integer> mods = modifiers();
        if (varying) {
            return new TypeName(null, "varchar", mods, 0, at);
        }
        return new TypeName(null, "bpchar", mods.isEmpty() ? List.of(1) : mods, 0, at);
    }

    /** Skips interval field qualifiers: {@code YEAR}, {@code DAY TO SECOND(3)}, ... */
    final void intervalFields() {
        if (kind() == Lexer.IDENT && INTERVAL_FIELDS.contains(text())) {
            final boolean second = text().equals("second");
            p++;
            if (second) {
                modifiers();
            }
            if (acceptKw("to")) {
                if (kind() != Lexer.IDENT || !INTERVAL_FIELDS.contains(text())) {
                    throw syntaxError();
                }
                final boolean sec = text().equals("second");
                p++;
                if (sec) {
                    modifiers();
                }
            }
        }
    }
}
