/**
 * The README's benchmark table, generated from committed reports (never typed in): one row per
 * workload and concurrency, for each report its ORM variants' ops/s with the share of raw, then the
 * peer ORMs' (`--peers`) and raw, and, where there are peers, the fastest Oxen executor over the
 * fastest peer.
 */
import type { BenchmarkReport } from '../../core/bench/report.js';
import { compareWithPeers } from '../../core/bench/peer-comparison.js';
import { formatOps, formatRatio, formatTimes } from './format.js';

export function renderReadmeTable(reports: readonly BenchmarkReport[]): string {
  const columns = reports.flatMap((r, i) => {
    const db = r.environment.database?.serverVersion ?? r.tool;
    const orm = r.settings.variants.filter((v) => !v.startsWith('raw'));
    const versus = (r.peers?.length ?? 0) > 0 ? [{ report: i, variant: VERSUS, title: `${db} · Oxen vs fastest peer` }] : [];
    return [...orm.map((v) => ({ report: i, variant: v, title: `${db} · ${v}` })), { report: i, variant: 'raw', title: `${db} · raw` }, ...versus];
  });
  const versus = reports.map((r) => compareWithPeers(r));
  const keys: string[] = [];
  for (const r of reports) for (const c of r.results) if (!keys.includes(`${c.workload}\0${c.concurrency}`)) keys.push(`${c.workload}\0${c.concurrency}`);
  const lines = [
    `| Workload | Conc | ${columns.map((c) => c.title).join(' | ')} |`,
    `| --- | ---: | ${columns.map(() => '---:').join(' | ')} |`,
  ];
  for (const key of keys) {
    const [workload, conc] = key.split('\0') as [string, string];
    const cells = columns.map(({ report, variant }) => {
      if (variant === VERSUS) {
        const v = versus[report]!.find((x) => x.workload === workload && String(x.concurrency) === conc);
        return v ? `${formatTimes(v.ratio, v.ci95)} (${v.oxen} vs ${v.peer})` : '–';
      }
      const cell = reports[report]!.results.find((c) => c.workload === workload && String(c.concurrency) === conc);
      const v = cell?.variants.find((x) => x.variant === variant);
      if (!cell || !v || v.ops === 0) return '–';
      const ratio = cell.ratios[variant];
      return `${formatOps(v.opsPerSec)}${ratio === undefined ? '' : ` (${formatRatio(ratio, cell.ratioCi95[variant])})`}`;
    });
    lines.push(`| ${workload} | ${conc} | ${cells.join(' | ')} |`);
  }
  lines.push(
    '',
    'Operations per second. In brackets: the share of the bare driver (`raw`) running the same SQL in the same process, interleaved round by round, ± the 95% interval of that share over the rounds.',
    '',
  );
  if (reports.some((r) => (r.peers?.length ?? 0) > 0)) {
    lines.push(
      "Peer ORMs run the same workloads on the same tables, interleaved with Oxen's variants, each answer checked against the dataset as raw's is; their share of raw is not of the same SQL. \"Oxen vs fastest peer\": the fastest Oxen executor's throughput over the fastest peer's, with the 95% interval over the rounds they ran side by side; above 1× Oxen is faster. A variant with any failed operation does not compete.",
      '',
    );
  }
  for (const r of reports) lines.push(`- ${provenance(r)}`);
  return `${lines.join('\n')}\n`;
}

/** Where a report comes from and the command that reproduces it. */
export function provenance(r: BenchmarkReport): string {
  const e = r.environment;
  const s = r.settings;
  const commit = e.git.commit ? `commit ${e.git.commit.slice(0, 10)}${e.git.dirty ? ' (uncommitted changes)' : ''}` : 'no git commit';
  const args = [
    e.database && !e.database.url.startsWith('sqlite:') ? `--url ${e.database.url}` : '',
    s.iterations !== null ? `--iterations ${s.iterations}` : `--duration ${s.durationSeconds}`,
    s.warmup !== null ? `--warmup ${s.warmup}` : '',
    `--rounds ${s.rounds}`,
    `--concurrency ${s.concurrency.join(',')}`,
    `--executor ${e.executors.join(',')}`,
    r.peers?.length ? `--peers ${[...new Set(r.peers.map((p) => p.peer))].join(',')}` : '',
    e.dataset.users !== undefined && e.dataset.users !== 10_000 ? `--scale ${e.dataset.users / 10_000}` : '',
  ].filter(Boolean);
  const db = e.database ? `${e.database.serverVersion}` : 'no database';
  return `${db} on ${e.cpu.model} × ${e.cpu.cores}, ${e.os.platform} ${e.os.release}, Node ${e.node}, ${commit}, ${r.createdAt.slice(0, 10)}: \`oxen benchmark performance ${args.join(' ')}\``;
}

/** The column of a report's Oxen-vs-peers ratios (no variant is named so: variant names have no spaces). */
const VERSUS = 'oxen vs peers';
