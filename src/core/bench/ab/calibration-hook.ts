/**
 * The one seam the calibration script (scripts/bench-calibrate.mjs) uses: in a copy of a build it
 * replaces this file's compiled form with one that slows every ORM operation down, to prove that
 * `ab` detects a known regression. In every real build it returns the operation unchanged.
 */
import type { Operation } from '../run-chunk.js';

export function calibrationWrap<T>(op: Operation<T>): Operation<T> {
  return op;
}
