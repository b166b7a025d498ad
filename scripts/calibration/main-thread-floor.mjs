#!/usr/bin/env node
/**
 * What a statement costs when its protocol runs on Node's main thread, woken by libuv, with nothing
 * else around it: a bare client on `node:net` for one statement prepared once (PostgreSQL: Bind,
 * Execute, Sync, the DataRow's two text values read out; MySQL/MariaDB: COM_STMT_EXECUTE and its
 * binary row, as the native executor sends it). It is the floor of issue 12's "protocol on the main
 * thread" design for one two-parameter SELECT: an executor built that way adds its pool, its type
 * mapping and its error handling on top, and doing the protocol in Rust instead saves user-space CPU
 * only, not the kernel's share (the socket's send, wake-up and receive).
 *
 * Prints and writes (--out) the median of --rounds rounds, the three clients taking turns: the floor
 * (`wire`), the js executor and the native executor, each through connections of its own, at each
 * concurrency. CPU per statement on each thread as in native/thread-cost.mjs (scripts/calibration/
 * thread-cpu.mjs: /proc/self/task, Linux only).
 *
 *   node scripts/calibration/main-thread-floor.mjs postgres://USER@HOST:PORT/DB|mysql://USER@HOST:PORT/DB [--concurrency 1,16] [--rounds 5] [--seconds 2] [--out FILE]
 *   node scripts/calibration/main-thread-floor.mjs mysql://USER@HOST:PORT/DB --rows N [--users] [...]
 *
 * With --rows (MySQL/MariaDB only) the statement returns N generated rows shaped like the benchmark's
 * users (as native/thread-cost.mjs --rows N), and `wire` only frames and counts the row packets,
 * decoding the last one: the time the server takes to send them, plus the kernel's, with no client
 * work on the values. It bounds what any client can do for a large result at concurrency 1.
 * --users reads the first N rows of the benchmark's users table instead (seeded at scale 1 under the
 * prefix oxen_mtf_ and dropped afterwards), the rows large_select reads.
 *
 * No password only (trust authentication, or an account without one); the statement is
 * native/thread-cost.mjs's.
 */
import { writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { connect, disconnect } from '../../dist/index.js';
import { redactUrl } from '../../dist/core/ground/redact.js';
import { defineBenchModels } from '../../dist/core/bench/dataset/bench-models.js';
import { seedDataset, dropDataset } from '../../dist/core/bench/dataset/seed-dataset.js';
import { takeTurns } from './thread-cpu.mjs';

process.on('uncaughtException', (error) => {
  console.error(`main-thread-floor: ${error.message}`);
  process.exit(1);
});

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    concurrency: { type: 'string', default: '1,16' },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    rows: { type: 'string', default: '1' },
    users: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const url = positionals[0];
if (!url || !/^(postgres(ql)?|mysql|mariadb):/.test(url)) {
  console.error('usage: node scripts/calibration/main-thread-floor.mjs postgres://USER@HOST:PORT/DB|mysql://USER@HOST:PORT/DB [--concurrency 1,16] [--rounds 5] [--seconds 2] [--out FILE]');
  process.exit(2);
}
if (values.out && existsSync(values.out)) {
  console.error(`main-thread-floor: ${values.out} exists; choose another --out`);
  process.exit(2);
}

const SQL = 'SELECT $1::int AS a, $2::text AS b';

/** One PostgreSQL connection speaking just enough of the protocol for one prepared statement. */
class WireConnection {
  static async open(target) {
    const conn = new WireConnection(target);
    await conn.ready;
    return conn;
  }

  constructor(target) {
    this.socket = net.connect({ host: target.hostname, port: Number(target.port || 5432) });
    this.socket.setNoDelay(true);
    this.buffered = Buffer.alloc(0);
    this.waiting = [];
    // Two ReadyForQuery messages open the connection: the startup's, then the Sync after Parse.
    const started = new Promise((resolve, reject) => this.waiting.push({ resolve, reject, row: null }));
    const parsed = new Promise((resolve, reject) => this.waiting.push({ resolve, reject, row: null }));
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('error', reject);
      started.then(() => parsed).then(resolve, reject);
    });
    this.socket.on('data', (chunk) => this.read(chunk));
    const user = decodeURIComponent(target.username || 'postgres');
    const database = decodeURIComponent(target.pathname.slice(1) || user);
    const body = Buffer.from(`user\0${user}\0database\0${database}\0\0`);
    const startup = Buffer.alloc(8 + body.length);
    startup.writeInt32BE(startup.length, 0);
    startup.writeInt32BE(196608, 4);
    body.copy(startup, 8);
    const parse = message('P', Buffer.concat([Buffer.from(`s\0${SQL}\0`), Buffer.from([0, 0])]));
    this.socket.write(Buffer.concat([startup, parse, message('S', Buffer.alloc(0))]));
  }

  /** Runs the statement with (a, b); resolves with the row's two values. */
  query(a, b) {
    const text = Buffer.from(String(b));
    const digits = Buffer.from(String(a));
    const bind = Buffer.alloc(2 + 2 + 2 + 2 + 4 + digits.length + 4 + text.length + 2);
    let p = 0;
    bind[p++] = 0; // unnamed portal
    bind[p++] = 's'.charCodeAt(0);
    bind[p++] = 0;
    p = bind.writeInt16BE(0, p); // parameters in text
    p = bind.writeInt16BE(2, p);
    p = bind.writeInt32BE(digits.length, p);
    p += digits.copy(bind, p);
    p = bind.writeInt32BE(text.length, p);
    p += text.copy(bind, p);
    bind.writeInt16BE(0, p); // results in text
    this.socket.write(Buffer.concat([message('B', bind.subarray(0, p + 2)), EXECUTE, SYNC]));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject, row: null }));
  }

  read(chunk) {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    let p = 0;
    while (this.buffered.length - p >= 5) {
      const length = this.buffered.readInt32BE(p + 1);
      if (this.buffered.length - p < 1 + length) break;
      const type = this.buffered[p];
      const start = p + 5;
      const end = p + 1 + length;
      const waiter = this.waiting[0];
      if (type === 0x44 /* D */ && waiter) {
        const aLength = this.buffered.readInt32BE(start + 2);
        const a = Number(this.buffered.toString('latin1', start + 6, start + 6 + aLength));
        const bStart = start + 6 + aLength;
        const bLength = this.buffered.readInt32BE(bStart);
        waiter.row = [a, this.buffered.toString('utf8', bStart + 4, bStart + 4 + bLength)];
      } else if (type === 0x45 /* E */ && waiter) {
        waiter.error = new Error(`server error: ${this.buffered.toString('utf8', start, end).replace(/\0/g, ' ').trim()}`);
      } else if (type === 0x5a /* Z */ && waiter) {
        this.waiting.shift();
        if (waiter.error) waiter.reject(waiter.error);
        else waiter.resolve(waiter.row);
      } else if (type === 0x52 /* R */ && this.buffered.readInt32BE(start) !== 0) {
        this.waiting.shift()?.reject(new Error('the server asks for a password; this script sends none'));
      }
      p = end;
    }
    this.buffered = p === this.buffered.length ? Buffer.alloc(0) : this.buffered.subarray(p);
  }

  close() {
    this.socket.end(message('X', Buffer.alloc(0)));
  }
}

function message(type, body) {
  const out = Buffer.alloc(5 + body.length);
  out[0] = type.charCodeAt(0);
  out.writeInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
}
const EXECUTE = message('E', Buffer.from([0, 0, 0, 0, 0]));
const SYNC = message('S', Buffer.alloc(0));

const CLIENT = {
  LONG_PASSWORD: 0x1,
  CONNECT_WITH_DB: 0x8,
  PROTOCOL_41: 0x200,
  TRANSACTIONS: 0x2000,
  SECURE_CONNECTION: 0x8000,
  PLUGIN_AUTH: 0x80000,
  DEPRECATE_EOF: 0x1000000,
};
const rowCount = Number(values.rows);
if (!(Number.isInteger(rowCount) && rowCount >= 1 && rowCount <= 1_000_000) || (rowCount > 1 && !/^(mysql|mariadb):/.test(url))) {
  console.error('main-thread-floor: --rows takes a whole number from 1 to 1000000, and more than 1 on MySQL/MariaDB only');
  process.exit(2);
}
// The many-row statement binds the same two values as the one-row one (a BIGINT and a string), so the
// wire client's COM_STMT_EXECUTE serves both; its rows are native/thread-cost.mjs's.
const USERS_TABLE = 'oxen_mtf_users';
const MYSQL_SQL =
  rowCount === 1
    ? 'SELECT ? AS a, ? AS b'
    : values.users
      ? `SELECT id, name, email, age, is_active, created_at FROM ${USERS_TABLE} WHERE id <= ? AND CHAR_LENGTH(?) > 0 ORDER BY id`
      : `SELECT seq AS id, CONCAT('User ', seq) AS name, CONCAT('user', seq, '@example.com') AS email, seq % 60 AS age,
         seq % 4 <> 0 AS active, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq MINUTE AS created
       FROM seq_1_to_1000000 WHERE seq <= ? AND CHAR_LENGTH(?) > 0`;

