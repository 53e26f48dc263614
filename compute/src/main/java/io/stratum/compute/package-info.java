/** The PostgreSQL-protocol compute front end: wire protocol, SQL, executor, buffer cache (not built yet). */
package io.stratum.compute;
