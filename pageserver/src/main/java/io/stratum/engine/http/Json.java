package io.stratum.engine.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the management API speaks, through Jackson: a request body is one flat object whose values are
 * strings, numbers (integers as {@code Long}, others as {@code Double}), booleans or null; list answers
 * are arrays of such objects; answers are written compactly ({@code {"k":v,...}}, no spaces) with
 * {@link #object} and {@link #quote}. Anything else in a request is refused with INVALID_ARGUMENT
 * (HTTP 400) naming the character position. Thread-safe (no state).
 */
public final class Json {
    /** Largest request body accepted. */
    static final int MAX_BODY = 64 << 10;

    /** Strict JSON: no comments, trailing commas, unquoted names or control characters in strings. */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(MAX_BODY)
            .maxNumberLength(64).build())
        .build());

    private Json() {
    }

    /** Parses an array of flat objects (what the list endpoints answer). */
    public static List<Map<String, Object>> parseArray(final String text) {
        try (JsonParser p = MAPPER.getFactory().createParser(text == null ? "" : text)) {
            final List<Map<String, Object>> out = new ArrayList<>();
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw error(p, "expected '['");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT) {
                    throw error(p, "expected an object");
                }
                out.add(flatObject(p));
            }
            end(p);
            return out;
        } catch (final JsonProcessingException e) {
            throw error(e);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a flat object; an empty body is an empty object. */
    public static Map<String, Object> parseObject(final String text) {
        if (text == null || text.isBlank()) {
            return new LinkedHashMap<>();
        }
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw error(p, "expected '{'");
            }
            final Map<String, Object> out = flatObject(p);
            end(p);
            return out;
        } catch (final JsonProcessingException e) {
            throw error(e);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the members of the object whose START_OBJECT was just read, through its END_OBJECT. */
    private static Map<String, Object> flatObject(final JsonParser p) throws IOException {
        final Map<String, Object> out = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            final String key = p.currentName();
            final Object value = switch (p.nextToken()) {
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT -> p.getLongValue();
                case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> throw error(p, "expected a string, number, boolean or null (nested values are not accepted)");
            };
            if (out.containsKey(key)) {
                throw error(p, "duplicate key \"" + key + "\"");
            }
            out.put(key, value);
        }
        return out;
    }

    private static void end(final JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw error(p, "trailing characters");
        }
    }

    private static StratumException error(final JsonParser p, final String what) {
        return StratumException.of(ErrorCode.INVALID_ARGUMENT, "bad JSON: " + what, "position",
            p.currentTokenLocation().getCharOffset());
    }

    private static StratumException error(final JsonProcessingException e) {
        final long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
        return StratumException.of(ErrorCode.INVALID_ARGUMENT, "bad JSON: " + e.getOriginalMessage(), "position", at);
    }

    /** A JSON string literal ({@code null} for null). */
    public static String quote(final String v) {
        if (v == null) {
            return "null";
        }
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(v)) + '"';
    }

    /**
     * {@code {"k1":v1,...}} from alternating keys and values: null, numbers and booleans as JSON literals,
     * {@link Raw} as the JSON it holds, anything else as the string of its {@code toString()}.
     */
    public static String object(final Object... kv) {
        if (kv.length % 2 != 0) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "odd number of key/value arguments", "count", kv.length);
        }
        return write(g -> {
            g.writeStartObject();
            for (int k = 0; k < kv.length; k += 2) {
                g.writeFieldName(String.valueOf(kv[k]));
                value(g, kv[k + 1]);
            }
            g.writeEndObject();
        });
    }

    /** {@code [e1,...]} from already-encoded elements. */
    static String array(final List<String> encoded) {
        return write(g -> {
            g.writeStartArray();
            for (final String e : encoded) {
                g.writeRawValue(e);
            }
            g.writeEndArray();
        });
    }

    private static void value(final JsonGenerator g, final Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Raw r) {
            g.writeRawValue(r.json());
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger || v instanceof BigDecimal || v instanceof Double || v instanceof Float) {
            g.writeNumber(v.toString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(v.toString());
        }
    }

    /** Writes with one generator. */
    private interface Writer {
        void to(JsonGenerator g) throws IOException;
    }

    private static String write(final Writer w) {
        final StringWriter out = new StringWriter();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            w.to(g);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Already-encoded JSON, inserted as is. */
    record Raw(String json) {
    }
}
