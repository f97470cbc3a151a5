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
import { currentReactor } from './current.js';
import type { Registration } from './registration.js';

export class SignalStream {
  readonly #raw: SignalListener;
  #reg: Registration | null = null;

  /** Starts listening now: a signal that arrives before the first `recv()` is not lost. */
  constructor(name: NodeJS.Signals) {
    this.#raw = new SignalListener(name);
  }

  get signal(): NodeJS.Signals {
    return this.#raw.signal;
  }

  /** The next delivery: resolves with how many arrived since the previous `recv()` took them. */
  recv(): Awaitable<number> {
    return new Recv(this);
  }

  /** @internal */
  pollRecv(cx: Context): Poll<number> {
    if (this.#reg === null) this.#reg = currentReactor().register(this.#raw, Interest.READABLE);
    for (;;) {
      if (this.#reg.pollReadReady(cx) === PENDING) return PENDING;
      const n = this.#raw.read();
      if (n !== WOULD_BLOCK) return Poll.ready(n);
      this.#reg.clearReadReady();
    }
  }

  /** Stops listening (the signal's previous disposition comes back). Idempotent. */
  close(): void {
    this.#reg?.deregister();
    this.#reg = null;
    this.#raw.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

class Recv extends BaseFuture<number> {
  constructor(readonly stream: SignalStream) {
    super();
  }

  protected pollOnce(cx: Context): Poll<number> {
    return this.stream.pollRecv(cx);
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
