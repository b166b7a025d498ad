/** The sampling intervals `+` and `-` step through: fine for chasing a spike, coarse for a long watch. */
export const INTERVAL_STEPS_S: readonly number[] = [1, 2, 5, 10, 15, 30, 60];

/**
 * The next step up or down from `current`, which need not be a step itself (`--interval 7`); null at
 * either end, so the key does nothing rather than re-setting the same interval.
 */
export function nextIntervalStep(current: number, direction: 'up' | 'down'): number | null {
  const next = direction === 'up' ? INTERVAL_STEPS_S.find((s) => s > current) : [...INTERVAL_STEPS_S].reverse().find((s) => s < current);
  return next ?? null;
}
