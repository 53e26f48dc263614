package io.stratum.testkit.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.Internal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The faces of the artifacts. The embeddable libraries (wal, raft, engine, mvcc) neither declare nor refer
 * to a daemon-only library (HTTP server, Prometheus exporter, Jackson, picocli, JDBC) or a daemon-side
 * Stratum artifact; and no artifact refers to a type that another artifact marks {@link Internal} (perf's
 * benchmarks excepted), which is what a JPMS module that does not export those packages would enforce.
 */
class ArtifactFaceTest {
    static final Set<String> EMBEDDABLE = Set.of("stratum-wal", "stratum-raft", "stratum-engine", "stratum-mvcc");
    /** Internal-name prefixes of daemon-only libraries. */
    static final List<String> DAEMON_CLASSES = List.of("io/prometheus/", "com/sun/net/httpserver/",
        "com/fasterxml/jackson/", "picocli/", "org/postgresql/");
    /** Group ids of daemon-only libraries. */
    static final List<String> DAEMON_GROUPS = List.of("io.prometheus", "com.fasterxml.jackson", "info.picocli",
        "org.postgresql");
    /** Artifacts that may use other artifacts' internals: benchmarks measure them. */
    static final Set<String> MAY_USE_INTERNALS = Set.of("stratum-perf");

    static List<Artifact> artifacts;
    static Map<String, String> owner;

    @BeforeAll
    static void scan() {
        artifacts = Artifact.onClassPath();
        owner = new HashMap<>();
        final List<String> twice = new ArrayList<>();
        for (final Artifact a : artifacts) {
            for (final String c : a.classes().keySet()) {
                final String before = owner.put(c, a.name());
                if (before != null && !before.equals(a.name()) && !c.endsWith("/package-info")) {
                    twice.add(c + " in " + before + " and " + a.name());
                }
            }
        }
        assertEquals(List.of(), twice, "classes held by two artifacts");
    }

    @Test
    void everyArtifactIsOnTheClassPath() {
        final Set<String> names = new TreeSet<>();
        artifacts.forEach(a -> names.add(a.name()));
        assertTrue(names.containsAll(EMBEDDABLE), "found " + names);
        assertTrue(names.contains("stratum-pageserver"), "found " + names);
    }

