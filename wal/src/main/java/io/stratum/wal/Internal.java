package io.stratum.wal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a package (on its {@code package-info.java}), a type or a member as internal to the artifact that
 * holds it:
 * it is public only because Java has no narrower visibility across packages, it is not stable API, and no
 * other Stratum artifact uses it (perf's benchmarks excepted). This is our equivalent of a JPMS module
 * that does not export the package; {@code ArtifactFaceTest} in testkit fails the build when another
 * artifact refers to an internal type, or when a public member of the embeddable artifacts' API that is
 * not itself marked takes, returns or throws one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PACKAGE, ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Internal {
}
