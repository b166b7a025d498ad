import { Args, Flags } from '@oclif/core';
import { modelsSource } from '../../core/config/load-models.js';
import { describeOperations } from '../../core/schema/migrate/describe-operation.js';
import {
  displayPath,
  loadMakeInputs,
  parseRenameFlags,
  pendingChanges,
  settleChanges,
  writeMigration,
} from '../../core/schema/migrate/make-migration.js';
import { planText } from '../../ui/migrate/plan-lines.js';
import { EXIT_CHECK_FAILED } from '../../ui/shared/error-report.js';
import { OxenCommand, connectionFlags } from '../base-command.js';
import { migrationDirFlags, migrationsDirOf } from '../shared/migrate-flags.js';

export default class MigrateMake extends OxenCommand {
  static override summary = 'Write the next migration: the changes between the models and the state the existing migrations build.';
  static override description =
    'Replays the migration files (no database needed), compares the result with the models (the config\'s `models` entry, or --models) ' +
    'and writes migrations/NNNN_name.ts with the operations that close the gap. A column that disappeared while one of the same type ' +
    'appeared (or a table whose columns reappear under another name) may be a rename: on a terminal you are asked; elsewhere answer ' +
    'with --rename, or --yes to drop and add. --check writes nothing and exits 3 when the models have changes no migration covers (for CI).';
  static override examples = [
    '<%= config.bin %> migrate make add_age',
    '<%= config.bin %> migrate make --rename users.name:full_name',
    '<%= config.bin %> migrate make --rename people:users --yes',
    '<%= config.bin %> migrate make --check',
    '<%= config.bin %> migrate make backfill_emails --empty',
  ];
  static override args = {
    name: Args.string({ description: 'What the migration does, for its file name (else auto_<date>).', required: false }),
  };
  static override flags = {
    ...migrationDirFlags,
    config: connectionFlags.config,
    models: Flags.string({ description: 'Module(s) exporting the models, comma-separated (else the config\'s `models` entry).', helpValue: '<file>' }),
    empty: Flags.boolean({ description: 'Write a migration with no operations, to fill in by hand (runSql, runJs).', default: false, exclusive: ['check'] }),
    check: Flags.boolean({ description: 'Write nothing; exit 3 when the models have changes no migration covers.', default: false }),
    rename: Flags.string({
      description: 'Answer a rename question yes: table.old_column:new_column renames a column (the table as the models name it), old_table:new_table renames a table. Repeatable.',
      helpValue: '<table.old:new | old:new>',
      multiple: true,
    }),
    yes: Flags.boolean({ description: 'Answer every rename question not settled by --rename no: drop and add (the dropped data is lost).', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(MigrateMake);
    const mode = this.renderMode();
    const config = await this.loadConfig({ config: flags.config });
    const dir = migrationsDirOf(flags, config);
    const shownDir = displayPath(dir);
    const color = mode !== 'json' && this.colorEnabled && process.stdout.isTTY === true;

    if (flags.empty) {
      const written = await writeMigration(dir, args.name, [], { empty: true });
      if (mode === 'json') this.printJson({ file: written.path, name: written.name, operations: [] });
      else this.print(`Created ${displayPath(written.path)} (empty: add its operations by hand)`);
      return;
    }

    const inputs = await loadMakeInputs(dir, modelsSource(flags.models, config.config.models, config.file, process.cwd()));
    const renames = parseRenameFlags(flags.rename ?? []);

    if (flags.check) {
      // Questions count as drop + add: either way the models have changes, and CI must not wait on an answer.
      const { operations } = pendingChanges(inputs, renames);
      const lines = describeOperations(operations, inputs.from);
      if (mode === 'json') this.printJson({ file: null, operations, lines });
      else if (operations.length === 0) this.print(noChanges(shownDir));
      else this.print(`${planText(lines, { color })}migrate make --check: ${operations.length} change${operations.length === 1 ? '' : 's'} no migration in ${shownDir} covers: run oxen migrate make`);
      if (operations.length > 0) this.exit(EXIT_CHECK_FAILED);
      return;
    }

    // A prompt needs keys: a terminal on both ends, and never in JSON mode.
    const canAsk = mode === 'ink' && process.stdin.isTTY === true;
    // Ink is loaded only when there is a terminal to draw on.
    const ask = canAsk ? (await import('../../ui/migrate/rename-prompt.js')).askRename : undefined;
    const operations = await settleChanges(inputs, { renames, yes: flags.yes, ...(ask ? { ask: (q) => ask(q) } : {}) });
    const lines = describeOperations(operations, inputs.from);
    if (operations.length === 0) {
      if (mode === 'json') this.printJson({ file: null, operations: [], lines: [] });
      else this.print(noChanges(shownDir));
      return;
    }
    const written = await writeMigration(dir, args.name, operations);
    if (mode === 'json') {
      this.printJson({ file: written.path, name: written.name, operations, lines });
      return;
    }
    const created = `Created ${displayPath(written.path)}`;
    if (mode === 'ink') await (await import('../../ui/migrate/plan-view.js')).printPlan({ migrations: [{ name: written.name, lines }], footer: created });
    else this.print(`${planText(lines, { color })}${created}`);
  }
}

function noChanges(dir: string): string {
  return `No changes: the models match the migrations in ${dir}`;
}
