/**
 * A gauge too costly to read at every sample, kept per connection and read again at most every
 * `everyMs`. Database size is the case: PostgreSQL's pg_database_size stats every file of the
 * database and MySQL sums information_schema.TABLES, milliseconds of server CPU each, while the size
 * moves slowly. The time it was read travels with it, so growth is measured between real readings.
 */
export interface GaugeReading {
  readonly value: number;
  /** Client clock (ms since the epoch) when the value was read. */
  readonly measuredAt: number;
}

export class SlowGauge {
  private readonly last = new WeakMap<object, GaugeReading>();

  constructor(private readonly everyMs: number) {}

  async read(connection: object, fetch: () => Promise<number | null>): Promise<GaugeReading | null> {
    const cached = this.last.get(connection);
    if (cached && Date.now() - cached.measuredAt < this.everyMs) return cached;
    const measuredAt = Date.now();
    const value = await fetch();
    if (value === null) return cached ?? null;
    const reading = { value, measuredAt };
    this.last.set(connection, reading);
    return reading;
  }
}

/** How often the monitor re-reads a database's size. */
export const DATABASE_SIZE_EVERY_MS = 15_000;
