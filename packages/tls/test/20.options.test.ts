import { expect } from 'chai';
import { dispose } from '@ferrite/future';
import { TlsError, TlsStream, sync } from '../src/index.js';
import { certs, ioFdCount } from './util/index.js';

/** A Uint8Array whose buffer was transferred away (length 0, no memory). */
function detached(): Uint8Array {
  const b = new Uint8Array(16);
  structuredClone(b.buffer, { transfer: [b.buffer] });
  return b;
}

const BROKEN_PEM = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';

describe('options and arguments', () => {
  const bad: [string, unknown, string][] = [
    ['options not an object', 5, 'ERR_INVALID_ARG_TYPE'],
    ['servername a number', { servername: 5 }, 'ERR_INVALID_ARG_TYPE'],
    ['servername empty', { servername: '' }, 'ERR_INVALID_ARG_VALUE'],
    ['rejectUnauthorized a string', { rejectUnauthorized: 'no' }, 'ERR_INVALID_ARG_TYPE'],
    ['minVersion TLSv1', { minVersion: 'TLSv1' }, 'ERR_INVALID_ARG_VALUE'],
    ['maxVersion below minVersion', { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.2' }, 'ERR_INVALID_ARG_VALUE'],
    ['ca a number', { ca: 5 }, 'ERR_INVALID_ARG_TYPE'],
    ['ca an empty array', { ca: [] }, 'ERR_INVALID_ARG_VALUE'],
    ['ca without a certificate', { ca: 'hello' }, 'ERR_TLS_INVALID_CA'],
    ['session a string', { session: 'abc' }, 'ERR_INVALID_ARG_TYPE'],
    ['ALPNProtocols a string', { ALPNProtocols: 'http/1.1' }, 'ERR_INVALID_ARG_TYPE'],
    ['ALPNProtocols with an empty name', { ALPNProtocols: [''] }, 'ERR_INVALID_ARG_VALUE'],
    // Refused from the call, not by the native engine after the TCP connect (the async form used to).
    ['servername with a NUL', { servername: 'localhost\0.evil.test' }, 'ERR_INVALID_ARG_VALUE'],
    ['servername with a space', { servername: 'a b' }, 'ERR_INVALID_ARG_VALUE'],
    ['servername of 300 bytes', { servername: 'a'.repeat(300) }, 'ERR_INVALID_ARG_VALUE'],
    ['servername with an empty label', { servername: 'a..b' }, 'ERR_INVALID_ARG_VALUE'],
    ['servername a lone dot', { servername: '.' }, 'ERR_INVALID_ARG_VALUE'],
    ['servername a Symbol', { servername: Symbol('x') }, 'ERR_INVALID_ARG_TYPE'],
    ['session bytes that are no session', { session: new Uint8Array([1, 2, 3]) }, 'ERR_TLS_INVALID_SESSION'],
    ['session of a detached buffer', { session: detached() }, 'ERR_TLS_INVALID_SESSION'],
    ['ALPNProtocols past 65535 bytes on the wire', { ALPNProtocols: Array(300).fill('a'.repeat(255)) }, 'ERR_INVALID_ARG_VALUE'],
    // A detached buffer used to throw Buffer.from's uncoded TypeError.
    ['ca a view of a detached buffer', { ca: detached() }, 'ERR_TLS_INVALID_CA'],
    ['ca a broken CERTIFICATE block', { ca: BROKEN_PEM }, 'ERR_TLS_INVALID_CA'],
    // The shared validators' RangeErrors, not the native reader's TypeError.
    ['ca past 16 MiB', { ca: 'x'.repeat((16 << 20) + 1) }, 'ERR_OUT_OF_RANGE'],
    ['ca with a NUL', { ca: `${BROKEN_PEM}\0` }, 'ERR_INVALID_ARG_VALUE'],
    // Client certificates are not supported: refused rather than silently not sent.
    ['cert (client certificates)', { cert: 'pem' }, 'ERR_INVALID_ARG_VALUE'],
    ['key (client certificates)', { key: 'pem' }, 'ERR_INVALID_ARG_VALUE'],
    ['pfx (client certificates)', { pfx: new Uint8Array(1) }, 'ERR_INVALID_ARG_VALUE'],
    // node:tls options we do not have: a timeout that would never fire must not look accepted.
    ['timeout (none: the reactor\'s timeout())', { timeout: 5000 }, 'ERR_INVALID_ARG_VALUE'],
    ['timeout NaN', { timeout: NaN }, 'ERR_INVALID_ARG_VALUE'],
    ['signal (none: dispose or abort)', { signal: AbortSignal.timeout(1000) }, 'ERR_INVALID_ARG_VALUE'],
  ];
  for (const [name, options, code] of bad) {
    it(`${name}: ${code}, from the call itself, with nothing opened`, () => {
      const before = ioFdCount();
      const kind = code === 'ERR_INVALID_ARG_TYPE' ? TypeError : code.startsWith('ERR_TLS_') ? TlsError : RangeError;
      expect(() => TlsStream.connect('127.0.0.1:1', options as object)).to.throw(kind).with.property('code', code);
      expect(() => sync.TlsStream.connect('127.0.0.1:1', options as object)).to.throw().with.property('code', code);
      expect(ioFdCount()).to.equal(before);
    });
  }

  it('ca with a broken CERTIFICATE block between good ones: ERR_TLS_INVALID_CA, not the first one alone', () => {
    const { ca } = certs();
    const { cert } = certs().selfSigned;
    expect(() => TlsStream.connect('127.0.0.1:1', { ca: [ca, cert] })).not.to.throw();
    // Text around the blocks (a bundle's comments) is fine; a block that does not parse is not.
    expect(() => TlsStream.connect('127.0.0.1:1', { ca: `# Test CA\n${ca}# self\n${cert}` })).not.to.throw();
    for (const bad of [[ca, BROKEN_PEM, cert], `${ca}${BROKEN_PEM}${cert}`, `${ca}${cert.slice(0, 200)}`]) {
      expect(() => TlsStream.connect('127.0.0.1:1', { ca: bad })).to.throw(TlsError).with.property('code', 'ERR_TLS_INVALID_CA');
    }
  });

  it('an empty ca is refused even once a context with the bundled roots exists (no shared cache entry)', () => {
    dispose(TlsStream.connect('127.0.0.1:1'));
    expect(() => TlsStream.connect('127.0.0.1:1', { ca: '' })).to.throw(TlsError).with.property('code', 'ERR_TLS_INVALID_CA');
    expect(() => TlsStream.connect('127.0.0.1:1', { ca: new Uint8Array(0) })).to.throw(TlsError).with.property('code', 'ERR_TLS_INVALID_CA');
  });

  it('a bad address: the reactor\'s and the epoll binding\'s coded errors', () => {
    expect(() => TlsStream.connect('nonsense')).to.throw().with.property('code', 'ERR_INVALID_ADDRESS');
    expect(() => sync.TlsStream.connect('nonsense')).to.throw().with.property('code', 'ERR_INVALID_ADDRESS');
  });

  it('buffers must be Uint8Arrays', () => {
    const s = sync.TlsStream.connect('127.0.0.1:1');
    try {
      expect(() => s.read('x' as never)).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
      expect(() => s.write([1] as never)).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    } finally {
      s.close();
    }
  });
});
