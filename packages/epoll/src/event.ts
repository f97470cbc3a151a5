/**
 * Events: a reusable buffer that `Poll.poll()` fills. Allocate one, poll into it forever: no
 * allocation happens per poll or per event. Mirrors mio's `Events` / `Event`.
 */
import { EPOLLERR, EPOLLHUP, EPOLLIN, EPOLLOUT, EPOLLPRI, EPOLLRDHUP } from './interest.js';
import { EpollError } from './errors.js';

/** One readiness event: a view into its `Events` buffer, valid until the next poll into it. */
export class Event {
  readonly #data: Float64Array;
  readonly #slot: number;

  /** @internal */
  constructor(data: Float64Array, index: number) {
    this.#data = data;
    this.#slot = index * 2;
  }

  /** The token given at registration. */
  get token(): number {
    return this.#data[this.#slot]!;
  }

  get #bits(): number {
    return this.#data[this.#slot + 1]!;
  }

  isReadable(): boolean {
    return (this.#bits & (EPOLLIN | EPOLLPRI)) !== 0;
  }

  isWritable(): boolean {
    return (this.#bits & EPOLLOUT) !== 0;
  }

  /** EPOLLERR: e.g. a failed non-blocking connect; `takeError()` says which error. */
  isError(): boolean {
    return (this.#bits & EPOLLERR) !== 0;
  }

  /** The read half is closed: EPOLLHUP, or EPOLLIN with EPOLLRDHUP (the peer shut down writing). */
  isReadClosed(): boolean {
    const b = this.#bits;
    return (b & EPOLLHUP) !== 0 || ((b & EPOLLIN) !== 0 && (b & EPOLLRDHUP) !== 0);
  }

  /** The write half is closed: EPOLLHUP, EPOLLOUT with EPOLLERR, or EPOLLERR alone. */
  isWriteClosed(): boolean {
    const b = this.#bits;
    return (b & EPOLLHUP) !== 0 || ((b & EPOLLOUT) !== 0 && (b & EPOLLERR) !== 0) || b === EPOLLERR;
  }

  isPriority(): boolean {
    return (this.#bits & EPOLLPRI) !== 0;
  }
}

/** The most events one poll can deliver (and so the largest `Events` capacity). */
export const MAX_EVENTS = 1 << 20;

/**
 * How `Poll.poll()` reaches an `Events`' buffer without it being reachable (or replaceable) from
 * outside: `eventsBuffer` checks the brand and resets the length; `setEventsLength` records the
 * count the native poll wrote. No closure, no allocation per poll.
 * @internal
 */
export let eventsBuffer: (events: Events) => Float64Array;
/** @internal */
export let setEventsLength: (events: Events, n: number) => void;

export class Events implements Iterable<Event> {
  readonly #capacity: number;
  // [token, bits] pairs written by the native poll; private so that nobody can swap in a buffer
  // of another size or type.
  readonly #data: Float64Array;
  readonly #views: Event[];
  #length = 0;
  readonly #iterator = new EventsIterator(this);

  static {
    eventsBuffer = (events) => {
      if (!(events instanceof Events)) throw new EpollError('ERR_INVALID_ARG_TYPE', 'poll() needs an Events buffer');
      events.#length = 0;
      return events.#data;
    };
    setEventsLength = (events, n) => {
      events.#length = n;
    };
  }

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_EVENTS) {
      throw new EpollError('ERR_INVALID_ARG_VALUE', `Events capacity must be an integer in [1, ${MAX_EVENTS}], got ${String(capacity)}`);
    }
    this.#capacity = capacity;
    this.#data = new Float64Array(capacity * 2);
    this.#views = Array.from({ length: capacity }, (_, i) => new Event(this.#data, i));
  }

  /** How many events one poll can deliver; more ready sources arrive on later polls. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Number of events delivered by the last poll. */
  get length(): number {
    return this.#length;
  }

  isEmpty(): boolean {
    return this.#length === 0;
  }

  /** The i-th event of the last poll. */
  get(i: number): Event {
    if (!(i >= 0 && i < this.#length)) throw new EpollError('ERR_OUT_OF_RANGE', `event index ${i} out of range [0, ${this.#length})`);
    return this.#views[i]!;
  }

  clear(): void {
    this.#length = 0;
  }

  [Symbol.iterator](): Iterator<Event> {
    // The cached iterator is reused unless a loop over this buffer is already running.
    return this.#iterator.start() ? this.#iterator : new EventsIterator(this).restart();
  }
}

// Reusable iterator and result object: a for-of over Events allocates nothing.
class EventsIterator implements Iterator<Event> {
  #index = 0;
  #busy = false;
  readonly #events: Events;
  readonly #result: IteratorResult<Event> = { done: false, value: undefined as unknown as Event };

  constructor(events: Events) {
    this.#events = events;
  }

  start(): boolean {
    if (this.#busy) return false;
    this.restart();
    return true;
  }

  restart(): this {
    this.#index = 0;
    this.#busy = true;
    return this;
  }

  next(): IteratorResult<Event> {
    const r = this.#result as { done: boolean; value: Event | undefined };
    if (this.#index < this.#events.length) {
      r.done = false;
      r.value = this.#events.get(this.#index++);
    } else {
      this.#busy = false;
      r.done = true;
      r.value = undefined;
    }
    return this.#result;
  }

  return(): IteratorResult<Event> {
    this.#busy = false;
    return { done: true, value: undefined };
  }
}
