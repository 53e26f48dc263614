/** mvcc's resource-manager ids and the record op codes carried in the info byte. */
@Internal
package io.stratum.mvcc.record;

import io.stratum.wal.Internal;