/**
 * One MySQL/MariaDB connection speaking just enough of the protocol for one prepared statement in the
 * binary protocol, as the native executor uses it (COM_STMT_EXECUTE, a BIGINT and a string bound,
 * CLIENT_DEPRECATE_EOF). An empty password only.
 */
class MysqlWireConnection {
  static async open(target) {
    const conn = new MysqlWireConnection(target);
    await conn.ready;
    return conn;
  }

  constructor(target) {
    this.user = decodeURIComponent(target.username || 'root');
    this.database = decodeURIComponent(target.pathname.slice(1));
    this.socket = net.connect({ host: target.hostname, port: Number(target.port || 3306) });
    this.socket.setNoDelay(true);
    this.buffered = Buffer.alloc(0);
    this.state = 'greeting';
    this.waiter = null;
    this.ready = new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk) => this.read(chunk));
  }

  send(seq, payload) {
    const header = Buffer.alloc(4);
    header.writeUIntLE(payload.length, 0, 3);
    header[3] = seq;
    this.socket.write(Buffer.concat([header, payload]));
  }

  query(a, b) {
    const text = Buffer.from(String(b));
    const body = Buffer.alloc(1 + 4 + 1 + 4 + 1 + 1 + 4 + 8 + 1 + text.length);
    let p = 0;
    body[p++] = 0x17; // COM_STMT_EXECUTE
    p = body.writeUInt32LE(this.statement, p);
    body[p++] = 0; // no cursor
    p = body.writeUInt32LE(1, p);
    body[p++] = 0; // null bitmap: neither is NULL
    body[p++] = 1; // types follow
    body[p++] = 0x08; // MYSQL_TYPE_LONGLONG
    body[p++] = 0;
    body[p++] = 0xfd; // MYSQL_TYPE_VAR_STRING
    body[p++] = 0;
    p = body.writeBigInt64LE(BigInt(a), p);
    if (text.length >= 251) throw new Error('strings of 251 bytes or more are not encoded here');
    body[p++] = text.length;
    p += text.copy(body, p);
    this.state = 'columns';
    this.columnsLeft = -1;
    this.types = [];
    this.rowsRead = 0;
    this.lastRow = null;
    this.send(0, body.subarray(0, p));
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  read(chunk) {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    let p = 0;
    while (this.buffered.length - p >= 4) {
      const length = this.buffered.readUIntLE(p, 3);
      if (this.buffered.length - p < 4 + length) break;
      this.packet(this.buffered[p + 3], this.buffered.subarray(p + 4, p + 4 + length));
      p += 4 + length;
    }
    this.buffered = p === this.buffered.length ? Buffer.alloc(0) : this.buffered.subarray(p);
  }

  fail(packet) {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(new Error(`server error ${packet.readUInt16LE(1)}: ${packet.toString('utf8', 9)}`));
  }

  packet(seq, packet) {
    if (packet[0] === 0xff) return this.fail(packet);
    switch (this.state) {
      case 'greeting': {
        const flags = CLIENT.LONG_PASSWORD | CLIENT.CONNECT_WITH_DB | CLIENT.PROTOCOL_41 | CLIENT.TRANSACTIONS | CLIENT.SECURE_CONNECTION | CLIENT.PLUGIN_AUTH | CLIENT.DEPRECATE_EOF;
        const head = Buffer.alloc(32);
        head.writeUInt32LE(flags, 0);
        head.writeUInt32LE(16 * 1024 * 1024, 4);
        head[8] = 45; // utf8mb4_general_ci
        const tail = Buffer.from(`${this.user}\0\0${this.database}\0mysql_native_password\0`);
        this.state = 'auth';
        return this.send(seq + 1, Buffer.concat([head, tail]));
      }
      case 'auth':
        if (packet[0] === 0xfe) return this.send(seq + 1, Buffer.alloc(0)); // auth switch: still no password
        this.state = 'prepare';
        this.prepareLeft = -1;
        return this.send(0, Buffer.concat([Buffer.from([0x16]), Buffer.from(MYSQL_SQL)]));
      case 'prepare':
        if (this.prepareLeft === -1) {
          this.statement = packet.readUInt32LE(1);
          this.prepareLeft = packet.readUInt16LE(5) + packet.readUInt16LE(7);
        } else this.prepareLeft--;
        if (this.prepareLeft === 0) {
          this.state = 'idle';
          const waiter = this.waiter;
          this.waiter = null;
          waiter.resolve();
        }
        return;
      case 'columns':
        if (this.columnsLeft === -1) {
          this.columnsLeft = packet[0];
          return;
        }
        this.types.push(columnType(packet));
        if (--this.columnsLeft === 0) this.state = 'rows';
        return;
      case 'rows': {
        if (packet[0] === 0xfe) {
          this.state = 'idle';
          const waiter = this.waiter;
          this.waiter = null;
          return waiter.resolve({ count: this.rowsRead, row: this.lastRow && binaryRow(this.lastRow, this.types) });
        }
        // Only framed and counted: the last row is decoded when the result ends.
        this.rowsRead++;
        this.lastRow = packet;
        return;
      }
    }
  }

  close() {
    this.send(0, Buffer.from([0x01])); // COM_QUIT
    this.socket.end();
  }
}

