import { invalidArg } from './errors.js';

/**
 * Interest: which readiness a registration asks for. A bit set: `Interest.READABLE |
 * Interest.WRITABLE`. Mapped to epoll bits as mio maps them: READABLE asks for EPOLLIN and
 * EPOLLRDHUP (so a peer's half-close is reported), WRITABLE for EPOLLOUT, PRIORITY for EPOLLPRI.
 */
export const Interest = {
  READABLE: 0b001,
  WRITABLE: 0b010,
  PRIORITY: 0b100,
} as const;

export type InterestBits = number;

// epoll(7) bits. EPOLLET is bit 31: kept as a positive number and sent to C++ as a uint32, never
// through a signed 32-bit integer.
export const EPOLLIN = 0x001;
export const EPOLLPRI = 0x002;
export const EPOLLOUT = 0x004;
export const EPOLLERR = 0x008;
export const EPOLLHUP = 0x010;
export const EPOLLRDHUP = 0x2000;
export const EPOLLEXCLUSIVE = 0x1000_0000;
export const EPOLLONESHOT = 0x4000_0000;
export const EPOLLET = 0x8000_0000;

const ALL = Interest.READABLE | Interest.WRITABLE | Interest.PRIORITY;

/** Interest bits to epoll bits; throws on an empty or unknown set. */
export function interestToEpoll(interest: InterestBits): number {
  if (!Number.isInteger(interest) || interest <= 0 || (interest & ~ALL) !== 0) {
    throw invalidInterest(interest);
  }
  let bits = 0;
  if (interest & Interest.READABLE) bits |= EPOLLIN | EPOLLRDHUP;
  if (interest & Interest.WRITABLE) bits |= EPOLLOUT;
  if (interest & Interest.PRIORITY) bits |= EPOLLPRI;
  return bits;
}

function invalidInterest(interest: unknown) {
  return invalidArg(`interest must be a non-empty combination of Interest bits, got ${String(interest)}`);
}
