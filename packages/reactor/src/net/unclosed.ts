/**
 * The safety net for sockets nobody closed, as Node has for a forgotten FileHandle ("Closing file
 * descriptor N on garbage collection"): a TcpStream or TcpListener that becomes unreachable while
 * open is deregistered and closed, with a process warning (code `FERRITE_UNCLOSED`) naming it.
 *
 * This works because nothing long-lived holds the user-facing object: the reactor holds the raw
 * socket and its Registration, this registry holds the `SocketState` (the same two), and only
 * the user, and the futures and tasks using the socket, hold the wrapper. A socket a task still
 * waits on is reachable through that task's waker, so it is never closed under the task.
 */
import type { net, SocketAddress, UnixSocketAddress } from '@ferrite/epoll';
import { currentReactor, peekReactor } from '../current.js';
import { closedError, ReactorError } from '../errors.js';
import type { Registration } from '../registration.js';

export type SocketKind = 'TcpStream' | 'TcpListener' | 'UnixStream' | 'UnixListener';
/** A raw socket of @ferrite/epoll: a stream or a listener, TCP or Unix. */
interface RawSocket {
  readonly fd: number;
  close(): void;
  localAddr(): SocketAddress | UnixSocketAddress;
}

/** 'host:port' or a Unix path ('@' for an abstract name's NUL, '' unnamed). */
function where(addr: { address?: string; port?: number; path?: string }): string {
  if (addr.path !== undefined) return addr.path.replace(/^\0/, '@') || '(unnamed)';
  return `${addr.address}:${addr.port}`;
}

/**
 * What must be closed for a socket: everything but the user-facing wrapper. Also where the socket
 * finds its registration: see `registration()`.
 */
export class SocketState {
  readonly kind: SocketKind;
  readonly raw: RawSocket;
  reg: Registration | null;

  constructor(kind: SocketKind, raw: RawSocket, reg: Registration | null) {
    this.kind = kind;
    this.raw = raw;
    this.reg = reg;
  }

  /**
   * The registration to poll with: the socket's, registered with the reactor current now.
   *
   * A socket registers with the reactor it is first polled under. Polled under another one (a
   * stream made in one runtime and used in another, also after the first was closed), it moves:
   * the old registration is dropped and the socket is registered with the current reactor, whose
   * turns then deliver its readiness. It cannot move while a task of the old reactor waits on it
   * (the two runtimes would steal it from each other): that is ERR_FOREIGN_REACTOR, at once.
   * Outside any reactor the existing registration is used as it is.
   *
   * Throws ERR_CLOSED once the socket is closed, ERR_NO_REACTOR if it never had a reactor.
   */
  registration(): Registration {
    if (this.raw.fd < 0) throw closedError(`${this.kind} is closed`);
    const reg = this.reg;
    const current = peekReactor();
    if (reg !== null && (current === null || reg.reactor === current)) return reg;
    if (reg !== null) {
      if (reg.waiting) {
        throw new ReactorError(
          'ERR_FOREIGN_REACTOR',
          `${this.describe()} is in use by a task of another runtime (registered with another reactor): use a socket from one runtime at a time`,
        );
      }
      this.reg = null;
      reg.deregister();
    }
    return (this.reg = (current ?? currentReactor()).register(this.raw));
  }

  /** Deregisters (waking whoever still waited: they see ERR_CLOSED) and closes. Idempotent. */
  close(): void {
    const reg = this.reg;
    this.reg = null;
    try {
      reg?.deregister();
    } finally {
      this.raw.close();
    }
  }

  describe(): string {
    const fd = this.raw.fd;
    let text = '';
    try {
      const local: { address?: string; port?: number; path?: string } = this.raw.localAddr();
      text = ` (${where(local)}`;
      if (this.kind === 'TcpStream' || this.kind === 'UnixStream') {
        text += ` -> ${where((this.raw as net.TcpStream | net.UnixStream).peerAddr())}`;
      }
      text += ')';
    } catch {
      // not connected (any more): the fd says enough
    }
    return `${this.kind} fd ${fd}${text}`;
  }
}

const registry = new FinalizationRegistry<SocketState>((state) => {
  // A finalizer must never throw: that would be an uncaught exception in whatever ran next.
  try {
    if (state.raw.fd < 0) return;
    const what = state.describe();
    state.close();
    process.emitWarning(
      `Closing ${what} on garbage collection: it was dropped without close(). Close it when done (or declare it with \`using\`).`,
      { code: 'FERRITE_UNCLOSED' },
    );
  } catch {
    // nothing more can be done for it
  }
});

/** Closes `state` if `owner` is collected before `released(state)`. */
export function closeOnCollect(owner: object, state: SocketState): void {
  registry.register(owner, state, state);
}

/** `owner` was closed explicitly: nothing to do when it is collected. */
export function released(state: SocketState): void {
  registry.unregister(state);
}
