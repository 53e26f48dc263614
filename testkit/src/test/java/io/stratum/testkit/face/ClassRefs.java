package io.stratum.testkit.face;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class names one class file refers to, read from its constant pool: class entries and every type
 * in field, method and generic signatures (internal form, {@code io/stratum/wal/Lsn}). String constants
 * that look like internal names count too, which errs on the side of reporting.
 */
final class ClassRefs {
    private static final Pattern IN_DESCRIPTOR = Pattern.compile("L([A-Za-z_$][\\w$]*(?:/[\\w$]+)+)[;<]");
    private static final Pattern INTERNAL_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(?:/[\\w$]+)+");
    private static final int MAX_POOL = 65_536;

    private ClassRefs() {
    }

    /** The internal names {@code classFile} refers to (its own name included). */
    static Set<String> of(final byte[] classFile) throws IOException {
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        final int count = in.readUnsignedShort();
        if (count > MAX_POOL) {
            throw new IOException("constant pool too large: " + count);
        }
        final Set<String> names = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            final int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> add(in.readUTF(), names);
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        return names;
    }

    private static void add(final String utf8, final Set<String> names) {
        if (INTERNAL_NAME.matcher(utf8).matches()) {
            names.add(utf8);
            return;
        }
        final Matcher m = IN_DESCRIPTOR.matcher(utf8);
        while (m.find()) {
            names.add(m.group(1));
        }
    }
}
