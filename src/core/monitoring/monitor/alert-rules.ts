/**
 * `--alert` rules: a small grammar over the sampled metrics (metrics.ts).
 *
 *   rule   := metric op number [unit] [" for " N]
 *   op     := >  >=  <  <=  ==  !=
 *   unit   := us | ms | s          (latency and duration metrics)
 *           | %                    (ratios: cache_hit<95% is cache_hit<0.95)
 *           | b | kb | mb | gb     (sizes, powers of 1024)
 *           | /s                   (rates; optional, for readability)
 *   for N  := fire only once the condition held for N samples in a row (default 1)
 *
 * A metric the sources did not give this sample (null) never fires and breaks a `for` streak.
 */
import { UsageError } from '../../ground/errors.js';
import { METRICS, type MetricInfo, type MetricUnit } from './metrics.js';
import type { AlertState } from './monitor-sample.js';

export type AlertOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

export interface AlertRule {
  /** As written, whitespace normalised. */
  readonly text: string;
  readonly metric: string;
  readonly op: AlertOp;
  /** In the metric's own unit. */
  readonly threshold: number;
  readonly forSamples: number;
}

const RULE = /^\s*([a-z_][a-z0-9_.]*)\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?)\s*([a-z%/]*)\s*(?:for\s+(\d+))?\s*$/i;

/** Multipliers from a written unit into each metric unit it may be applied to. */
const UNIT_SCALE: Readonly<Record<string, Partial<Record<MetricUnit, number>>>> = {
  us: { ms: 1e-3, s: 1e-6 },
  ms: { ms: 1, s: 1e-3 },
  s: { ms: 1e3, s: 1 },
  '%': { ratio: 0.01 },
  b: { bytes: 1, mb: 1 / 1024 ** 2 },
  kb: { bytes: 1024, mb: 1 / 1024 },
  mb: { bytes: 1024 ** 2, mb: 1 },
  gb: { bytes: 1024 ** 3, mb: 1024 },
  '/s': { per_s: 1 },
};

export function parseAlertRule(text: string): AlertRule {
  const match = RULE.exec(text);
  if (!match) {
    throw new UsageError('USAGE', `--alert '${text}' is not a rule: write metric, comparison and value, e.g. 'p95>50ms', 'cache_hit<0.95' or 'blocked>0 for 3'`);
  }
  const [, metric, op, number, rawUnit, forText] = match as unknown as [string, string, AlertOp, string, string, string | undefined];
  const info = METRICS.find((m) => m.name === metric.toLowerCase());
  if (!info) {
    throw new UsageError('USAGE', `--alert '${text}': unknown metric "${metric}"; known: ${METRICS.map((m) => m.name).join(', ')}`);
  }
  // Rounded to 12 digits so that 95% is 0.95, not 0.9500000000000001.
  const threshold = Number((Number(number) * unitScale(text, info, rawUnit.toLowerCase())).toPrecision(12));
  const forSamples = forText === undefined ? 1 : Number(forText);
  if (forSamples < 1) throw new UsageError('USAGE', `--alert '${text}': "for" takes a number of samples, 1 or more`);
  const spaced = `${info.name}${op}${number}${rawUnit.toLowerCase()}${forText !== undefined ? ` for ${forText}` : ''}`;
  return { text: spaced, metric: info.name, op, threshold, forSamples };
}

function unitScale(text: string, info: MetricInfo, unit: string): number {
  if (unit === '') return 1;
  const scale = UNIT_SCALE[unit]?.[info.unit];
  if (scale === undefined) {
    const fits = Object.entries(UNIT_SCALE).filter(([, to]) => to[info.unit] !== undefined).map(([u]) => u);
    const hint = fits.length > 0 ? `use ${fits.join(', ')} or no unit` : 'write it without a unit';
    throw new UsageError('USAGE', `--alert '${text}': "${unit}" is not a unit of ${info.name} (${info.help}): ${hint}`);
  }
  return scale;
}

function holds(op: AlertOp, value: number, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

/** Tracks each rule across samples: streaks for `for N`, and since when a rule fires. */
export class AlertEvaluator {
  private readonly streak = new Map<AlertRule, number>();
  private readonly since = new Map<AlertRule, string>();
  /** Rules that fired at least once: what `monitor check` exits on. */
  readonly fired = new Set<string>();

  constructor(readonly rules: readonly AlertRule[]) {}

  evaluate(metrics: Readonly<Record<string, number | null>>, at: string): AlertState[] {
    return this.rules.map((rule) => {
      const value = metrics[rule.metric] ?? null;
      const met = value !== null && Number.isFinite(value) && holds(rule.op, value, rule.threshold);
      const streak = met ? (this.streak.get(rule) ?? 0) + 1 : 0;
      this.streak.set(rule, streak);
      const firing = streak >= rule.forSamples;
      if (firing && !this.since.has(rule)) this.since.set(rule, at);
      if (!firing) this.since.delete(rule);
      if (firing) this.fired.add(rule.text);
      return { rule: rule.text, metric: rule.metric, value, firing, since: this.since.get(rule) ?? null };
    });
  }
}
