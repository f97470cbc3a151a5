import { expect } from 'chai';
import { openSync, closeSync } from 'node:fs';
import { Events, Interest, Poll } from '../src/index.js';
import { bytes, expectCode, pollTokens, socketPair } from './util/index.js';

describe('Registry', () => {
  it('deregister() stops events', () => {
    using poll = new Poll();
    const events = new Events(4);
    const [a, b] = socketPair();
    using _a = a;
    using _b = b;
    poll.registry().register(b, 1, Interest.READABLE, { mode: 'level' });
    poll.registry().deregister(b);
    a.write(bytes('x'));
    expect(pollTokens(poll, events, 30)).to.deep.equal([]);
  });

  it('keeps the kernel codes: EEXIST, ENOENT, EBADF, EPERM, ELOOP', () => {
    using poll = new Poll();
    const [a, b] = socketPair();
    using _a = a;
    using _b = b;
    poll.registry().register(b, 1, Interest.READABLE);
    expectCode(() => poll.registry().register(b, 1, Interest.READABLE), 'EEXIST');
    expectCode(() => poll.registry().deregister(a), 'ENOENT');
    expectCode(() => poll.registry().reregister(a, 1, Interest.READABLE), 'ENOENT');
    const file = openSync('/proc/self/status', 'r');
    try {
      expectCode(() => poll.registry().register(file, 1, Interest.READABLE), 'EPERM');
    } finally {
      closeSync(file);
    }
    expectCode(() => poll.registry().register(file, 1, Interest.READABLE), 'EBADF');
    using inner = new Poll();
    poll.registry().register(inner, 5, Interest.READABLE);
    expectCode(() => inner.registry().register(poll, 6, Interest.READABLE), 'ELOOP');
  });

  it('error shape is Node system-error shaped', () => {
    using poll = new Poll();
    try {
      poll.registry().deregister(0x7ffffff);
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(Error);
      expect(err).to.include({ code: 'EBADF', errno: -9, syscall: 'epoll_ctl' });
    }
  });

  it('rejects bad tokens, interests, modes and sources with ERR_INVALID_ARG_VALUE', () => {
    using poll = new Poll();
    const r = poll.registry();
    for (const token of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, NaN]) {
      expectCode(() => r.register(0, token, Interest.READABLE), 'ERR_INVALID_ARG_VALUE');
    }
    for (const interest of [0, 8, -1]) expectCode(() => r.register(0, 1, interest), 'ERR_INVALID_ARG_VALUE');
    expectCode(() => r.register(0, 1, Interest.READABLE, { mode: 'sideways' as never }), 'ERR_INVALID_ARG_VALUE');
    expectCode(() => r.register(-3, 1, Interest.READABLE), 'ERR_INVALID_ARG_VALUE');
    expectCode(() => r.register({ fd: -1 }, 1, Interest.READABLE), 'ERR_INVALID_ARG_VALUE');
    expectCode(() => r.reregister(0, 1, Interest.READABLE, { exclusive: true }), 'ERR_INVALID_ARG_VALUE');
  });

  it('accepts exclusive on register (EPOLLEXCLUSIVE)', () => {
    using poll = new Poll();
    const events = new Events(4);
    const [a, b] = socketPair();
    using _a = a;
    using _b = b;
    poll.registry().register(b, 8, Interest.READABLE, { exclusive: true });
    a.write(bytes('x'));
    expect(pollTokens(poll, events, 1000)).to.deep.equal([8]);
  });
});
