/** The PostgreSQL frontend/backend protocol v3 server: startup, authentication, simple and extended query, COPY. */
package io.stratum.compute.pgwire;
