import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import BenchmarkCompare from '../../src/commands/benchmark/compare.js';
import BenchmarkPerformance from '../../src/commands/benchmark/performance.js';

const template = readFileSync(new URL('../../templates/github/oxen-benchmark.yml', import.meta.url), 'utf8');

/** Each `npx oxen benchmark <cmd> …` invocation in the template, with its continuation lines joined. */
function invocations(): { command: string; flags: string[] }[] {
  const joined = template.replace(/\\\n\s*/g, ' ');
  return [...joined.matchAll(/npx oxen benchmark (\w+)([^\n|]*)/g)].map((m) => ({ command: m[1]!, flags: [...m[2]!.matchAll(/--([a-z][a-z-]*)/g)].map((f) => f[1]!) }));
}

describe('the GitHub workflow template', () => {
  it('benchmarks base and head, then gates with compare, using only flags the commands define', () => {
    const calls = invocations();
    expect(calls.map((c) => c.command)).toEqual(['performance', 'performance', 'compare']);
    const known: Record<string, object> = { performance: BenchmarkPerformance.flags, compare: BenchmarkCompare.flags };
    for (const call of calls) for (const flag of call.flags) expect(Object.keys(known[call.command]!), `${call.command} --${flag}`).toContain(flag);
    expect(template).toContain('on:\n  pull_request:');
    expect(template).toMatch(/if \[ "\$code" -eq 4 \]/);
  });
});
