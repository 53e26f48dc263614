/** The executor: typed values, expression evaluation and Volcano-style plan operators over Object[] rows. */
package io.stratum.compute.exec;
