/** The ink-mode BenchmarkView: the live view on stderr while running, the final table on stdout. */
import { render, type Instance } from 'ink';
import type { BenchmarkView, ViewOptions } from './view-contract.js';
import { initialLiveState, reduceLive, type LiveState } from './live-state.js';
import { LiveView } from './live-view.js';
import { ResultsTable } from './results-table.js';

export function inkBenchmarkView(options: ViewOptions, stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): BenchmarkView {
  let state: LiveState = initialLiveState(options.title);
  let live: Instance | undefined = render(<LiveView state={state} />, { stdout: stderr, patchConsole: false, exitOnCtrlC: false });
  const update = (next: LiveState): void => {
    state = next;
    live?.rerender(<LiveView state={state} />);
  };
  const stopLive = (): void => {
    live?.unmount();
    live = undefined;
  };
  return {
    status: (message) => update({ ...state, status: message }),
    onEvent: (event) => update(reduceLive(state, event)),
    finish: async (report, path) => {
      update({ ...state, status: '' });
      stopLive();
      const table = render(<ResultsTable report={report} path={path} />, { stdout, patchConsole: false, exitOnCtrlC: false });
      table.unmount();
      await table.waitUntilExit();
    },
    abort: stopLive,
    close: () => {
      update({ ...state, status: '' });
      stopLive();
    },
  };
}
