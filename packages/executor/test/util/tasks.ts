// Small futures and helpers that several executor tests need.
import { PENDING, coroutine, wait, type Future } from '@ferrite/future';
import { yieldNow } from '../../src/index.js';

/** Finishes with `value` after `yields` turns (0: at its first poll). */
export const after = <T>(yields: number, value: T): Future<T> =>
  coroutine(function* () {
    for (let i = 0; i < yields; i++) yield* wait(yieldNow());
    return value;
  })();

/** Waits forever; counts its polls in `polls` and records its disposal in `log`. */
export const forever = (name: string, log: string[], polls = { n: 0 }): Future<never> => ({
  poll: () => {
    polls.n++;
    return PENDING;
  },
  [Symbol.dispose]: () => void log.push(name),
});

/**
 * Collects garbage and lets finalizers run: ten rounds, or with `until`, rounds (at most 50)
 * until it holds. Needs `--expose-gc` (the package's mocha options give it).
 */
export const collect = async (until?: () => boolean): Promise<void> => {
  for (let i = 0; i < (until === undefined ? 10 : 50) && !(until?.() ?? false); i++) {
    (globalThis as { gc?: () => void }).gc!();
    await new Promise((r) => setTimeout(r, 2));
  }
};
