/**
 * Passwords never leave Oxen: every URL shown or stored goes through `redactUrl`, every driver message
 * through `redactSecrets`. Both err on the side of hiding too much, since they also see malformed input.
 */

const MASK = '***';
/** Query parameters whose values are credentials (`?password=…`, `?sslkey=…`, `?api_token=…`). */
const SECRET_PARAM = /([?&][^=&#\s]*(?:pass|pwd|secret|token|key)[^=&#\s]*=)[^&#\s]*/gi;
/** `scheme://user:secret@` inside free text; the secret may not contain whitespace or `@`. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@\s]*@/gi;

/**
 * The URL with its password replaced by `***` (`postgres://app:***@db:5432/prod`). Works on malformed
 * input too: everything between the user name and the last `@` is treated as the password.
 */
export function redactUrl(url: string): string {
  // SQLite URLs carry no credentials, and `sqlite://:memory:` would otherwise look like `user:password`.
  if (/^sqlite:/i.test(url)) return url.replace(SECRET_PARAM, `$1${MASK}`);
  const schemeEnd = url.indexOf('://');
  const start = schemeEnd === -1 ? 0 : schemeEnd + 3;
  const at = url.lastIndexOf('@');
  let out = url;
  if (at >= start) {
    const userinfo = url.slice(start, at);
    const colon = userinfo.indexOf(':');
    if (colon !== -1) out = `${url.slice(0, start)}${userinfo.slice(0, colon)}:${MASK}${url.slice(at)}`;
  } else if (schemeEnd !== -1) {
    // No `@`: `user:secret` with the host missing, or a plain `host:port`. Only a numeric port is kept.
    const authorityEnd = firstIndexOf(url, ['/', '?', '#'], start);
    const authority = url.slice(start, authorityEnd);
    const colon = authority.indexOf(':');
    if (colon !== -1 && !/^\d*$/.test(authority.slice(colon + 1))) {
      out = `${url.slice(0, start + colon)}:${MASK}${url.slice(authorityEnd)}`;
    }
  }
  return out.replace(SECRET_PARAM, `$1${MASK}`);
}

/**
 * `text` with every occurrence of each secret (and of its percent-encoded form) replaced by `***`,
 * and with any `scheme://user:secret@` it quotes redacted.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    out = out.split(secret).join(MASK);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(MASK);
  }
  return out.replace(URL_PASSWORD, `$1:${MASK}@`).replace(SECRET_PARAM, `$1${MASK}`);
}

function firstIndexOf(text: string, needles: readonly string[], from: number): number {
  let end = text.length;
  for (const needle of needles) {
    const i = text.indexOf(needle, from);
    if (i !== -1 && i < end) end = i;
  }
  return end;
}
