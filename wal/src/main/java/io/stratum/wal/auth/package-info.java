/** Tokens that scope a client to one tenant (or to the whole cluster), signed with HMAC-SHA256 by a shared key. */
package io.stratum.wal.auth;
