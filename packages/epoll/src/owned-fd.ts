// The lifetime every fd-owning object shares: an idempotent close(), ERR_CLOSED after it, and
// `using` support. The native handle's finalizer and the env cleanup hook close what is forgotten.
import type { NativeFd } from './binding.js';
import { closedError } from './errors.js';

export abstract class OwnedFd {
  #handle: NativeFd | null;
  readonly #what: string;

  protected constructor(handle: NativeFd, what: string) {
    this.#handle = handle;
    this.#what = what;
  }

  /** The file descriptor; -1 once closed. */
  get fd(): number {
    return this.#handle?.fd ?? -1;
  }

  /** Closes the fd (which also removes it from every epoll set). Idempotent. */
  close(): void {
    const handle = this.#handle;
    this.#handle = null;
    handle?.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** @internal The open handle, or ERR_CLOSED (for the subclasses in this package). */
  protected handle(): NativeFd {
    if (this.#handle === null) throw closedError(this.#what);
    return this.#handle;
  }
}
