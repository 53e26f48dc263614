/** Row and key codecs and table access (heap plus indexes) for the executor. */
package io.stratum.compute.storage;
