/**
 * Waker: makes a blocked `poll()` return, from any thread. Like mio's Waker, an eventfd
 * registered edge-triggered under your token; every `wake()` produces an event for it.
 *
 * ```ts
 * const waker = new Waker(poll.registry(), WAKE_TOKEN);
 * worker.postMessage(waker.share());          // a WakerCell: shared memory, not an fd number
 * // in the worker:  Waker.wake(cell)
 * waker.wake();                               // or on this thread
 * ```
 */
import { native } from './binding.js';
import { EpollError } from './errors.js';
import { Interest } from './interest.js';
import { OwnedFd } from './owned-fd.js';
import type { Registry } from './registry.js';

/**
 * What another thread needs to wake a `Waker`: four int32s in a SharedArrayBuffer that the waker
 * and its wakers synchronise on. Unlike an fd number, it can never reach an fd that has been
 * closed and reused: once the waker is closed, waking through its cell throws ERR_CLOSED.
 */
export type WakerCell = Int32Array & { readonly __wakerCell: unique symbol };

export class Waker extends OwnedFd {
  #cell: WakerCell | null = null;

  constructor(registry: Registry, token: number) {
    super(native.eventfd(), 'Waker');
    try {
      registry.register(this, token, Interest.READABLE, { mode: 'edge' });
    } catch (err) {
      this.close();
      throw err;
    }
  }

  /** Wakes the poll. Never blocks, and a saturated counter is reset instead of failing. */
  wake(): void {
    this.handle().notify();
  }

  /** The cell to post to worker threads (structured clone shares it); the same one every time. */
  share(): WakerCell {
    if (this.#cell === null) {
      const cell = new Int32Array(new SharedArrayBuffer(16)) as WakerCell;
      this.handle().share(cell);
      this.#cell = cell;
    }
    return this.#cell;
  }

  /**
   * `wake()` for a thread that holds only the cell from `share()`. Throws ERR_CLOSED once the
   * waker is closed (or its thread ended), never writes anywhere else.
   */
  static wake(cell: WakerCell): void {
    if (!(cell instanceof Int32Array) || !(cell.buffer instanceof SharedArrayBuffer) || cell.length !== 4) {
      throw new EpollError('ERR_INVALID_ARG_TYPE', 'Waker.wake() needs the cell returned by waker.share()');
    }
    native.notifyShared(cell);
  }
}
