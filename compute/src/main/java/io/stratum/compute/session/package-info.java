/**
 * The contract between the wire protocol ({@code pgwire}) and the SQL engine: sessions, prepared
 * statements, portals, result columns, errors and notices, in Java terms.
 */
package io.stratum.compute.session;
