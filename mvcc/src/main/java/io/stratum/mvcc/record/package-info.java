/** mvcc's resource-manager ids and the record op codes carried in the info byte. */
package io.stratum.mvcc.record;
