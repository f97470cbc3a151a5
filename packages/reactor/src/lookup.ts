/**
 * `lookup(host)`: the addresses of a host name, resolved by getaddrinfo on the reactor's resolver
 * thread (the JS thread never blocks). IP literals are answered at once without a lookup.
 */
import { isIP } from 'node:net';
import { stripBrackets, type ResolvedAddress } from '@ferrite/epoll';
import { BaseFuture, PENDING, Poll, type Awaitable, type Context } from '@ferrite/future';
import { currentReactor } from './current.js';
import { closedError } from './errors.js';
import type { LookupRequest, Reactor } from './reactor.js';
import { invalidArgType } from '@ferrite/future/errors';

class Lookup extends BaseFuture<ResolvedAddress[]> {
  readonly #host: string;
  #reactor: Reactor | null = null;
  #request: LookupRequest | null = null;

  constructor(host: string) {
    super();
    this.#host = host;
  }

  protected pollOnce(cx: Context): Poll<ResolvedAddress[]> {
    const family = isIP(this.#host);
    if (family !== 0) return Poll.ready([{ address: this.#host, family: family as 4 | 6 }]);
    let req = this.#request;
    if (req === null) {
      this.#reactor = currentReactor();
      req = this.#request = this.#reactor.startLookup(this.#host);
    }
    if (!req.done) {
      if (this.#reactor!.closed) throw closedError('the reactor of this lookup is closed');
      req.waker = cx.waker;
      return PENDING;
    }
    this.#request = null;
    if (req.error !== null) throw req.error;
    return Poll.ready(req.addresses!);
  }

  protected override release(): void {
    if (this.#request !== null) this.#reactor!.cancelLookup(this.#request);
  }
}

/** The addresses of `host` (a name or an IP literal, '[v6]' accepted). Invalid names fail at the first poll (ERR_INVALID_ARG_VALUE). */
export function lookup(host: string): Awaitable<ResolvedAddress[]> {
  if (typeof host !== 'string') throw invalidArgType('host', 'a string', host);
  return new Lookup(stripBrackets(host));
}
