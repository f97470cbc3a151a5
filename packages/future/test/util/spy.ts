// A future that records polls and disposals and can be completed from the test.
import { Trigger } from '../../src/testing/index.js';
export { Trigger };

/** n triggers, resolved later by the test. */
export const triggers = <T = number>(n: number) => Array.from({ length: n }, () => new Trigger<T>());
