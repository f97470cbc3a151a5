/**
 * `Poll<T>`: what polling a future returns, Rust's `Poll::Ready(v)` / `Poll::Pending`.
 * `Poll.PENDING` is a shared sentinel, so returning Pending allocates nothing. It is a registered
 * symbol (`Symbol.for`), so two copies of this package in one process agree on what Pending is.
 *
 * ```ts
 * const p = fut.poll(cx);
 * if (Poll.isReady(p)) use(p.value);
 * ```
 */
export const PENDING: unique symbol = Symbol.for('@ferrite/future.Poll.PENDING');

export interface Ready<T> {
  readonly value: T;
}

export type Pending = typeof PENDING;

export type Poll<T> = Ready<T> | Pending;

export const Poll = {
  PENDING,
  ready<T>(value: T): Ready<T> {
    return { value };
  },
  isReady<T>(p: Poll<T>): p is Ready<T> {
    return p !== PENDING;
  },
  isPending<T>(p: Poll<T>): p is Pending {
    return p === PENDING;
  },
} as const;
