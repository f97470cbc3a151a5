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
import type { net } from '@ferrite/epoll';
import type { Registration } from '../registration.js';

/** What must be closed for a socket: everything but the user-facing wrapper. */
export class SocketState {
  readonly kind: 'TcpStream' | 'TcpListener';
  readonly raw: net.TcpStream | net.TcpListener;
  reg: Registration | null;

  constructor(kind: 'TcpStream' | 'TcpListener', raw: net.TcpStream | net.TcpListener, reg: Registration | null) {
    this.kind = kind;
    this.raw = raw;
    this.reg = reg;
  }

  /** Deregisters and closes. Idempotent. */
  close(): void {
    const reg = this.reg;
    this.reg = null;
    reg?.deregister();
    this.raw.close();
  }

  describe(): string {
    const fd = this.raw.fd;
    let where = '';
    try {
      const local = this.raw.localAddr();
      where = ` (${local.address}:${local.port}`;
      if (this.kind === 'TcpStream') {
        const peer = (this.raw as net.TcpStream).peerAddr();
        where += ` -> ${peer.address}:${peer.port}`;
      }
      where += ')';
    } catch {
      // not connected (any more): the fd says enough
    }
    return `${this.kind} fd ${fd}${where}`;
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
