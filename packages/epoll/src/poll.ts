/**
 * Poll: an epoll instance. Register sources through `registry()`, then wait for readiness with
 * `poll(events, timeoutMs)`; or let Node's loop wait for you with `watch()`.
 *
 * Portability notes, as in mio: events can be spurious (a readable event and then WOULD_BLOCK is
 * allowed), and with edge-triggered registrations a source must be drained until WOULD_BLOCK
 * before another event for it is guaranteed.
 */
import { native, type NativeEpoll } from './binding.js';
import { closedError, invalidArg } from './errors.js';
import { eventsBuffer, setEventsLength, type Events } from './event.js';
import { Registry } from './registry.js';

const MAX_TIMEOUT_MS = 0x7fff_ffff;

export class Poll {
  #handle: NativeEpoll | null;
  readonly #registry: Registry;

  constructor() {
    this.#handle = native.epollCreate();
    this.#registry = new Registry(() => this.#epoll());
  }

  /** The epoll fd (EPOLL_CLOEXEC); -1 once closed. */
  get fd(): number {
    return this.#handle?.fd ?? -1;
  }

  registry(): Registry {
    return this.#registry;
  }

  /**
   * Waits for readiness and fills `events`; returns how many arrived (0 on timeout).
   *
   * `timeoutMs`: null or undefined blocks until an event; 0 returns at once; fractions round up
   * to the next millisecond, never down to 0. A signal does not cut the wait short: EINTR is
   * retried with the time that remains.
   */
  poll(events: Events, timeoutMs?: number | null): number {
    const handle = this.#epoll();
    const data = eventsBuffer(events);
    const n = handle.wait(data, events.capacity, toTimeout(timeoutMs));
    setEventsLength(events, n);
    return n;
  }

  /**
   * Puts the epoll fd itself under Node's event loop (uv_poll): `onReady` runs from a libuv
   * callback whenever some registered source is ready. Drain with `poll(events, 0)` there.
   * While watched, the handle keeps the process alive unless `unref()`'d.
   */
  watch(onReady: () => void): void {
    if (typeof onReady !== 'function') throw invalidArg('watch() needs a callback');
    this.#epoll().watch(onReady);
  }

  unwatch(): void {
    this.#handle?.unwatch();
  }

  /** Let a watched poll keep the process alive (the default). */
  ref(): void {
    this.#epoll().ref();
  }

  /** Let the process exit even while watched. */
  unref(): void {
    this.#epoll().unref();
  }

  /** Closes the epoll fd (and stops watching). Idempotent; any later use throws ERR_CLOSED. */
  close(): void {
    const handle = this.#handle;
    this.#handle = null;
    handle?.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #epoll(): NativeEpoll {
    if (this.#handle === null) throw closedError('Poll');
    return this.#handle;
  }
}

function toTimeout(ms: number | null | undefined): number {
  if (ms === null || ms === undefined || ms === Infinity) return -1;
  if (typeof ms !== 'number' || !(ms >= 0)) {
    throw invalidArg(`timeout must be null or a number >= 0, got ${String(ms)}`);
  }
  return Math.min(Math.ceil(ms), MAX_TIMEOUT_MS);
}
