package io.stratum.testkit.face;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * One Stratum artifact on the class path (a module's {@code target/classes} or an installed jar): its
 * name, the classes it holds with the names each refers to, and the dependencies its POM declares.
 *
 * @param name artifact id, e.g. {@code stratum-engine}
 * @param classes internal class name to the internal names that class refers to
 * @param dependencies {@code groupId:artifactId} of every compile- or runtime-scoped dependency
 */
record Artifact(String name, Map<String, Set<String>> classes, List<String> dependencies) {

    /** Every Stratum artifact on this JVM's class path (test classes and test jars left out). */
    static List<Artifact> onClassPath() {
        final List<Artifact> out = new ArrayList<>();
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            final Path p = Path.of(entry);
            try {
                if (Files.isDirectory(p) && p.endsWith(Path.of("target", "classes"))) {
                    final Path pom = p.getParent().getParent().resolve("pom.xml");
                    if (Files.isRegularFile(pom)) {
                        final Document d = parse(Files.newInputStream(pom));
                        final String name = text(d.getDocumentElement(), "artifactId");
                        if (name.startsWith("stratum-")) {
                            out.add(new Artifact(name, fromDirectory(p), dependencies(d)));
                        }
                    }
                } else if (Files.isRegularFile(p) && p.getFileName().toString().startsWith("stratum-")
                    && p.toString().endsWith(".jar") && !p.toString().endsWith("-tests.jar")) {
                    out.add(fromJar(p));
                }
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static Map<String, Set<String>> fromDirectory(final Path root) throws IOException {
        final Map<String, Set<String>> classes = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (final Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".class"))::iterator) {
                final String rel = root.relativize(f).toString().replace(File.separatorChar, '/');
                classes.put(rel.substring(0, rel.length() - ".class".length()), ClassRefs.of(Files.readAllBytes(f)));
            }
        }
        return classes;
    }

    private static Artifact fromJar(final Path jar) throws IOException {
        final Map<String, Set<String>> classes = new HashMap<>();
        Document pom = null;
        try (JarFile j = new JarFile(jar.toFile())) {
            final Enumeration<JarEntry> entries = j.entries();
            while (entries.hasMoreElements()) {
                final JarEntry e = entries.nextElement();
                try (InputStream in = j.getInputStream(e)) {
                    if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                        final String n = e.getName();
                        classes.put(n.substring(0, n.length() - ".class".length()), ClassRefs.of(in.readAllBytes()));
                    } else if (e.getName().startsWith("META-INF/maven/io.stratum/")
                        && e.getName().endsWith("/pom.xml")) {
                        pom = parse(in);
                    }
                }
            }
        }
        if (pom == null) {
            throw new IOException("no POM in " + jar);
        }
        return new Artifact(text(pom.getDocumentElement(), "artifactId"), classes, dependencies(pom));
    }

    private static Document parse(final InputStream in) throws IOException {
        try (in) {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        } catch (final javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException(e);
        }
    }

    /** The project's own compile and runtime dependencies (not dependencyManagement, not test or provided). */
    private static List<String> dependencies(final Document pom) {
        final List<String> out = new ArrayList<>();
        for (final Element deps : children(pom.getDocumentElement(), "dependencies")) {
            for (final Element d : children(deps, "dependency")) {
                final String scope = text(d, "scope");
                if ((scope.isEmpty() || scope.equals("compile") || scope.equals("runtime"))
                    && !text(d, "optional").equals("true")) {
                    out.add(text(d, "groupId") + ":" + text(d, "artifactId"));
                }
            }
        }
        return out;
    }

    private static List<Element> children(final Element parent, final String tag) {
        final List<Element> out = new ArrayList<>();
        final NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE && nodes.item(i).getNodeName().equals(tag)) {
                out.add((Element) nodes.item(i));
            }
        }
        return out;
    }

    private static String text(final Element parent, final String tag) {
        final List<Element> c = children(parent, tag);
        return c.isEmpty() ? "" : c.get(0).getTextContent().trim();
    }
}
