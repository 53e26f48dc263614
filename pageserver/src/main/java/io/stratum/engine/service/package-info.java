/** The page service's server side: GetPage@LSN over the pipelined binary protocol of {@code PageProtocol} (in stratum-engine). */
package io.stratum.engine.service;
