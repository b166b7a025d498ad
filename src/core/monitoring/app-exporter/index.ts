/**
 * The application side of `oxen monitor`: an opt-in exporter of Oxen's query events, pools and
 * memory (`serveMetrics()`, or `metricsHandler()` on the app's own server), and the reader that
 * turns two of its readings into an interval.
 */
export { serveMetrics, DEFAULT_METRICS_PORT, type ServeMetricsOptions, type MetricsServer } from './serve-metrics.js';
export { metricsHandler, DEFAULT_METRICS_PATH, type MetricsHandler, type MetricsHandlerOptions } from './metrics-handler.js';
export { readAppMetrics, type ReadAppMetricsOptions } from './read-app-metrics.js';
export { appInterval, SLOWEST_STATEMENTS } from './app-interval.js';
export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, checkSnapshot, type AppSnapshot, type SnapshotDigest, type SnapshotPool } from './app-snapshot.js';
export { DURATION_BUCKETS_S } from './duration-buckets.js';
