/** The SQL engine: sessions, transactions, settings, statement execution, DDL/DML and the plan cache. */
package io.stratum.compute.engine;
