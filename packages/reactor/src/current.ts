// Which reactor futures use: the one the running executor entered. Futures look it up at their
// first poll (they are lazy), never at creation.
import { NoReactorError } from './errors.js';
import type { Reactor } from './reactor.js';

let current: Reactor | null = null;

/** The reactor of the runtime polling this future; throws ERR_NO_REACTOR outside any. */
export function currentReactor(): Reactor {
  if (current === null) throw new NoReactorError();
  return current;
}

/** Makes `reactor` current until the returned function restores the previous one. */
export function enterReactor(reactor: Reactor): () => void {
  const previous = current;
  current = reactor;
  return () => {
    current = previous;
  };
}
