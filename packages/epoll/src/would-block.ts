/**
 * Returned (never thrown) by non-blocking operations when the kernel says EAGAIN: the operation
 * would have to wait. With edge-triggered registrations, seeing it is the signal that readiness
 * has been drained and the next event will come on the next edge.
 *
 * ```ts
 * const n = stream.read(buf);
 * if (n === WOULD_BLOCK) return; // wait for the next readable event
 * ```
 */
export const WOULD_BLOCK: unique symbol = Symbol.for('ferrite.WOULD_BLOCK');
export type WouldBlock = typeof WOULD_BLOCK;
