// The address grammar (src/address.ts), the one parser of 'host:port' for the whole stack.
import { expect } from 'chai';
import { EpollError, parseAddress, parseHostPort, stripBrackets } from '../src/index.js';

function invalid(fn: () => unknown): void {
  expect(fn).to.throw(EpollError).with.property('code', 'ERR_INVALID_ADDRESS');
}

describe('addresses', () => {
  it('parseHostPort: names, IPv4 and bracketed IPv6, as strings or objects', () => {
    expect(parseHostPort('example.com:80')).to.deep.equal({ host: 'example.com', port: 80 });
    expect(parseHostPort('127.0.0.1:0')).to.deep.equal({ host: '127.0.0.1', port: 0 });
    expect(parseHostPort('[::1]:8080')).to.deep.equal({ host: '::1', port: 8080 });
    expect(parseHostPort({ host: '[fe80::1]', port: 65535 })).to.deep.equal({ host: 'fe80::1', port: 65535 });
    expect(parseHostPort({ host: 'localhost', port: 1 })).to.deep.equal({ host: 'localhost', port: 1 });
  });

  it('parseHostPort: everything else is ERR_INVALID_ADDRESS', () => {
    for (const bad of ['example.com', ':80', '[]:80', '::1:80', '[::1]', 'a:b', 'a:-1', 'a:65536', 'a:1.5', '[a]b:1', 'a]:1']) {
      invalid(() => parseHostPort(bad));
    }
    for (const bad of [{ host: '', port: 1 }, { host: '[]', port: 1 }, { host: 'a', port: 1.5 }, { host: 'a', port: -1 },
      { host: 'a', port: 70000 }, { host: 'a', port: '80' }, { host: 'a[b', port: 1 }, { host: 5, port: 1 }, { port: 1 }]) {
      invalid(() => parseHostPort(bad as never));
    }
    for (const bad of [null, undefined, 80, Symbol('s'), 1n]) invalid(() => parseHostPort(bad as never));
  });

  it('parseAddress: an IP literal with its family; a name must be resolved first', () => {
    expect(parseAddress('10.0.0.1:5')).to.deep.equal({ host: '10.0.0.1', port: 5, family: 4 });
    expect(parseAddress({ host: '[::1]', port: 9 })).to.deep.equal({ host: '::1', port: 9, family: 6 });
    invalid(() => parseAddress('localhost:80'));
    invalid(() => parseAddress('[localhost]:80'));
  });

  it('stripBrackets removes one enclosing pair only', () => {
    expect(stripBrackets('[::1]')).to.equal('::1');
    expect(stripBrackets('::1')).to.equal('::1');
    expect(stripBrackets('example.com')).to.equal('example.com');
    expect(stripBrackets('[')).to.equal('[');
    expect(stripBrackets('[]')).to.equal('');
    expect(stripBrackets('[[x]]')).to.equal('[x]');
  });
});
