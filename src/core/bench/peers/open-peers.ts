/**
 * Opens the requested peers on the benchmark's database. A peer whose packages the project lacks is
 * skipped with one line saying what to install; one that fails to open is skipped with its error
 * (credentials redacted). Neither stops the run: Oxen's own variants still measure.
 */
import { redactSecrets } from '../../ground/redact.js';
import type { PeerInfo } from '../report.js';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { OpenedPeer, PeerDefinition, PeerTables, PeerVariant } from './peer.js';
import { loadPeerPackage, peerPackageVersion, PeerMissing } from './load-peer-package.js';

export interface OpenPeers {
  readonly variants: readonly PeerVariant[];
  readonly info: readonly PeerInfo[];
  /** One line per peer skipped. */
  readonly skipped: readonly string[];
  close(): Promise<void>;
}

export async function openPeers(peers: readonly PeerDefinition[], url: DatabaseUrl, poolSize: number, tables: PeerTables, projectDir: string = process.cwd()): Promise<OpenPeers> {
  const opened: OpenedPeer[] = [];
  const variants: PeerVariant[] = [];
  const info: PeerInfo[] = [];
  const skipped: string[] = [];
  const load = <T>(specifier: string) => loadPeerPackage<T>(specifier, projectDir);
  for (const peer of peers) {
    const needed = peer.packages(url.dialect);
    try {
      const session = await peer.open({ url, poolSize, tables, load });
      opened.push(session);
      const packages = Object.fromEntries(needed.map((name) => [name, peerPackageVersion(name, projectDir)]));
      for (const v of session.variants) {
        variants.push(v);
        info.push({ variant: v.variant, peer: peer.name, packages });
      }
    } catch (error) {
      if (error instanceof PeerMissing) {
        skipped.push(`${peer.name} skipped: ${error.packageName} is not installed in this project (npm install --save-dev ${needed.join(' ')})`);
      } else {
        skipped.push(`${peer.name} skipped: it failed to open: ${redactSecrets((error as Error).message, [url.password ?? ''])}`);
      }
    }
  }
  return {
    variants,
    info,
    skipped,
    close: async () => {
      await Promise.allSettled(opened.map((p) => p.close()));
    },
  };
}