    @Test
    void embeddableArtifactsDeclareNoDaemonDependency() {
        final List<String> bad = new ArrayList<>();
        for (final Artifact a : artifacts) {
            if (EMBEDDABLE.contains(a.name())) {
                for (final String d : a.dependencies()) {
                    final String group = d.substring(0, d.indexOf(':'));
                    final String id = d.substring(d.indexOf(':') + 1);
                    if (DAEMON_GROUPS.stream().anyMatch(group::startsWith)
                        || group.equals("io.stratum") && !EMBEDDABLE.contains(id)) {
                        bad.add(a.name() + " -> " + d);
                    }
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void embeddableArtifactsReferToNoDaemonClass() {
        final List<String> bad = new ArrayList<>();
        for (final Artifact a : artifacts) {
            if (EMBEDDABLE.contains(a.name())) {
                bad.addAll(daemonReferences(a));
            }
        }
        assertEquals(List.of(), bad);
    }

    /** The check above can fail: the page server daemon does refer to the HTTP server and Prometheus. */
    @Test
    void theDaemonCheckSeesTheDaemonsLibraries() {
        final Artifact pageserver = artifacts.stream().filter(a -> a.name().equals("stratum-pageserver"))
            .findFirst().orElseThrow();
        final String refs = String.join(" ", daemonReferences(pageserver));
        assertTrue(refs.contains("io/prometheus/"), refs);
        assertTrue(refs.contains("com/sun/net/httpserver/"), refs);
    }

    @Test
    void noArtifactUsesAnotherArtifactsInternals() {
        final List<String> bad = new ArrayList<>();
        for (final Artifact a : artifacts) {
            if (!MAY_USE_INTERNALS.contains(a.name())) {
                bad.addAll(foreignInternalReferences(a));
            }
        }
        assertEquals(List.of(), bad);
    }

    /** The check above can fail: perf's benchmarks do use mvcc's internal buffer pool. */
    @Test
    void theInternalCheckSeesInternalUse() {
        final Artifact perf = artifacts.stream().filter(a -> a.name().equals("stratum-perf")).findFirst().orElseThrow();
        assertFalse(foreignInternalReferences(perf).isEmpty());
        assertTrue(isInternal("io/stratum/raft/protocol/Protocol"));
        assertTrue(isInternal("io/stratum/engine/timeline/Timelines"));
        assertFalse(isInternal("io/stratum/engine/timeline/Timeline"));
    }

    /**
     * The public face of the embeddable artifacts names no internal type: no public or protected member of
     * a public, non-internal type takes, returns or throws one. The exceptions are listed, each with why.
     */
    @Test
    void publicApiSignaturesNameNoInternalType() {
        // meant to be internal, marked once cluster's BranchView stops reading HeapPage (see its package-info)
        final Set<String> pending = Set.of("io/stratum/mvcc/heap/");
        final List<String> bad = new ArrayList<>();
        for (final Artifact a : artifacts) {
            if (!EMBEDDABLE.contains(a.name())) {
                continue;
            }
            for (final String cls : a.classes().keySet()) {
                if (cls.endsWith("/package-info") || isInternal(cls) || pending.stream().anyMatch(cls::startsWith)) {
                    continue;
                }
                final Class<?> c = load(cls);
                if (!java.lang.reflect.Modifier.isPublic(c.getModifiers()) || c.isSynthetic()) {
                    continue;
                }
                for (final java.lang.reflect.Executable m : members(c)) {
                    if (m.isAnnotationPresent(Internal.class)) {
                        continue;
                    }
                    final List<Class<?>> types = new ArrayList<>(List.of(m.getParameterTypes()));
                    types.addAll(List.of(m.getExceptionTypes()));
                    if (m instanceof java.lang.reflect.Method method) {
                        types.add(method.getReturnType());
                    }
                    for (final Class<?> t : types) {
                        final Class<?> e = t.isArray() ? t.getComponentType() : t;
                        if (e.getName().startsWith("io.stratum.") && isInternal(e.getName().replace('.', '/'))) {
                            bad.add(c.getName() + "." + m.getName() + " names " + e.getName());
                        }
                    }
                }
                for (final java.lang.reflect.Field f : c.getDeclaredFields()) {
                    final int mod = f.getModifiers();
                    final Class<?> t = f.getType().isArray() ? f.getType().getComponentType() : f.getType();
                    if ((java.lang.reflect.Modifier.isPublic(mod) || java.lang.reflect.Modifier.isProtected(mod))
                        && !f.isAnnotationPresent(Internal.class) && t.getName().startsWith("io.stratum.")
                        && isInternal(t.getName().replace('.', '/'))) {
                        bad.add(c.getName() + "." + f.getName() + " is a " + t.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    private static List<java.lang.reflect.Executable> members(final Class<?> c) {
        final List<java.lang.reflect.Executable> out = new ArrayList<>();
        for (final java.lang.reflect.Executable m : c.getDeclaredMethods()) {
            out.add(m);
        }
        for (final java.lang.reflect.Executable m : c.getDeclaredConstructors()) {
            out.add(m);
        }
        out.removeIf(m -> m.isSynthetic() || !(java.lang.reflect.Modifier.isPublic(m.getModifiers())
            || java.lang.reflect.Modifier.isProtected(m.getModifiers())));
        return out;
    }

    private static Class<?> load(final String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, ArtifactFaceTest.class.getClassLoader());
        } catch (final ClassNotFoundException e) {
            throw new AssertionError("cannot load " + internalName, e);
        }
    }

    private static List<String> daemonReferences(final Artifact a) {
        final List<String> bad = new ArrayList<>();
        a.classes().forEach((cls, refs) -> {
            for (final String r : refs) {
                final String o = owner.get(r);
                if (DAEMON_CLASSES.stream().anyMatch(r::startsWith)
                    || r.startsWith("io/stratum/") && o != null && !EMBEDDABLE.contains(o)) {
                    bad.add(a.name() + ": " + cls + " -> " + r + (o == null ? "" : " (" + o + ")"));
                }
            }
        });
        return bad;
    }

    private static List<String> foreignInternalReferences(final Artifact a) {
        final List<String> bad = new ArrayList<>();
        a.classes().forEach((cls, refs) -> {
            for (final String r : refs) {
                final String o = owner.get(r);
                if (o != null && !o.equals(a.name()) && isInternal(r)) {
                    bad.add(a.name() + ": " + cls + " -> " + r + " (internal to " + o + ")");
                }
            }
        });
        return bad;
    }

    /** Whether the type (or an enclosing type, or its package) carries {@link Internal}. */
    static boolean isInternal(final String internalName) {
        if (internalName.endsWith("/package-info")) {
            return false;
        }
        final Class<?> c = load(internalName);
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (k.isAnnotationPresent(Internal.class)) {
                return true;
            }
        }
        return c.getPackage() != null && c.getPackage().isAnnotationPresent(Internal.class);
    }
}
