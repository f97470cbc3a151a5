// Connection options: validated once per connect, resolved into what the native engine needs.
// SSL_CTXs are cached per (ca, versions): building one parses its trust store, which must not
// happen per connection (the bundled roots are parsed once per thread, in native code).
import { rootCertificates } from 'node:tls';
import { checkObject, invalidArgType, invalidArgValue, outOfRange } from '@ferrite/future/errors';
import { native, type NativeContext } from './binding.js';
import { TlsError } from './errors.js';
import { identityOf } from './names.js';

export type TlsVersion = 'TLSv1.2' | 'TLSv1.3';

/** Options of `TlsStream.connect` (async) and `sync.TlsStream.connect`. */
export interface TlsOptions {
  /** Name sent in SNI and checked against the certificate. Default: the host (no SNI for an IP). */
  servername?: string;
  /** Trusted CA certificates (PEM), replacing Node's bundled roots (`tls.rootCertificates`). */
  ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
  /** Refuse a peer whose chain or identity fails verification. Default true. */
  rejectUnauthorized?: boolean;
  /** Lowest protocol accepted. Default 'TLSv1.2'. */
  minVersion?: TlsVersion;
  /** Highest protocol offered. Default 'TLSv1.3'. */
  maxVersion?: TlsVersion;
  /** ALPN protocols offered, most preferred first. Default ['http/1.1']; [] offers none. */
  ALPNProtocols?: readonly string[];
  /** A session from an earlier connection's `session` to resume (skips the full handshake). */
  session?: Uint8Array | null;
}

/** What one connection needs, resolved from TlsOptions and the host it dials. */
export interface ResolvedTls {
  readonly context: NativeContext;
  readonly servername: string;
  readonly identity: string;
  readonly identityIsIp: boolean;
  readonly session: Uint8Array | null;
  readonly alpn: Uint8Array;
  readonly rejectUnauthorized: boolean;
}

const VERSIONS: Record<TlsVersion, number> = { 'TLSv1.2': 0x0303, 'TLSv1.3': 0x0304 };
const DEFAULT_ALPN = encodeAlpn(['http/1.1']);
const MAX_CONTEXTS = 16;
/** What createContext reads of a ca (its ArgString limit): 16 MiB, far above any real bundle. */
const MAX_CA_BYTES = 16 << 20;
const contexts = new Map<string, NativeContext>();
let rootsLoaded = false;

/**
 * node:tls options we do not have, refused by name rather than silently ignored: a client
 * certificate that is never sent, or a timeout that never fires on a server that never answers.
 */
const UNSUPPORTED: Record<string, string> = {
  cert: 'client certificates are not supported',
  key: 'client certificates are not supported',
  pfx: 'client certificates are not supported',
  passphrase: 'client certificates are not supported',
  timeout: "there is no timeout option: wrap the connect in the reactor's timeout(future, ms)",
  signal: 'there is no signal option: dispose the connect future or abort its task',
};

export function resolveTls(host: string, options: unknown): ResolvedTls {
  const o = checkObject(options) as TlsOptions;
  if (o.servername !== undefined && typeof o.servername !== 'string') throw invalidArgType('options.servername', 'a string', o.servername);
  const id = o.servername !== undefined ? identityOf(o.servername, 'options.servername') : identityOf(host, 'the host');
  if (o.rejectUnauthorized !== undefined && typeof o.rejectUnauthorized !== 'boolean') {
    throw invalidArgType('options.rejectUnauthorized', 'a boolean', o.rejectUnauthorized);
  }
  for (const [name, why] of Object.entries(UNSUPPORTED)) {
    if ((o as Record<string, unknown>)[name] !== undefined) throw invalidArgValue(`options.${name}`, `absent (${why})`, '(given)');
  }
  if (o.session !== undefined && o.session !== null) {
    if (!(o.session instanceof Uint8Array)) throw invalidArgType('options.session', 'a Uint8Array (a stream.session) or null', o.session);
    if (!native.isSession(o.session)) throw new TlsError('ERR_TLS_INVALID_SESSION', 'options.session is not a serialized TLS session');
  }
  return {
    context: contextFor(o),
    // RFC 6066: SNI carries names only, never an address literal.
    servername: id.isIp ? '' : id.name,
    identity: id.name,
    identityIsIp: id.isIp,
    session: o.session ?? null,
    alpn: o.ALPNProtocols === undefined ? DEFAULT_ALPN : encodeAlpn(o.ALPNProtocols),
    rejectUnauthorized: o.rejectUnauthorized ?? true,
  };
}

