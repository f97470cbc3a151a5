// Which reactor futures use: the one the running executor entered. Futures look it up at their
// first poll (they are lazy), never at creation.
import { noReactor } from './errors.js';
import type { Reactor } from './reactor.js';

let current: Reactor | null = null;

/** The reactor of the runtime polling this future; throws ERR_NO_REACTOR outside any. */
export function currentReactor(): Reactor {
  if (current === null) throw noReactor();
  return current;
}

/** @internal The current reactor, or null outside any (no error: for code that has a fallback). */
export function peekReactor(): Reactor | null {
  return current;
}

/** @internal Makes `reactor` current and returns the previous one (no closure: used per turn). */
export function swapReactor(reactor: Reactor | null): Reactor | null {
  const previous = current;
  current = reactor;
  return previous;
}
