/**
 * The fixed buckets of `oxen_query_duration_seconds`. Fixed, not configurable, so every Oxen app
 * exports the same series and one Grafana panel fits all; they span a cached point read (0.5 ms)
 * to a runaway report (10 s).
 */
export const DURATION_BUCKETS_S: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const BOUNDS_NS: readonly number[] = DURATION_BUCKETS_S.map((s) => Math.round(s * 1e9));

/** One count per bucket plus the last for +Inf. */
export const BUCKET_SLOTS = BOUNDS_NS.length + 1;

/**
 * The slot a duration counts in (Prometheus `le`: a value equal to a bound belongs to it). A linear
 * scan: most statements end in the first few buckets, so it beats a binary search on the hot path.
 */
export function bucketSlot(durationNs: number): number {
  let i = 0;
  while (i < BOUNDS_NS.length && durationNs > BOUNDS_NS[i]!) i++;
  return i;
}
