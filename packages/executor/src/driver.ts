/**
 * Driver: what the executor needs from whatever turns I/O into wakes. The reactor implements it;
 * tests can fake it. Executor and reactor meet only here and through `Waker`.
 */
export interface Driver {
  /** Blocks until something may have woken a task (at most `timeoutMs`; null: no limit). */
  park(timeoutMs: number | null): void;
  /** Makes a blocked or upcoming `park` return. */
  unpark(): void;
  /** True when nothing the driver holds can ever wake a task. */
  isIdle(): boolean;
  /** Runs `fn` with this driver as the one futures find (Reactor.enter). */
  enter<T>(fn: () => T): T;
  /** Node-loop mode: call `onWake` from the host loop after readiness was turned into wakes. */
  attach(onWake: () => void): void;
  detach(): void;
  /** Node-loop mode: keep the host loop alive exactly while not idle. */
  updateRef(): void;
  close(): void;
}
