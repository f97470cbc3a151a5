/**
 * Registry: adds, changes and removes the sources a `Poll` watches. Mirrors mio's `Registry`,
 * with smol `polling`'s trigger modes.
 */
import type { NativeEpoll } from './binding.js';
import { invalidArg } from './errors.js';
import { EPOLLET, EPOLLEXCLUSIVE, EPOLLONESHOT, EPOLLPRI, EPOLLRDHUP, interestToEpoll, type InterestBits } from './interest.js';

/** Anything with an fd: a number, or an object such as `TcpStream`, `Waker`, `TimerFd`. */
export type Source = number | { readonly fd: number };

/**
 * `edge` (default, like mio): an event when readiness appears; drain to WOULD_BLOCK before the
 * next. `level`: an event on every poll while ready. `oneshot`: one event, then nothing until
 * `reregister`. `edge-oneshot`: both.
 */
export type Mode = 'edge' | 'level' | 'oneshot' | 'edge-oneshot';

export interface RegisterOptions {
  mode?: Mode;
  /** EPOLLEXCLUSIVE: among several epoll sets watching one fd, wake only one. `register` only. */
  exclusive?: boolean;
}

const EPOLL_CTL_ADD = 1;
const EPOLL_CTL_DEL = 2;
const EPOLL_CTL_MOD = 3;

const MODE_BITS: Record<Mode, number> = {
  edge: EPOLLET,
  level: 0,
  oneshot: EPOLLONESHOT,
  'edge-oneshot': EPOLLET + EPOLLONESHOT,
};

export class Registry {
  readonly #epoll: () => NativeEpoll;

  /** @internal Created by `Poll`; `epoll` throws ERR_CLOSED once the poll is closed. */
  constructor(epoll: () => NativeEpoll) {
    this.#epoll = epoll;
  }

  /**
   * Starts watching `source`; its events carry `token`.
   * @throws SystemError EEXIST if already registered, EBADF for a closed fd, EPERM for a regular
   *   file, ELOOP for an epoll set containing itself.
   */
  register(source: Source, token: number, interest: InterestBits, opts?: RegisterOptions): void {
    this.#ctl(EPOLL_CTL_ADD, source, token, interest, opts, opts?.exclusive === true);
  }

  /** Changes the token, interest or mode of a registered source (and re-arms a oneshot). */
  reregister(source: Source, token: number, interest: InterestBits, opts?: RegisterOptions): void {
    if (opts?.exclusive) throw invalidArg('exclusive can only be set by register()');
    this.#ctl(EPOLL_CTL_MOD, source, token, interest, opts, false);
  }

  /** Stops watching `source`. @throws SystemError ENOENT if it was not registered. */
  deregister(source: Source): void {
    this.#epoll().ctl(EPOLL_CTL_DEL, fdOf(source), 0, 0);
  }

  #ctl(op: number, source: Source, token: number, interest: InterestBits, opts: RegisterOptions | undefined, exclusive: boolean) {
    if (!Number.isSafeInteger(token) || token < 0) {
      throw invalidArg(`token must be a non-negative safe integer, got ${String(token)}`);
    }
    const mode = opts?.mode ?? 'edge';
    const modeBits = MODE_BITS[mode];
    if (modeBits === undefined) throw invalidArg(`unknown mode ${String(mode)}`);
    let bits = interestToEpoll(interest);
    if (exclusive) {
      // The kernel allows only IN/OUT/ERR/HUP/ET with EPOLLEXCLUSIVE: no RDHUP, no PRI.
      if (bits & EPOLLPRI) throw invalidArg('PRIORITY interest cannot be exclusive');
      bits = (bits & ~EPOLLRDHUP) + EPOLLEXCLUSIVE;
    }
    // Additions, not `|`: `|` would turn EPOLLET (bit 31) into a negative int32.
    const events = bits + modeBits;
    this.#epoll().ctl(op, fdOf(source), events, token);
  }
}

/** The fd behind a source; throws on anything that is not a non-negative integer fd. */
export function fdOf(source: Source): number {
  const fd = typeof source === 'number' ? source : source?.fd;
  if (!Number.isInteger(fd) || (fd as number) < 0) {
    throw invalidArg(`source must be an fd or an object with a valid fd, got ${String(fd)}`);
  }
  return fd as number;
}
