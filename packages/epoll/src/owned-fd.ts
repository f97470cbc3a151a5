// The lifetime every fd-owning object shares: an idempotent close(), ERR_CLOSED after it, and
// `using` support. The native handle's finalizer and the env cleanup hook close what is forgotten.
import type { NativeFd } from './binding.js';
import { closedError } from './errors.js';

export abstract class OwnedFd {
  #handle: NativeFd | null;
  /**
   * The fd number, kept here: the handle's `fd` is a native accessor (a receiver check and an
   * unwrap, ~1,300 instructions), and a reactor stream asks for it before every read and write
   * (a third of the native-call cost of a ping-pong round trip under callgrind). Only close()
   * changes it; the native side closes on its own only when this object is gone (finalizer) or
   * the environment is torn down (no JavaScript runs after that).
   */
  #fd: number;
  readonly #what: string;

  protected constructor(handle: NativeFd, what: string) {
    this.#handle = handle;
    this.#fd = handle.fd;
    this.#what = what;
  }

  /** The file descriptor; -1 once closed. */
  get fd(): number {
    return this.#fd;
  }

  /** Closes the fd (which also removes it from every epoll set). Idempotent. */
  close(): void {
    const handle = this.#handle;
    this.#handle = null;
    this.#fd = -1;
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
