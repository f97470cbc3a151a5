/**
 * Process signals as futures (tokio::signal): how a program that owns its thread with `blockOn`,
 * where Node's own `process.on('SIGINT')` handlers cannot run, shuts down gracefully.
 *
 * ```ts
 * const server = coroutine(function* () {
 *   using sigint = signal('SIGINT');
 *   const stop = sigint.recv();
 *   for (;;) {
 *     const next = yield* wait(select(listener.accept(), stop));
 *     if (next.index === 1) break;        // Ctrl-C: stop accepting, then drain
 *     spawn(handle(next.value[0]));
 *   }
 * });
 * ```
 *
 * While a `SignalStream` is open the signal's default action is replaced (Ctrl-C no longer ends
 * the process by itself), as with `process.on('SIGINT')`; closing it restores it. Node's own
 * listeners for the signal still run when Node's loop next turns.
 */
import { Interest, SignalListener, WOULD_BLOCK } from '@ferrite/epoll';
import { BaseFuture, PENDING, Poll, type Awaitable, type Context } from '@ferrite/future';
import { currentReactor, peekReactor } from './current.js';
import { closedError, ReactorError } from './errors.js';
import type { Registration } from './registration.js';
import { Waiter } from './waiters.js';

export class SignalStream {
  readonly #raw: SignalListener;
  #reg: Registration | null = null;
  /** The waiter of a bare `pollRecv(cx)`; each `recv()` future has its own (several may wait). */
  readonly #waiter = new Waiter();

  /** Starts listening now: a signal that arrives before the first `recv()` is not lost. */
  constructor(name: NodeJS.Signals) {
    this.#raw = new SignalListener(name);
  }

  get signal(): NodeJS.Signals {
    return this.#raw.signal;
  }

  /**
   * The next delivery: resolves with how many arrived since the previous `recv()` took them.
   * Several tasks may wait at once (each is woken); ERR_CLOSED once the stream is closed.
   */
  recv(): Awaitable<number> {
    return new Recv(this);
  }

  /** @internal */
  pollRecv(cx: Context, waiter: Waiter = this.#waiter): Poll<number> {
    const reg = this.#registration();
    for (;;) {
      if (reg.pollReadReady(cx, waiter) === PENDING) return PENDING;
      const n = this.#raw.read();
      if (n !== WOULD_BLOCK) return Poll.ready(n);
      reg.clearReadReady();
    }
  }

  /**
   * Registered with the reactor current now, as sockets are: a stream polled under another
   * runtime's reactor moves there (ERR_FOREIGN_REACTOR while a task of the old one still waits).
   */
  #registration(): Registration {
    if (this.#raw.fd < 0) throw closedError(`SignalStream (${this.#raw.signal}) is closed`);
    const reg = this.#reg;
    const current = peekReactor();
    if (reg !== null && (current === null || reg.reactor === current)) return reg;
    if (reg !== null) {
      if (reg.waiting) {
        throw new ReactorError('ERR_FOREIGN_REACTOR', `SignalStream (${this.#raw.signal}) is in use by a task of another runtime`);
      }
      this.#reg = null;
      reg.deregister();
    }
    return (this.#reg = (current ?? currentReactor()).register(this.#raw, Interest.READABLE));
  }

  /** Stops listening (the signal's previous disposition comes back); waiters see ERR_CLOSED. */
  close(): void {
    const reg = this.#reg;
    this.#reg = null;
    try {
      reg?.deregister();
    } finally {
      this.#raw.close();
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

class Recv extends BaseFuture<number> {
  /** This recv's place among the stream's waiters. */
  readonly #waiter = new Waiter();

  constructor(readonly stream: SignalStream) {
    super();
  }

  protected pollOnce(cx: Context): Poll<number> {
    const p = this.stream.pollRecv(cx, this.#waiter);
    if (p !== PENDING) this.#waiter.remove();
    return p;
  }

  protected override release(): void {
    this.#waiter.remove();
  }
}

/** A stream of `name` deliveries (`'SIGINT'`, `'SIGTERM'`, `'SIGHUP'`, ...). */
export function signal(name: NodeJS.Signals): SignalStream {
  return new SignalStream(name);
}

/**
 * The next Ctrl-C (SIGINT). Lazy like every future: listening starts at the first poll and stops
 * when it resolves or is disposed.
 */
export function ctrlC(): Awaitable<void> {
  return new CtrlC();
}

class CtrlC extends BaseFuture<void> {
  #stream: SignalStream | null = null;

  protected pollOnce(cx: Context): Poll<void> {
    this.#stream ??= new SignalStream('SIGINT');
    if (this.#stream.pollRecv(cx) === PENDING) return PENDING;
    this.#stream.close();
    return Poll.ready(undefined);
  }

  protected override release(): void {
    this.#stream?.close();
  }
}
