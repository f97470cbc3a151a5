/**
 * Dial: resolve a host, then connect to its addresses in turn, as `TcpStream.connect` does, but
 * one address at a time so that a failure names the address and port it was for (`err.address`,
 * `err.port`, as in Node's `connect ECONNREFUSED 127.0.0.1:8080`). The error of the last address
 * tried is the one thrown.
 */
import { BaseFuture, PENDING, Poll, dispose, type Context, type Future } from '@ferrite/future';
import { TcpStream, lookup } from '@ferrite/reactor';

export class Dial extends BaseFuture<TcpStream> {
  readonly #host: string;
  readonly #port: number;
  #lookup: Future<{ address: string }[]> | null;
  #addresses: string[] | null = null;
  #connect: Future<TcpStream> | null = null;
  #address = '';
  #lastError: unknown = null;

  constructor(host: string, port: number) {
    super();
    this.#host = host;
    this.#port = port;
    this.#lookup = lookup(host);
  }

  protected pollOnce(cx: Context): Poll<TcpStream> {
    if (this.#addresses === null) {
      const p = this.#lookup!.poll(cx);
      if (p === PENDING) return PENDING;
      this.#lookup = null;
      this.#addresses = p.value.map((a) => a.address);
    }
    for (;;) {
      if (this.#connect === null) {
        const next = this.#addresses.shift();
        if (next === undefined) throw this.#lastError ?? new Error(`no addresses for ${this.#host}`);
        this.#address = next;
        this.#connect = TcpStream.connect({ host: next, port: this.#port });
      }
      let p: Poll<TcpStream>;
      try {
        p = this.#connect.poll(cx);
      } catch (err) {
        this.#connect = null;
        this.#lastError = withAddress(err, this.#address, this.#port);
        continue;
      }
      if (p === PENDING) return PENDING;
      this.#connect = null;
      return p;
    }
  }

  protected override release(): void {
    dispose(this.#lookup);
    dispose(this.#connect);
    this.#lookup = this.#connect = null;
  }
}

/** Node's shape for a failed connect: `address`, `port`, and both in the message. */
function withAddress(err: unknown, address: string, port: number): unknown {
  if (!(err instanceof Error) || (err as { address?: unknown }).address !== undefined) return err;
  const where = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  try {
    Object.assign(err, { address, port });
    err.message = `${err.message} (${where})`;
  } catch {
    // a frozen error keeps what it had
  }
  return err;
}
