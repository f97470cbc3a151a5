// The sync stream over a transport of the caller's: its arguments are checked at construction
// and its answers on every call, so a broken transport is a coded error, never a spin.
import { expect } from 'chai';
import { sync, TlsError, WOULD_BLOCK, type sync as Sync } from '../src/index.js';

type Transport = Sync.Transport;
const quiet = (write: Transport['write']): Transport => ({ read: () => WOULD_BLOCK, write });

describe('sync TlsStream over a custom transport', () => {
  const bad: [string, unknown, unknown][] = [
    ['transport a number', 5, 'localhost'],
    ['transport without methods', {}, 'localhost'],
    ['transport null', null, 'localhost'],
    ['host a number', quiet((b) => b.length), 5],
    ['host missing', quiet((b) => b.length), undefined],
  ];
  for (const [name, transport, host] of bad) {
    it(`${name}: ERR_INVALID_ARG_TYPE from the constructor`, () => {
      expect(() => new sync.TlsStream(transport as Transport, host as string)).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    });
  }

  const answers: [string, Transport][] = [
    ['write answering 0 (would spin forever)', quiet(() => 0)],
    ['write answering -1', quiet(() => -1)],
    ['write answering more than it was given', quiet((b) => b.length + 10)],
    ['write answering NaN', quiet(() => NaN)],
    ['read answering more than the buffer', { read: () => 1e6, write: (b) => b.length }],
    ['read answering a string', { read: () => 'x' as never, write: (b) => b.length }],
    ['read answering 1.5', { read: () => 1.5, write: (b) => b.length }],
  ];
  for (const [name, transport] of answers) {
    it(`${name}: ERR_INVALID_RETURN_VALUE`, () => {
      let calls = 0;
      const counted: Transport = {
        read: (b) => (++calls > 1000 ? WOULD_BLOCK : transport.read(b)),
        write: (b) => {
          if (++calls > 1000) throw new Error('the stream kept calling write');
          return transport.write(b);
        },
      };
      const s = new sync.TlsStream(counted, 'localhost');
      try {
        expect(() => s.handshake()).to.throw(TlsError).with.property('code', 'ERR_INVALID_RETURN_VALUE');
      } finally {
        s.close();
      }
    });
  }

  it('a transport that takes one byte at a time gets the whole ClientHello, in order', () => {
    const sent: number[] = [];
    const s = new sync.TlsStream(quiet((b) => (sent.push(b[0]!), 1)), 'localhost');
    try {
      expect(s.handshake()).to.equal(WOULD_BLOCK);
      expect(s.wants).to.equal('read');
      // A TLS handshake record: type 22, then a length that covers the rest.
      expect(sent[0]).to.equal(0x16);
      expect(sent.length).to.equal(5 + ((sent[3]! << 8) | sent[4]!));
    } finally {
      s.close();
    }
  });
});
