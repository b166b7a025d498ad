/**
 * The plan of a migration on a terminal: its operations grouped into additions, removals and changes,
 * coloured, for `migrate make` (the migration it wrote) and before `migrate up` / `down` run.
 */
import { Box, render, Text } from 'ink';
import { planGroups } from './plan-groups.js';

export interface PlanViewProps {
  readonly migrations: readonly { readonly name: string; readonly lines: readonly string[] }[];
  /** A line under the plan, e.g. the file written. */
  readonly footer?: string;
}

export function PlanView({ migrations, footer }: PlanViewProps) {
  return (
    <Box flexDirection="column">
      {migrations.map((m) => (
        <Box key={m.name} flexDirection="column" marginBottom={1}>
          <Text bold>{m.name}</Text>
          {m.lines.length === 0 ? <Text dimColor>  (no operations)</Text> : null}
          {planGroups(m.lines).map((g) => (
            <Box key={g.title} flexDirection="column">
              <Text dimColor>{`  ${g.title} (${g.lines.length})`}</Text>
              {g.lines.map((line, i) => (
                <Text key={i} {...(g.style ? { color: g.style } : {})}>{`    ${line}`}</Text>
              ))}
            </Box>
          ))}
        </Box>
      ))}
      {footer !== undefined ? <Text>{footer}</Text> : null}
    </Box>
  );
}

/** Writes the plan once (no live updates) and returns when Ink has flushed it. */
export async function printPlan(props: PlanViewProps, stdout: NodeJS.WriteStream = process.stdout): Promise<void> {
  const instance = render(<PlanView {...props} />, { stdout, patchConsole: false, exitOnCtrlC: false });
  instance.unmount();
  await instance.waitUntilExit().catch(() => undefined);
}
