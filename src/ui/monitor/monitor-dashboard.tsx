/**
 * The `oxen monitor start` dashboard: a function of the samples held, the key state and the
 * terminal's size. Sections are built as lists of one-row lines, fitted to the rows available (the
 * least important go first), and re-laid out on every resize.
 */
import { useRef, useState } from 'react';
import { Box, useInput, useStdin } from 'ink';
import type { MonitorSample } from '../../core/monitoring/monitor/monitor-sample.js';
import { alertsSection, notesSection } from './alert-sections.js';
import { blockingSection, busyTablesSection, longRunningSection, replicationSection, serverGaugesSection } from './activity-sections.js';
import { dashboardModel } from './dashboard-model.js';
import { INITIAL_KEY_STATE, reduceInput, type KeyState } from './dashboard-keys.js';
import { fitSections, type Section } from './fit-sections.js';
import { bannerSection, headerSection } from './header-section.js';
import { helpSections } from './help-sections.js';
import { nextIntervalStep } from './interval-steps.js';
import type { LayoutContext, Line } from './line.js';
import type { MonitorControls } from './view-contract.js';
import { chartSection, gaugeSection } from './overview-sections.js';
import { statementsSection } from './statements-section.js';
import { useClock } from './use-clock.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface MonitorDashboardProps {
  /** Oldest first; the view keeps as many as the widest sparkline can show. */
  readonly samples: readonly MonitorSample[];
  /** A line about what the monitor is doing (connecting, …); empty for none. */
  readonly status: string;
  readonly controls: MonitorControls;
  /** The clock sample ages are measured against; tests pass a fixed one. */
  readonly now?: () => number;
}

export function MonitorDashboard({ samples, status, controls, now = Date.now }: MonitorDashboardProps) {
  const { columns, rows } = useTerminalSize();
  const nowMs = useClock(now);
  const [keys, setKeys] = useState<KeyState>(INITIAL_KEY_STATE);
  // While paused the screen shows the samples held at the moment of pausing; newer ones keep
  // arriving in `samples` and show on resume.
  const [frozen, setFrozen] = useState<readonly MonitorSample[] | null>(null);
  const [intervalS, setIntervalS] = useState(controls.intervalS);
  // Keys read and write these rather than the rendered state: several keys can arrive before React
  // re-renders (fast typing, a paste), and each must see what the one before it did.
  const latest = useRef({ keys, intervalS, samples });
  latest.current.samples = samples;
  const { isRawModeSupported } = useStdin();

  useInput(
    (input, key) => {
      const now = latest.current;
      const { state, effects } = reduceInput(now.keys, input, key);
      now.keys = state;
      setKeys(state);
      for (const effect of effects) {
        if (effect === 'quit') controls.quit();
        else if (effect === 'pause') setFrozen(now.samples);
        else if (effect === 'resume') setFrozen(null);
        else {
          const next = nextIntervalStep(now.intervalS, effect === 'interval-up' ? 'up' : 'down');
          if (next === null) continue;
          now.intervalS = next;
          controls.setIntervalS(next);
          setIntervalS(next);
        }
      }
    },
    // Without a terminal on stdin there are no keys to read, and asking for raw mode would throw.
    { isActive: isRawModeSupported === true },
  );

  const shown = frozen ?? samples;
  const pending = frozen ? countNewer(samples, frozen) : 0;
  const ctx: LayoutContext = { columns, nowMs };
  const model = dashboardModel(shown);
  const header = headerSection(model, { keys, intervalS, pending, status }, ctx);
  const body = keys.help ? helpSections() : bodySections(model, keys, ctx);
  const sections = [header, bannerSection(model, ctx), ...body].filter((s): s is Section<Line> => s !== null);
  const fitted = fitSections(sections, rows - 1);
  return (
    <Box flexDirection="column">
      {fitted.map((lines, i) => (
        <Box key={sections[i]!.name} flexDirection="column">
          {lines}
        </Box>
      ))}
    </Box>
  );
}

function bodySections(model: ReturnType<typeof dashboardModel>, keys: KeyState, ctx: LayoutContext): (Section<Line> | null)[] {
  const statements = statementsSection(model, keys);
  return [
    alertsSection(model, ctx),
    chartSection(model, ctx),
    gaugeSection(model, ctx),
    statements?.section ?? null,
    blockingSection(model),
    longRunningSection(model),
    replicationSection(model),
    busyTablesSection(model),
    serverGaugesSection(model),
    notesSection(model, statements?.note ?? null),
  ];
}

function countNewer(samples: readonly MonitorSample[], frozen: readonly MonitorSample[]): number {
  const lastSeq = frozen.at(-1)?.seq ?? 0;
  return samples.filter((s) => s.seq > lastSeq).length;
}
