/** The page server's management API (JSON over HTTP) and its Prometheus metrics. */
package io.stratum.engine.http;
