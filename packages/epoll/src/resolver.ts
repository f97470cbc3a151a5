/**
 * Resolver: DNS lookups (getaddrinfo) on a native thread of its own. The JS thread never blocks:
 * `lookup()` queues a request; the resolver's `fd` (an eventfd) becomes readable when answers are
 * waiting; `drain()` collects them. Register `resolver` with a Poll (READABLE) to be told.
 *
 * ```ts
 * const resolver = new Resolver();
 * poll.registry().register(resolver, DNS_TOKEN, Interest.READABLE);
 * const id = resolver.lookup('localhost');
 * // ... after an event for DNS_TOKEN:
 * for (const answer of resolver.drain()) console.log(answer.id, answer.addresses ?? answer.error);
 * ```
 */
import { native, type NativeResolver } from './binding.js';
import { SystemError, closedError, invalidArg } from './errors.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface LookupAnswer {
  id: number;
  /** The addresses in getaddrinfo's order, or null on error. */
  addresses: ResolvedAddress[] | null;
  /**
   * Node's dns error shape: a {@link SystemError} with `code` 'ENOTFOUND', 'EAI_AGAIN', ...,
   * negative `errno`, `syscall` 'getaddrinfo' and `hostname`.
   */
  error: SystemError | null;
}

export class Resolver {
  #native: NativeResolver | null = new native.Resolver();
  #nextId = 1;
  readonly #hosts = new Map<number, string>();

  /** The eventfd that is readable while answers are waiting; -1 once closed. */
  get fd(): number {
    return this.#native?.fd ?? -1;
  }

  /** Lookups queued or answered but not yet drained. */
  get pending(): number {
    return this.#hosts.size;
  }

  /** Queues a lookup of `host`; returns the id its answer will carry. */
  lookup(host: string): number {
    const n = this.#handle();
    if (typeof host !== 'string' || host.length === 0 || host.length > 253 || /[\0\s]/.test(host)) {
      throw invalidArg(`invalid host name ${JSON.stringify(host)}`);
    }
    const id = this.#nextId++;
    this.#hosts.set(id, host);
    n.lookup(id, host);
    return id;
  }

  /** Forgets a lookup: its answer, if it comes, is dropped. */
  cancel(id: number): void {
    this.#hosts.delete(id);
  }

  /** Every answer ready now (and resets the fd's readiness). */
  drain(): LookupAnswer[] {
    const out: LookupAnswer[] = [];
    for (const [id, addresses, code, errno] of this.#handle().drain()) {
      const host = this.#hosts.get(id);
      if (host === undefined) continue; // cancelled
      this.#hosts.delete(id);
      out.push({ id, addresses, error: code === null ? null : new SystemError(errno, 'getaddrinfo', { code, hostname: host }) });
    }
    return out;
  }

  /** Stops the thread after its current lookup; pending lookups are dropped. Idempotent. */
  close(): void {
    this.#native?.close();
    this.#native = null;
    this.#hosts.clear();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #handle(): NativeResolver {
    if (this.#native === null) throw closedError('Resolver');
    return this.#native;
  }
}
