/** PostgreSQL types: OIDs, Java value forms, text and binary wire codecs. */
package io.stratum.compute.types;
