/**
 * The current time, read on every render, with a render forced every second so "updated 2s ago"
 * counts up between samples.
 */
import { useEffect, useState } from 'react';

export function useClock(now: () => number): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    // The dashboard must never be what keeps a finished process alive.
    timer.unref();
    return () => clearInterval(timer);
  }, []);
  return now();
}
