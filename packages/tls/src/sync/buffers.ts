// The ciphertext buffers the sync streams of a thread share: one to read into, one to drain into.
// Each is lent to one stream at a time: a stream whose transport is another stream (TLS inside
// TLS, a proxy tunnel) reaches the inner stream's transport call while the outer one holds the
// buffer, and must not overwrite bytes the outer one is still handing over.

/** A buffer lent to one caller at a time, with cached views of its prefixes. */
export class SharedBuffer {
  readonly size: number;
  readonly #buf: Uint8Array;
  #lent = false;
  /** Views of buf[0, n), one per length seen: a steady stream of full records reuses the same few. */
  readonly #views = new Map<number, Uint8Array>();

  constructor(size: number) {
    this.size = size;
    this.#buf = new Uint8Array(size);
  }

  /** The buffer, or null while it is lent (the caller then uses one of its own). */
  borrow(): Uint8Array | null {
    if (this.#lent) return null;
    this.#lent = true;
    return this.#buf;
  }

  giveBack(): void {
    this.#lent = false;
  }

  /** buf[0, n) of `buf`, cached when `buf` is the shared one. */
  view(buf: Uint8Array, n: number): Uint8Array {
    if (buf !== this.#buf) return buf.subarray(0, n);
    let v = this.#views.get(n);
    if (v === undefined) {
      if (this.#views.size > 64) this.#views.clear();
      this.#views.set(n, (v = buf.subarray(0, n)));
    }
    return v;
  }
}

/** Ciphertext is read into this: it is handed to the engine (copied) at once. */
export const SCRATCH = new SharedBuffer(64 * 1024);
/** And drained into this, handed to the transport at once; what it does not take is kept per stream. */
export const OUT = new SharedBuffer(32 * 1024);
