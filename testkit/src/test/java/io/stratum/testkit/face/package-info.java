/** Checks of the artifacts' faces: embeddable libraries free of daemon libraries, internal packages unused by other artifacts. */
package io.stratum.testkit.face;
