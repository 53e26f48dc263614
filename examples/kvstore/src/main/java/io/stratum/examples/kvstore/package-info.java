/** An example key-value store built on the embeddable Stratum artifacts (see docs/embedding.md). */
package io.stratum.examples.kvstore;
