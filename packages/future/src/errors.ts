/** Errors raised by @ferrite/future; each has a stable `code`. */

/** Polling a future again after it returned Ready (Rust panics; we throw). `fuse()` avoids it. */
export class PolledAfterCompletion extends Error {
  readonly code = 'ERR_POLLED_AFTER_COMPLETION';

  constructor(what = 'future') {
    super(`${what} polled after completion`);
    this.name = 'PolledAfterCompletion';
  }
}
