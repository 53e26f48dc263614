/**
 * The page server engine: {@link io.stratum.engine.PageServer} (entry point, configured by
 * {@link io.stratum.engine.EngineConfig}) hosts tenants and timelines and serves pages through
 * {@link io.stratum.engine.PageSource}.
 */
package io.stratum.engine;
