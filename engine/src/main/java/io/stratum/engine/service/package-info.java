/** The page service's wire protocol ({@link io.stratum.engine.service.PageProtocol}) and its client, {@link io.stratum.engine.service.PageClient}; the server side is in stratum-pageserver. */
package io.stratum.engine.service;
