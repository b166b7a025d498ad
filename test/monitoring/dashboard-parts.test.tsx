import { describe, expect, it } from 'vitest';
import { blockingChain } from '../../src/ui/monitor/activity-sections.js';
import { INITIAL_KEY_STATE, reduceInput, reduceKey } from '../../src/ui/monitor/dashboard-keys.js';
import { fitSections } from '../../src/ui/monitor/fit-sections.js';
import { formatBytes, formatDuration, formatMetricValue, formatNumber } from '../../src/ui/monitor/format.js';
import { gaugeCells } from '../../src/ui/monitor/gauge.js';
import { nextIntervalStep } from '../../src/ui/monitor/interval-steps.js';
import { sparkline } from '../../src/ui/monitor/sparkline.js';

describe('dashboard parts', () => {
  it('sparkline: scaled from zero, gaps for missing figures, the newest values when too many', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([10, null, 10, 5], 4)).toBe('█ █▅');
    expect(sparkline([0, 0], 2)).toBe('▁▁');
    expect(sparkline([100, 1, 2], 2)).toBe('▅█');
    expect(sparkline([1, 2], 0)).toBe('');
  });

  it('gauge cells: proportional, and a part that exists keeps a cell', () => {
    expect(gaugeCells([5, 5], 20, 20)).toEqual([5, 5]);
    expect(gaugeCells([3, 0, 1, 10], 100, 20)).toEqual([1, 0, 1, 2]);
    expect(gaugeCells([30, 10], 20, 10)).toEqual([8, 2]);
    expect(gaugeCells([1, 99], 100, 10)).toEqual([1, 9]);
  });

  it('interval steps', () => {
    expect(nextIntervalStep(5, 'up')).toBe(10);
    expect(nextIntervalStep(5, 'down')).toBe(2);
    expect(nextIntervalStep(7, 'up')).toBe(10);
    expect(nextIntervalStep(7, 'down')).toBe(5);
    expect(nextIntervalStep(60, 'up')).toBeNull();
    expect(nextIntervalStep(1, 'down')).toBeNull();
    expect(nextIntervalStep(0.5, 'up')).toBe(1);
  });

  it('fitting sections: optional lines go first, then whole sections by importance', () => {
    const sections = [
      { name: 'header', priority: Infinity, lines: ['h1', 'h2'] },
      { name: 'table', priority: 50, lines: ['t', 'head', 'r1', 'r2', 'r3'], minLines: 3 },
      { name: 'notes', priority: 10, lines: ['n', 'n1'] },
    ];
    expect(fitSections(sections, 9)).toEqual([['h1', 'h2'], ['t', 'head', 'r1', 'r2', 'r3'], ['n', 'n1']]);
    expect(fitSections(sections, 7)).toEqual([['h1', 'h2'], ['t', 'head', 'r1', 'r2', 'r3'], []]);
    expect(fitSections(sections, 6)).toEqual([['h1', 'h2'], ['t', 'head', 'r1', 'r2'], []]);
    expect(fitSections(sections, 4)).toEqual([['h1', 'h2'], [], []]);
    expect(fitSections(sections, 1)).toEqual([['h1'], [], []]);
  });

  it('keys: typing a filter swallows command keys; Ctrl-C quits from anywhere', () => {
    let state = reduceKey(INITIAL_KEY_STATE, '/', {}).state;
    for (const ch of 'qsp') state = reduceKey(state, ch, {}).state;
    expect(state).toMatchObject({ draft: 'qsp', sort: 'total', paused: false });
    state = reduceKey(state, '', { backspace: true }).state;
    expect(reduceKey(state, '', { return: true }).state).toMatchObject({ draft: null, filter: 'qs' });
    expect(reduceKey(state, 'c', { ctrl: true }).effect).toBe('quit');
    const help = reduceKey(INITIAL_KEY_STATE, '?', {}).state;
    expect(reduceKey(help, 's', {})).toEqual({ state: help, effect: null });
    expect(reduceKey(help, '', { escape: true }).state.help).toBe(false);
    expect(reduceKey(INITIAL_KEY_STATE, '=', {}).effect).toBe('interval-up');
    expect(reduceInput(INITIAL_KEY_STATE, '++q', {}).effects).toEqual(['interval-up', 'interval-up', 'quit']);
    expect(reduceInput(INITIAL_KEY_STATE, '/ab\u007fc\rs', {}).state).toMatchObject({ filter: 'ac', draft: null, sort: 'calls' });
  });

  it('blocking chains follow the waits to the root and stop at a cycle', () => {
    const s = (pid: number, blockedBy: number[]) => ({ pid, blockedBy, waitingS: 1, query: '', user: null });
    const all = [s(3, [2]), s(2, [1]), s(5, [6, 7])];
    expect(blockingChain(all[0]!, all)).toBe('3 → 2 → 1');
    expect(blockingChain(all[2]!, all)).toBe('5 → 6,7');
    const cycle = [s(1, [2]), s(2, [1])];
    expect(blockingChain(cycle[0]!, cycle)).toBe('1 → 2 → 1');
  });

  it('formats', () => {
    expect([formatNumber(0), formatNumber(0.4123), formatNumber(4.123), formatNumber(41.23), formatNumber(4123)]).toEqual(['0', '0.412', '4.12', '41.2', '4,123']);
    expect(formatNumber(4123, false)).toBe('4123');
    expect([formatBytes(512), formatBytes(1536), formatBytes(1.5 * 1024 ** 3)]).toEqual(['512 B', '1.50 KB', '1.50 GB']);
    expect([formatDuration(42), formatDuration(725), formatDuration(11_100), formatDuration(273_600)]).toEqual(['42s', '12m 5s', '3h 5m', '3d 4h']);
    expect([formatMetricValue('cache_hit', 0.931), formatMetricValue('p95', 61.2, true), formatMetricValue('deadlocks', 0.5), formatMetricValue('db_size', 2048)]).toEqual([
      '93.1%',
      '61.2ms',
      '0.500/s',
      '2.00 KB',
    ]);
  });
});
