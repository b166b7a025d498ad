/**
 * The server process of `oxen benchmark http`: forked by the command, told over IPC what to serve
 * (the URL never appears on a command line), it connects the ORM on each executor and the bare driver,
 * seeds the benchmark's tables, and serves `/<variant>/<endpoint>` on 127.0.0.1 until told to stop,
 * when it drops the tables (unless kept) and exits. It answers CPU-time questions between chunks, so
 * the report has the server's CPU per request beside the load generator's.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseDatabaseUrl } from '../../../ground/parse-url.js';
import { redactSecrets } from '../../../ground/redact.js';
import type { ExecutorKind } from '../../../ground/values.js';
import { benchTables, defineBenchModels } from '../../dataset/bench-models.js';
import { datasetSize } from '../../dataset/dataset.js';
import { dropDataset, seedDataset } from '../../dataset/seed-dataset.js';
import { openOrmSession } from '../../orm-session.js';
import { openRawDriver } from '../../raw/open-raw-driver.js';
import { createTables } from '../../../schema/create-tables.js';
import { dropTables } from '../../../schema/drop-tables.js';
import { calibrated, ormSource, rawSource } from '../data-sources.js';
import { ENDPOINTS, EndpointHandlers, queryCount, type Endpoint } from '../endpoints.js';
import { defineFortuneModel, FORTUNES } from '../fortunes.js';
import type { ParentMessage, ServerMessage, ServerStart } from './server-protocol.js';

const send = (message: ServerMessage): void => void process.send!(message);

async function start(config: ServerStart): Promise<() => Promise<void>> {
  const url = parseDatabaseUrl(config.url);
  const models = defineBenchModels(config.tablePrefix);
  const Fortune = defineFortuneModel(config.tablePrefix);
  const orm = await openOrmSession(url, config.executors, config.poolSize);
  const raw = await openRawDriver(url, config.poolSize).catch(async (error: unknown) => {
    await orm.close();
    throw error;
  });
  const using = orm.primary.name;
  const cleanUp = async (): Promise<void> => {
    try {
      if (!config.keep && !config.attach) {
        await dropTables([Fortune], { ifExists: true, using });
        await dropDataset(models, using);
      }
    } finally {
      await raw.close().catch(() => {});
      await orm.close();
    }
  };
  try {
    if (!config.attach) {
      await seedDataset(models, config.scale, using);
      await dropTables([Fortune], { ifExists: true, using });
      await createTables([Fortune], { using });
      await Fortune.using(using).bulkCreate(FORTUNES.map((message) => ({ message })));
      await raw.analyze([...benchTables(models), Fortune].map((m) => orm.primary.dialect.quoteIdent(m.meta.tableName)));
    }

    const users = datasetSize(config.scale).users;
    const handlers = new Map<string, EndpointHandlers>([
      ['raw', new EndpointHandlers(rawSource(raw, orm.primary, models, Fortune), users)],
      ...config.executors.map((kind: ExecutorKind) => [kind, new EndpointHandlers(calibrated(ormSource(orm.database(kind), models, Fortune)), users)] as const),
    ]);
    const server = createServer((req, res) => void serve(handlers, req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    send({
      type: 'ready',
      port: (server.address() as AddressInfo).port,
      serverVersion: await orm.primary.executor.serverVersion(),
      settings: await raw.settings(),
    });
    return async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await cleanUp();
    };
  } catch (error) {
    await cleanUp().catch(() => {});
    throw error;
  }
}

async function serve(handlers: ReadonlyMap<string, EndpointHandlers>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://server');
  const [, variant, endpoint] = url.pathname.split('/');
  const handler = handlers.get(variant ?? '');
  if (!handler || !ENDPOINTS.includes(endpoint as Endpoint)) {
    res.writeHead(404).end(`no endpoint ${url.pathname}`);
    return;
  }
  try {
    const answer = await handler.answer(endpoint as Endpoint, queryCount(url.searchParams.get('n')));
    res.writeHead(200, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.body), server: 'oxen-bench' }).end(answer.body);
  } catch (error) {
    // The load generator reports the status and this text as the variant's first error.
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(message);
  }
}

let stop: (() => Promise<void>) | undefined;
let stopping: Promise<void> | undefined;
const stopOnce = (): Promise<void> => (stopping ??= stop ? stop() : Promise.resolve());
process.on('message', (message: ParentMessage) => {
  switch (message.type) {
    case 'start':
      start(message)
        .then((s) => (stop = s))
        .catch((error: unknown) => {
          send({ type: 'failed', message: redactSecrets(error instanceof Error ? error.message : String(error)) });
          process.exitCode = 1;
          process.disconnect();
        });
      break;
    case 'cpu': {
      const cpu = process.cpuUsage();
      send({ type: 'cpu', id: message.id, us: cpu.user + cpu.system });
      break;
    }
    case 'stop':
      stopOnce()
        .then(() => send({ type: 'stopped' }))
        .catch((error: unknown) => send({ type: 'failed', message: redactSecrets(error instanceof Error ? error.message : String(error)) }))
        .finally(() => process.disconnect());
      break;
  }
});
// Ctrl+C in a terminal reaches the whole process group: the command stops this process itself, after
// its last chunk, so that the tables are dropped.
process.on('SIGINT', () => {});
// The command went away (crashed or killed): nothing to serve any more.
process.on('disconnect', () => {
  void stopOnce().finally(() => process.exit());
});
