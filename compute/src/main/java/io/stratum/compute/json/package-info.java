/** json and jsonb: the value model, the parser and printer, operators, functions and aggregates. */
package io.stratum.compute.json;
