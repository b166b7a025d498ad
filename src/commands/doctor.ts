import { diagnose } from '../core/config/diagnose.js';
import { formatDoctorReport } from '../ui/shared/doctor-text.js';
import { EXIT_FAILURE } from '../ui/shared/error-report.js';
import { OxenCommand, connectionFlags, replicaFlags } from './base-command.js';

export default class Doctor extends OxenCommand {
  static override summary = 'Check the installation: versions, the executor in use, and every configured database.';
  static override description =
    'Prints the Oxen and Node versions, which executor is active and why, and for each configured database its URL ' +
    '(password hidden), whether it answers, and its server version. Exits with 1 when a database is unreachable.';
  static override examples = [
    '<%= config.bin %> doctor',
    '<%= config.bin %> doctor --url postgres://app@127.0.0.1:5432/app',
    'OXEN_DATABASE_URL=mysql://root@127.0.0.1:3306/test <%= config.bin %> doctor --json',
  ];
  static override flags = { ...connectionFlags, ...replicaFlags };

  async run(): Promise<void> {
    const { flags } = await this.parse(Doctor);
    const resolved = await this.loadConfig(flags);
    const report = await diagnose(resolved, this.config.version);
    const mode = this.renderMode();
    if (mode === 'json') this.printJson(report);
    else this.print(formatDoctorReport(report, { color: mode === 'ink' && this.colorEnabled }));
    if (!report.ok) this.exit(EXIT_FAILURE);
  }
}