/** A length-encoded integer at `p`: [value, next offset]. */
function lenenc(b, p) {
  const first = b[p];
  if (first < 0xfb) return [first, p + 1];
  if (first === 0xfc) return [b.readUInt16LE(p + 1), p + 3];
  if (first === 0xfd) return [b.readUIntLE(p + 1, 3), p + 4];
  return [Number(b.readBigUInt64LE(p + 1)), p + 9];
}

/** The type byte of a column definition: six length-encoded strings, a 0x0c, charset, length, type. */
function columnType(packet) {
  let p = 0;
  for (let i = 0; i < 6; i++) {
    const [length, next] = lenenc(packet, p);
    p = next + length;
  }
  return packet[p + 1 + 2 + 4];
}

function binaryRow(packet, types) {
  let p = 1 + ((types.length + 7 + 2) >> 3);
  const row = [];
  for (const type of types) {
    switch (type) {
      case 0x08:
        row.push(Number(packet.readBigInt64LE(p)));
        p += 8;
        break;
      case 0x03:
      case 0x09:
        row.push(packet.readInt32LE(p));
        p += 4;
        break;
      default: {
        const [length, next] = lenenc(packet, p);
        row.push(packet.toString('utf8', next, next + length));
        p = next + length;
      }
    }
  }
  return row;
}

const concurrencies = values.concurrency.split(',').map(Number);
const maxConcurrency = Math.max(...concurrencies);
const target = new URL(url);
const postgres = target.protocol.startsWith('postgres');
const Wire = postgres ? WireConnection : MysqlWireConnection;
const statement = postgres ? SQL : MYSQL_SQL;
const databases = {};
for (const executor of ['js', 'native']) {
  const [db] = await connect({ databases: { [executor]: url }, executor, performance: { connectionPoolSize: maxConcurrency, maxOverflow: 0 } });
  databases[executor] = db;
}
const userModels = defineBenchModels(USERS_TABLE.replace(/users$/, ''));
if (values.users) {
  await dropDataset(userModels, 'js').catch(() => {});
  await seedDataset(userModels, 1, 'js');
}
// Opened after the seeding: a wire connection prepares its statement as it opens.
const wire = [];
for (let i = 0; i < maxConcurrency; i++) wire.push(await Wire.open(target));
// The number bound: the operation's sequence number for one row, the row count for many.
const bound = (n) => (rowCount === 1 ? n : rowCount);
const fromExecutor = (r) => ({ count: r.rows.length, row: r.rows.at(-1) });
const clients = {
  wire: (worker, n) => (postgres ? wire[worker].query(n, 'x').then((row) => ({ count: 1, row })) : wire[worker].query(bound(n), 'x')),
  js: (_worker, n) => databases.js.executor.query({ sql: statement, params: [bound(n), 'x'] }).then(fromExecutor),
  native: (_worker, n) => databases.native.executor.query({ sql: statement, params: [bound(n), 'x'] }).then(fromExecutor),
};

// Each client's answer is checked: as many rows as asked, the last carrying the number bound.
const checked = Object.fromEntries(
  Object.entries(clients).map(([name, run]) => [
    name,
    async (worker, n) => {
      const { count, row } = await run(worker, n);
      const a = Array.isArray(row) ? row[0] : row?.a;
      if (count !== rowCount || Number(a) !== bound(n)) throw new Error(`${name}: expected ${rowCount} rows ending with ${bound(n)}, got ${count} ending with ${a}`);
    },
  ]),
);
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
let results;
try {
  results = await takeTurns(checked, { concurrencies, rounds, seconds });
} finally {
  for (const conn of wire) conn.close();
  if (values.users) await dropDataset(userModels, 'js').catch(() => {});
  await disconnect();
}
if (values.out) {
  const report = { kind: 'main-thread-floor', createdAt: new Date().toISOString(), url: redactUrl(url), node: process.version, rounds, seconds, rows: rowCount, users: values.users, statement, results };
  writeFileSync(values.out, JSON.stringify(report, null, 2) + '\n');
  console.log(`written to ${values.out}`);
}
