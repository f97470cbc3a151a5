// Loads the native addon (built at install time into build/Release by @ferrite/addon-kit's
// ferrite-build-native) and describes what it exports. Nothing outside this package sees these types.
import { loadAddon } from '@ferrite/addon-kit';
import { TlsError, type TlsErrorCode } from './errors.js';

/** Engine.handshake()/read()/write() result: the engine needs more ciphertext from the peer. */
export const WANT_INPUT = -1;

/** One connection's TLS state between two memory BIOs (engine.cc). */
export interface NativeEngine {
  /** 0 when done, WANT_INPUT; throws a TlsError. */
  handshake(): number;
  /** Plaintext bytes, 0 after close_notify, WANT_INPUT; throws (ERR_TLS_TRUNCATED, ...). */
  read(buf: Uint8Array): number;
  /** Plaintext bytes taken (at most one 16 KiB record's worth), or WANT_INPUT. */
  write(buf: Uint8Array): number;
  /** Hands the first `n` bytes of `buf` (ciphertext from the socket) to the engine. */
  feed(buf: Uint8Array, n: number): void;
  /** The socket reached end of stream. */
  feedEof(): void;
  /** Copies pending ciphertext for the peer into `buf`: bytes copied (0: none). */
  drain(buf: Uint8Array): number;
  /** Queues close_notify (sent by the next drain). */
  shutdown(): void;
  /** [code, reason] of the chain check, or null when it passed. */
  verifyError(): [string, string] | null;
  /** Whether the peer certificate names the host (DNS SAN/CN, or IP SAN). */
  checkIdentity(): boolean;
  peerCertificate(): Buffer | null;
  protocol(): string | null;
  cipher(): { name: string; standardName: string; version: string } | null;
  alpn(): string | null;
  session(): Buffer | null;
  sessionReused(): boolean;
  close(): void;
}

export interface NativeContext {
  connect(servername: string, host: string, hostIsIp: 0 | 1, session: Uint8Array | null, alpn: Uint8Array): NativeEngine;
  close(): void;
}

interface Binding {
  setErrorFactory(factory: (code: string, message: string) => Error): void;
  setRoots(pem: string): void;
  createContext(ca: string | null, minVersion: number, maxVersion: number): NativeContext;
  /** Whether the bytes parse as a serialized session (i2d_SSL_SESSION's form). */
  isSession(bytes: Uint8Array): boolean;
  opensslVersion: string;
}

// The addon, or an error that says what to run (install scripts skipped, as pnpm does by default)
// or that this is not Linux: a TlsError either way.
export const native = loadAddon<Binding>({
  packageName: '@ferrite/tls',
  dir: import.meta.url,
  file: 'build/Release/ferrite_tls.node',
  platforms: ['linux'],
  makeError: (code, message) => new TlsError(code, message),
});
native.setErrorFactory((code, message) => new TlsError(code as TlsErrorCode, message));
