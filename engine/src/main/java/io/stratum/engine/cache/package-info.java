/** The bounded off-heap cache of reconstructed pages. */
package io.stratum.engine.cache;
