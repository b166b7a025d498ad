/** `host:port` as `--prometheus` takes it; a bare port listens on loopback only, never on every interface by surprise. */
import { UsageError } from '../../ground/errors.js';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

const DEFAULT_HOST = '127.0.0.1';

export function parseListenAddress(flag: string, text: string): ListenAddress {
  const trimmed = text.trim();
  const colon = trimmed.lastIndexOf(':');
  const hostPart = colon === -1 ? '' : trimmed.slice(0, colon);
  const portPart = colon === -1 ? trimmed : trimmed.slice(colon + 1);
  const host = hostPart.startsWith('[') && hostPart.endsWith(']') ? hostPart.slice(1, -1) : hostPart;
  const port = /^\d+$/.test(portPart) ? Number(portPart) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535 || /[[\]\s/]/.test(host) || (host.includes(':') && !hostPart.startsWith('['))) {
    throw new UsageError('USAGE', `--${flag} ${text} is not an address to listen on: write host:port, e.g. 127.0.0.1:9465, or a port`);
  }
  return { host: host === '' ? DEFAULT_HOST : host, port };
}
