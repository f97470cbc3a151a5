import { expect } from 'chai';
import { TlsStream, sync } from '../src/index.js';
import { ioFdCount } from './util/index.js';

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
  ];
  for (const [name, options, code] of bad) {
    it(`${name}: ${code}, from the call itself, with nothing opened`, () => {
      const before = ioFdCount();
      expect(() => TlsStream.connect('127.0.0.1:1', options as object)).to.throw().with.property('code', code);
      expect(() => sync.TlsStream.connect('127.0.0.1:1', options as object)).to.throw().with.property('code', code);
      expect(ioFdCount()).to.equal(before);
    });
  }

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
