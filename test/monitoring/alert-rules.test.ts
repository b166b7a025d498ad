import { describe, expect, it } from 'vitest';
import { AlertEvaluator, parseAlertRule } from '../../src/core/monitoring/monitor/alert-rules.js';
import { parseListenAddress } from '../../src/core/monitoring/monitor/listen-address.js';

describe('--alert grammar', () => {
  it('reads metric, comparison, value and unit into the metric\'s own unit', () => {
    expect(parseAlertRule('p95>50ms')).toMatchObject({ metric: 'p95', op: '>', threshold: 50, forSamples: 1 });
    expect(parseAlertRule('p95 > 0.2s')).toMatchObject({ metric: 'p95', threshold: 200 });
    expect(parseAlertRule('p99>=1500us')).toMatchObject({ op: '>=', threshold: 1.5 });
    expect(parseAlertRule('cache_hit<95%')).toMatchObject({ metric: 'cache_hit', op: '<', threshold: 0.95 });
    expect(parseAlertRule('cache_hit<0.95')).toMatchObject({ threshold: 0.95 });
    expect(parseAlertRule('pool.waiting>0')).toMatchObject({ metric: 'pool.waiting', threshold: 0 });
    expect(parseAlertRule('replication_lag>500ms')).toMatchObject({ metric: 'replication_lag', threshold: 0.5 });
    expect(parseAlertRule('rss>1gb')).toMatchObject({ metric: 'rss', threshold: 1024 });
    expect(parseAlertRule('db_size>=2mb')).toMatchObject({ threshold: 2 * 1024 ** 2 });
    expect(parseAlertRule('app.qps<10/s')).toMatchObject({ metric: 'app.qps', threshold: 10 });
    expect(parseAlertRule('blocked>0 for 3')).toMatchObject({ metric: 'blocked', forSamples: 3, text: 'blocked>0 for 3' });
  });

  it('refuses what it cannot read, naming the problem', () => {
    expect(() => parseAlertRule('p95 is high')).toThrow(/is not a rule: write metric, comparison and value/);
    expect(() => parseAlertRule('latency>5ms')).toThrow(/unknown metric "latency"; known: tps, qps/);
    expect(() => parseAlertRule('cache_hit<5ms')).toThrow(/"ms" is not a unit of cache_hit .*use % or no unit/);
    expect(() => parseAlertRule('blocked>1s')).toThrow(/"s" is not a unit of blocked .*without a unit/);
    expect(() => parseAlertRule('blocked>0 for 0')).toThrow(/"for" takes a number of samples/);
  });
});

describe('alert evaluation', () => {
  it('fires when the condition holds, with since; never on a missing metric', () => {
    const evaluator = new AlertEvaluator([parseAlertRule('p95>50ms'), parseAlertRule('cache_hit<0.9')]);
    const first = evaluator.evaluate({ p95: 80, cache_hit: null }, '2026-01-01T00:00:00.000Z');
    expect(first.map((a) => [a.rule, a.firing, a.since])).toEqual([
      ['p95>50ms', true, '2026-01-01T00:00:00.000Z'],
      ['cache_hit<0.9', false, null],
    ]);
    const second = evaluator.evaluate({ p95: 90, cache_hit: 0.99 }, '2026-01-01T00:00:05.000Z');
    expect(second[0]).toMatchObject({ firing: true, since: '2026-01-01T00:00:00.000Z', value: 90 });
    const third = evaluator.evaluate({ p95: 10, cache_hit: 0.99 }, '2026-01-01T00:00:10.000Z');
    expect(third[0]).toMatchObject({ firing: false, since: null });
    expect([...evaluator.fired]).toEqual(['p95>50ms']);
  });

  it('waits for N samples in a row with "for N", and a gap restarts the streak', () => {
    const evaluator = new AlertEvaluator([parseAlertRule('blocked>0 for 2')]);
    const at = (n: number): string => new Date(n * 1000).toISOString();
    expect(evaluator.evaluate({ blocked: 1 }, at(1))[0]!.firing).toBe(false);
    expect(evaluator.evaluate({ blocked: 0 }, at(2))[0]!.firing).toBe(false);
    expect(evaluator.evaluate({ blocked: 1 }, at(3))[0]!.firing).toBe(false);
    expect(evaluator.evaluate({ blocked: 2 }, at(4))[0]).toMatchObject({ firing: true, since: at(4) });
    expect(evaluator.evaluate({ blocked: null }, at(5))[0]!.firing).toBe(false);
  });
});

describe('--prometheus address', () => {
  it('takes host:port, a bare port (loopback) or a bracketed IPv6 host', () => {
    expect(parseListenAddress('prometheus', '127.0.0.1:9465')).toEqual({ host: '127.0.0.1', port: 9465 });
    expect(parseListenAddress('prometheus', '9465')).toEqual({ host: '127.0.0.1', port: 9465 });
    expect(parseListenAddress('prometheus', ':9465')).toEqual({ host: '127.0.0.1', port: 9465 });
    expect(parseListenAddress('prometheus', '0.0.0.0:80')).toEqual({ host: '0.0.0.0', port: 80 });
    expect(parseListenAddress('prometheus', '[::1]:9465')).toEqual({ host: '::1', port: 9465 });
    expect(() => parseListenAddress('prometheus', 'localhost:99999')).toThrow(/--prometheus localhost:99999 is not an address/);
    expect(() => parseListenAddress('prometheus', 'nope')).toThrow(/is not an address to listen on/);
  });
});
