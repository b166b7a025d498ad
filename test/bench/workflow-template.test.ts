import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import BenchmarkAb from '../../src/commands/benchmark/ab.js';

const template = readFileSync(new URL('../../templates/github/oxen-benchmark.yml', import.meta.url), 'utf8');

/** Each `npx oxen benchmark <cmd> …` invocation in the template, with its continuation lines joined. */
function invocations(): { command: string; flags: string[] }[] {
  const joined = template.replace(/\\\n\s*/g, ' ');
  return [...joined.matchAll(/npx oxen benchmark (\w+)([^\n|]*)/g)].map((m) => ({ command: m[1]!, flags: [...m[2]!.matchAll(/--([a-z][a-z-]*)/g)].map((f) => f[1]!) }));
}

describe('the GitHub workflow template', () => {
  it('checks out base beside head and gates with ab, using only flags ab defines', () => {
    const calls = invocations();
    expect(calls.map((c) => c.command)).toEqual(['ab']);
    for (const flag of calls[0]!.flags) expect(Object.keys(BenchmarkAb.flags), `ab --${flag}`).toContain(flag);
    expect(calls[0]!.flags).toEqual(expect.arrayContaining(['base', 'markdown', 'threshold', 'duration']));
    expect(template).toMatch(/gate "\$OXEN_BENCH_DURATION" .* --executor js,native/);
    expect(template).toContain('on:\n  pull_request:');
  });

  it('requires the native executor, reruns the undecided cells once on exit 4, and posts the Markdown', () => {
    const workflow = parse(template) as { env: Record<string, string>; jobs: { benchmark: { steps: { name?: string; uses?: string; run?: string; with?: { path?: string } }[] } } };
    expect(workflow.env.OXEN_NATIVE_REQUIRED).toBe('1');
    expect(workflow.env.OXEN_BENCH_THRESHOLD).toBe('5%');
    const steps = workflow.jobs.benchmark.steps;
    expect(steps.filter((s) => s.uses?.startsWith('actions/checkout')).map((s) => s.with?.path)).toEqual(['head', 'base']);
    const gate = steps.find((s) => s.run?.includes('npx oxen benchmark ab'))!.run!;
    expect(gate).toMatch(/--base \.\.\/base/);
    expect(gate.match(/gate "/g)).toHaveLength(2);
    expect(gate).toMatch(/if \[ "\$code" -eq 4 \]; then[\s\S]*gate "\$\(awk[^\n]*\n\s*--undecided "\$RUNNER_TEMP\/ab\.json"[\s\S]*if \[ "\$code" -eq 4 \]; then[\s\S]*exit 0/);
    expect(steps.some((s) => s.run?.includes('gh pr comment') && s.run.includes('benchmark.md'))).toBe(true);
  });
});
