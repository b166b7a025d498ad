/** The peers `--peers` knows, in the order the report lists them. */
import { UsageError } from '../../ground/errors.js';
import { drizzlePeer } from './drizzle-peer.js';
import { knexPeer } from './knex-peer.js';
import { kyselyPeer } from './kysely-peer.js';
import { mikroOrmPeer } from './mikro-orm-peer.js';
import type { PeerDefinition } from './peer.js';
import { prismaPeer } from './prisma-peer.js';
import { sequelizePeer } from './sequelize-peer.js';
import { typeormPeer } from './typeorm-peer.js';

export const PEERS: readonly PeerDefinition[] = [drizzlePeer, kyselyPeer, knexPeer, typeormPeer, sequelizePeer, mikroOrmPeer, prismaPeer];

export const PEER_NAMES: readonly string[] = PEERS.map((p) => p.name);

/** `drizzle,knex` or `all` → their definitions; an unknown name is one line naming the known ones. */
export function parsePeers(flag: string | undefined): readonly PeerDefinition[] {
  if (flag === undefined) return [];
  const names = flag.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError('USAGE', `--peers is empty: name peers from ${PEER_NAMES.join(', ')}, or all`);
  if (names.includes('all')) return PEERS;
  const unknown = names.filter((n) => !PEER_NAMES.includes(n));
  if (unknown.length > 0) throw new UsageError('USAGE', `unknown peer ${unknown.map((n) => JSON.stringify(n)).join(', ')} in --peers: choose from ${PEER_NAMES.join(', ')}, or all`);
  return PEERS.filter((p) => names.includes(p.name));
}
