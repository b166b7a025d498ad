import { resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { UsageError } from '../../core/ground/errors.js';
import { formatInspection, INSPECT_FORMATS, type InspectFormat } from '../../core/schema/inspect/format-inspection.js';
import { inspectUrl } from '../../core/schema/inspect/inspect-url.js';
import type { ExecutorKind } from '../../core/ground/values.js';
import { plural } from '../../ui/inspect/inspect-cells.js';
import { reportWarnings, showInspection } from '../../ui/inspect/inspect-view.js';
import { assertOutputWritable, formatOfPath, writeOutputFile } from '../../ui/inspect/output-file.js';
import { OxenCommand, connectionFlags } from '../base-command.js';
import { inspectScope, inspectScopeFlags } from '../shared/inspect-flags.js';
import { untilStopped } from '../shared/until-stopped.js';

export default class Inspect extends OxenCommand {
  static override summary = 'Read a live database into the schema state: browse it, or print it as JSON, TypeScript models, SQL or a diagram.';
  static override description =
    'Reads the tables, views and enum types of one schema (PostgreSQL schema, MySQL database, SQLite main) with a fixed number of ' +
    'catalog queries. On a terminal: a browser (↑↓ move, Enter open, / filter, w warnings, q quit). Not on a terminal: plain tables. ' +
    '--json: the schema state itself. --format prints TypeScript models, the SQL that recreates the schema, or a Mermaid ER diagram, ' +
    'to stdout or to --output (never replacing an existing file without --force). Whatever the state cannot hold is named in a ' +
    'warning (on stderr outside the browser); warnings do not change the exit code.';
  static override examples = [
    '<%= config.bin %> inspect --url postgres://app@127.0.0.1:5432/app',
    '<%= config.bin %> inspect --url mysql://root@127.0.0.1:3306/shop --tables orders,customers --json',
    '<%= config.bin %> inspect --url sqlite:///data/app.db --format typescript --output models.ts',
    '<%= config.bin %> inspect --schema billing --exclude audit_log --format mermaid',
  ];
  static override flags = {
    ...connectionFlags,
    ...inspectScopeFlags,
    format: Flags.string({ description: 'Print this instead of the tables (json: the schema state).', options: [...INSPECT_FORMATS] }),
    output: Flags.string({ description: 'Write the --format output to this file (format from the extension when --format is not given).', helpValue: '<file>' }),
    // No default: oclif would count a default as given, and --force then always needs --output.
    force: Flags.boolean({ description: 'Let --output replace an existing file.', dependsOn: ['output'] }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Inspect);
    const mode = this.renderMode();
    const format = (flags.format as InspectFormat | undefined) ?? (flags.output !== undefined ? formatOfPath(flags.output) : undefined);
    if (mode === 'json' && format !== undefined && format !== 'json' && flags.output === undefined) {
      throw new UsageError('USAGE', `--json prints the schema state: leave it out to print --format ${format}, or add --output FILE`);
    }
    // Before connecting: a file that could not be written costs no inspection.
    if (flags.output !== undefined) assertOutputWritable(flags.output, flags.force === true);

    const config = await this.loadConfig({ url: flags.url, executor: flags.executor, config: flags.config });
    const { inspection, ddl } = await inspectUrl(config.urls.default!, {
      ...inspectScope(flags),
      ...(config.config.executor !== undefined ? { executor: config.config.executor as ExecutorKind } : {}),
    });

    if (format !== undefined || mode === 'json') {
      const chosen = format ?? 'json';
      // The whole text is made before anything is written: a format that fails leaves no file behind.
      const text = formatInspection(chosen, inspection, ddl);
      if (flags.output === undefined) process.stdout.write(text);
      else {
        writeOutputFile(flags.output, text, flags.force === true);
        const { state } = inspection;
        if (mode === 'json') this.printJson({ output: resolve(flags.output), format: chosen, tables: state.tables.length, views: state.views.length, enums: state.enums.length, warnings: inspection.warnings });
        else process.stderr.write(`wrote ${flags.output} (${chosen}: ${plural(state.tables.length, 'table')}, ${plural(state.views.length, 'view')})\n`);
      }
      reportWarnings(inspection);
      return;
    }

    // The browser reads keys from stdin: with stdin redirected there are none, so a terminal gets the plain tables.
    if (mode === 'ink' && process.stdin.isTTY === true) {
      await untilStopped((stop) => showInspection('ink', inspection, { signal: stop.signal }));
    } else {
      await showInspection('plain', inspection, { color: this.colorEnabled && process.stdout.isTTY === true });
    }
  }
}

