package io.stratum.compute.types;

import io.stratum.compute.session.SqlException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An enum type ({@code CREATE TYPE name AS ENUM (...)}): its pg_type OID, its array type's OID, its name
 * and schema, and its labels in sort order. Columns and expressions of an enum type are {@link PgType#ENUM}
 * with the type OID as their typmod ({@link PgType#ENUM_ARRAY} for its array type). Immutable; ALTER TYPE
 * makes a new one whose labels keep their OIDs and sort orders.
 */
public final class EnumType {
    /** Longest label (NAMEDATALEN - 1 bytes). */
    public static final int MAX_LABEL_BYTES = 63;
    private final int oid;
    private final int arrayOid;
    private final String name;
    private final int namespaceOid;
    private final int ownerOid;
    private final EnumLabel[] labels;
    private final Map<String, EnumLabel> byLabel;
    private final Map<Integer, EnumLabel> byOid;

    /** A type with {@code labels} given as (oid, sort order, label) in any order. */
    public EnumType(final int oid, final int arrayOid, final String name, final int namespaceOid, final int ownerOid,
                    final List<Entry> entries) {
        this.oid = oid;
        this.arrayOid = arrayOid;
        this.name = name;
        this.namespaceOid = namespaceOid;
        this.ownerOid = ownerOid;
        final List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingDouble(Entry::sortOrder));
        labels = new EnumLabel[sorted.size()];
        byLabel = new HashMap<>();
        byOid = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            final Entry e = sorted.get(i);
            labels[i] = new EnumLabel(oid, e.oid(), e.sortOrder(), e.label());
            byLabel.put(e.label(), labels[i]);
            byOid.put(e.oid(), labels[i]);
        }
    }

    /** A label as the catalog stores it. */
    public record Entry(int oid, float sortOrder, String label) {
        /** {@code oid:sortorder:label}, the catalog row form. */
        public String encode() {
            return oid + ":" + Float.floatToIntBits(sortOrder) + ":" + label;
        }

        public static Entry decode(final String s) {
            final int a = s.indexOf(':');
            final int b = s.indexOf(':', a + 1);
            return new Entry(Integer.parseInt(s.substring(0, a)), Float.intBitsToFloat(Integer.parseInt(s.substring(a + 1, b))),
                s.substring(b + 1));
        }
    }

    public int oid() {
        return oid;
    }

    public int arrayOid() {
        return arrayOid;
    }

    public String name() {
        return name;
    }

    public int namespaceOid() {
        return namespaceOid;
    }

    public int ownerOid() {
        return ownerOid;
    }

    /** The labels in sort order. */
    public List<EnumLabel> labels() {
        return Arrays.asList(labels);
    }

    /** The label entries (for the catalog row). */
    public List<Entry> entries() {
        final List<Entry> l = new ArrayList<>(labels.length);
        for (final EnumLabel e : labels) {
            l.add(new Entry(e.oid(), e.sortOrder(), e.label()));
        }
        return l;
    }

    /** The value with this label, or null. */
    public EnumLabel label(final String label) {
        return byLabel.get(label);
    }

    /** The value a row's stored OID denotes. @throws SqlException XX000 when the OID is no label of this type */
    public EnumLabel byOid(final int labelOid) {
        final EnumLabel l = byOid.get(labelOid);
        if (l == null) {
            throw new SqlException("XX000", "invalid internal value for enum: " + labelOid);
        }
        return l;
    }

    /** enum_in: @throws SqlException 22P02 {@code invalid input value for enum mood: "x"} */
    public EnumLabel parse(final String text) {
        final EnumLabel l = byLabel.get(text);
        if (l == null) {
            throw new SqlException("22P02", "invalid input value for enum " + name + ": \"" + text + "\"");
        }
        return l;
    }

    /** 22P02 {@code invalid enum label "..."} for a label over 63 bytes. */
    public static void checkLabel(final String label) {
        if (label.getBytes(StandardCharsets.UTF_8).length > MAX_LABEL_BYTES) {
            throw new SqlException("42602", "invalid enum label \"" + label + "\"", "Labels must be " + MAX_LABEL_BYTES
                + " bytes or less.", null, 0, null);
        }
    }
}
