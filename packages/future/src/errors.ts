/** Errors raised by @ferrite/future; each has a stable `code`. */

/** Polling a future again after it returned Ready (Rust panics; we throw). `fuse()` avoids it. */
export class PolledAfterCompletion extends Error {
  readonly code = 'ERR_POLLED_AFTER_COMPLETION';

  constructor(what = 'future') {
    super(`${what} polled after completion`);
    this.name = 'PolledAfterCompletion';
  }
}

/**
 * A channel cannot pass a value any more: the other side is gone, or this handle was closed.
 * Thrown by a oneshot receiver whose sender closed without sending, by `send()`/`trySend()` on a
 * channel whose receiver is closed, and by any use of a Sender after `close()`.
 */
export class ChannelClosed extends Error {
  readonly code = 'ERR_CHANNEL_CLOSED';

  constructor(message = 'channel closed') {
    super(message);
    this.name = 'ChannelClosed';
  }
}

/** The semaphore was closed: `acquire()` futures still waiting fail, and so do new ones. */
export class SemaphoreClosed extends Error {
  readonly code = 'ERR_SEMAPHORE_CLOSED';

  constructor(message = 'semaphore closed') {
    super(message);
    this.name = 'SemaphoreClosed';
  }
}
