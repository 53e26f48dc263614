/** The page service: GetPage@LSN over a pipelined binary TCP protocol ({@link io.stratum.engine.service.PageProtocol}), its server and its client. */
package io.stratum.engine.service;
