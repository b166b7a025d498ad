export { PerformanceMonitor, type PerformanceMetrics, type PerformanceMonitorOptions, type TrackedMetrics } from './performance-monitor.js';
export { QueryProfiler, type ProfileResult } from './query-profiler.js';
export { MemoryMonitor, type MemoryUsage, type MemoryMonitorOptions } from './memory-monitor.js';
export { ConnectionMonitor, type ConnectionPoolStatus } from './connection-monitor.js';
export type { DigestMetrics } from './digest-table.js';
export {
  serveMetrics,
  metricsHandler,
  type ServeMetricsOptions,
  type MetricsServer,
  type MetricsHandler,
  type MetricsHandlerOptions,
} from './app-exporter/index.js';