function version(value: unknown, name: string, fallback: TlsVersion): number {
  if (value === undefined) return VERSIONS[fallback];
  if (typeof value !== 'string' || !Object.hasOwn(VERSIONS, value)) throw invalidArgValue(name, "'TLSv1.2' or 'TLSv1.3'", value);
  return VERSIONS[value as TlsVersion];
}

function contextFor(o: TlsOptions): NativeContext {
  const min = version(o.minVersion, 'options.minVersion', 'TLSv1.2');
  const max = version(o.maxVersion, 'options.maxVersion', 'TLSv1.3');
  if (min > max) throw invalidArgValue('options.maxVersion', `a version >= minVersion (${o.minVersion})`, o.maxVersion);
  const ca = o.ca === undefined ? null : pemText(o.ca);
  // 'roots' and 'ca:<text>' never collide: an empty ca is its own (refused) context, not the roots'.
  const key = `${min}:${max}:${ca === null ? 'roots' : `ca:${ca}`}`;
  let ctx = contexts.get(key);
  if (ctx !== undefined) {
    // Most recently used last: the first entry is the one evicted.
    contexts.delete(key);
    contexts.set(key, ctx);
    return ctx;
  }
  if (ca === null && !rootsLoaded) {
    native.setRoots(rootCertificates.join('\n'));
    rootsLoaded = true;
  }
  ctx = native.createContext(ca, min, max);
  contexts.set(key, ctx);
  // An evicted context is freed by its finalizer once no stream uses it (each SSL holds a reference).
  if (contexts.size > MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
  return ctx;
}

function pemText(ca: unknown): string {
  const list = Array.isArray(ca) ? ca : [ca];
  if (list.length === 0) throw invalidArgValue('options.ca', 'at least one PEM certificate', ca);
  const text = list
    .map((c: unknown) => {
      if (typeof c === 'string') return c;
      // A view of a detached buffer is empty (Buffer.from would throw an uncoded TypeError).
      if (c instanceof Uint8Array) return c.byteLength === 0 ? '' : Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString('latin1');
      throw invalidArgType('options.ca', 'a PEM string, a Uint8Array or an array of them', c);
    })
    .join('\n');
  // The native reader's limits, checked here so that they are the shared validators' errors.
  if (text.includes('\0')) throw invalidArgValue('options.ca', 'PEM text (no NUL)', '(text with NUL)');
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_CA_BYTES) throw outOfRange('options.ca', `at most ${MAX_CA_BYTES} bytes of PEM`, bytes);
  return text;
}

function encodeAlpn(protocols: unknown): Uint8Array {
  if (!Array.isArray(protocols)) throw invalidArgType('options.ALPNProtocols', 'an array of strings', protocols);
  const parts = protocols.map((p: unknown) => {
    if (typeof p !== 'string') throw invalidArgType('options.ALPNProtocols', 'an array of strings', p);
    // UTF-8 as node:tls encodes them (latin1 would turn a character past U+00FF into another name).
    const bytes = Buffer.from(p, 'utf8');
    if (bytes.length === 0 || bytes.length > 255) throw invalidArgValue('options.ALPNProtocols', 'names of 1..255 bytes', p);
    return bytes;
  });
  // RFC 7301 wire format: each name prefixed by its length, the whole list at most 65535 bytes.
  const wire = Buffer.concat(parts.flatMap((b) => [Buffer.of(b.length), b]));
  if (wire.length > 65535) throw invalidArgValue('options.ALPNProtocols', 'a list of at most 65535 bytes on the wire', `${wire.length} bytes`);
  return wire;
}
