/**
 * The `oxen inspect` browser: the list of tables, views and enum types, one of them opened, the
 * warnings, the keys. A function of the inspection, the key state and the terminal's size; laid out
 * again on every resize.
 */
import { useMemo, useRef, useState } from 'react';
import { Box, useInput, useStdin } from 'ink';
import type { Inspection } from '../../core/dialect/introspector.js';
import { line } from '../monitor/line.js';
import { useTerminalSize } from '../monitor/use-terminal-size.js';
import { INITIAL_BROWSER_STATE, reduceInput, type BrowserContext, type BrowserState } from './browser-keys.js';
import { browserModel, type LineStyle } from './browser-model.js';
import { browserScreen, pageRows } from './browser-screen.js';

export interface InspectBrowserProps {
  readonly inspection: Inspection;
  /** `q` or Ctrl-C: the view unmounts and puts the terminal back. */
  readonly onQuit: () => void;
}

const STYLES: Readonly<Record<LineStyle, Parameters<typeof line>[2]>> = {
  title: { bold: true },
  heading: { bold: true },
  head: { dimColor: true },
  selected: { inverse: true },
  dim: { dimColor: true },
  warning: { color: 'yellow' },
  prompt: { color: 'cyan' },
};

export function InspectBrowser({ inspection, onQuit }: InspectBrowserProps) {
  const size = useTerminalSize();
  const model = useMemo(() => browserModel(inspection), [inspection]);
  const [state, setState] = useState<BrowserState>(INITIAL_BROWSER_STATE);
  // Keys read and write this rather than the rendered state: several keys can arrive before React
  // re-renders (fast typing, a paste), and each must see what the one before it did.
  const latest = useRef({ state, size });
  latest.current.size = size;
  const { isRawModeSupported } = useStdin();

  useInput(
    (input, key) => {
      const now = latest.current;
      const page = pageRows(now.size);
      const ctx: BrowserContext = {
        keysFor: model.keysFor,
        page,
        detailLength: (k) => model.opened(k, now.size.columns).body.length,
        warningsLength: model.warningBody(now.size.columns).length,
      };
      const outcome = reduceInput(now.state, input, key, ctx);
      now.state = outcome.state;
      setState(outcome.state);
      if (outcome.quit) onQuit();
    },
    // Without a terminal on stdin there are no keys to read, and asking for raw mode would throw.
    { isActive: isRawModeSupported === true },
  );

  const lines = browserScreen(model, state, size);
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => line(String(i), l.text === '' ? ' ' : l.text, l.style ? STYLES[l.style] : {}))}
    </Box>
  );
}
