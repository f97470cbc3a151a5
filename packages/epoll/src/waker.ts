/**
 * Waker: makes a blocked `poll()` return, from any thread. Like mio's Waker, an eventfd
 * registered edge-triggered under your token; every `wake()` produces an event for it.
 *
 * ```ts
 * const waker = new Waker(poll.registry(), WAKE_TOKEN);
 * // in a worker thread, given waker.fd:  Waker.wakeFd(fd)
 * waker.wake();
 * ```
 */
import { native } from './binding.js';
import { Interest } from './interest.js';
import { OwnedFd } from './owned-fd.js';
import type { Registry } from './registry.js';

export class Waker extends OwnedFd {
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

  /**
   * `wake()` for a thread that only has the fd (worker_threads cannot share the object): pass
   * `waker.fd` in a message and call this there. The fd must still be open.
   */
  static wakeFd(fd: number): void {
    native.notifyFd(fd);
  }
}
