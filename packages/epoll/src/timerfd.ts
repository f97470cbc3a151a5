/**
 * TimerFd: a CLOCK_MONOTONIC timerfd, the reactor's clock source. Register it for READABLE; it
 * becomes readable when the time set by `set(ms)` has passed.
 */
import { native, NATIVE_WOULD_BLOCK } from './binding.js';
import { invalidArg } from './errors.js';
import { OwnedFd } from './owned-fd.js';
import { WOULD_BLOCK, type WouldBlock } from './would-block.js';

export class TimerFd extends OwnedFd {
  constructor() {
    super(native.timerfd(), 'TimerFd');
  }

  /** Fires once, `ms` from now (fractions kept; 0 fires at once). Replaces any earlier setting. */
  set(ms: number): void {
    if (typeof ms !== 'number' || !(ms >= 0) || ms === Infinity) {
      throw invalidArg(`timer delay must be a finite number >= 0, got ${String(ms)}`);
    }
    this.handle().timerSet(ms);
  }

  /** Disarms the timer. */
  clear(): void {
    this.handle().timerSet(-1);
  }

  /** Consumes the expirations since the last read: their count, or WOULD_BLOCK if none. */
  read(): number | WouldBlock {
    const n = this.handle().readCounter();
    return n === NATIVE_WOULD_BLOCK ? WOULD_BLOCK : n;
  }
}
