import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { native } from '../src/binding.js';
import { TlsError } from '../src/index.js';
import { certs } from './util/index.js';

const require = createRequire(import.meta.url);
const ADDON = new URL('../build/Release/ferrite_tls.node', import.meta.url).pathname;

describe('the native addon', () => {
  it("links no libssl/libcrypto: OpenSSL resolves against node's own symbols", () => {
    const dynamic = execFileSync('readelf', ['-d', ADDON], { encoding: 'utf8' });
    const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
    expect(needed.length).to.be.greaterThan(0);
    expect(needed.filter((n) => /ssl|crypto/.test(n!))).to.deep.equal([]);
    expect(dynamic).to.match(/NODELETE/);
    // And it is the OpenSSL node runs with.
    expect(native.opensslVersion).to.include(process.versions.openssl);
  });

  it('its classes cannot be constructed from JavaScript', () => {
    const raw = require(ADDON);
    const ctx = native.createContext(certs().ca, 0x303, 0x304);
    const Ctor = ctx.constructor as new () => unknown;
    expect(() => new Ctor()).to.throw().with.property('code', 'ERR_ILLEGAL_CONSTRUCTOR');
    const engine = ctx.connect('localhost', 'localhost', 0, null, new Uint8Array(0));
    const Engine = engine.constructor as new () => unknown;
    expect(() => new Engine()).to.throw().with.property('code', 'ERR_ILLEGAL_CONSTRUCTOR');
    expect(raw.createContext).to.be.a('function');
    engine.close();
    ctx.close();
  });

  it('wrong argument types get coded errors, never a crash', () => {
    const n = native as unknown as Record<string, (...a: unknown[]) => unknown>;
    expect(() => n.createContext!(42, 0x303, 0x304)).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(() => n.createContext!(null, 0x301, 0x304)).to.throw(RangeError).with.property('code', 'ERR_OUT_OF_RANGE');
    expect(() => n.createContext!(null, 0x303, 'x')).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(() => n.createContext!('not a pem', 0x303, 0x304)).to.throw(TlsError).with.property('code', 'ERR_TLS_INVALID_CA');
    expect(() => n.setRoots!({})).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    const ctx = native.createContext(certs().ca, 0x303, 0x304) as unknown as Record<string, (...a: unknown[]) => unknown>;
    expect(() => ctx.connect!(1, 'h', 0, null, new Uint8Array(0))).to.throw().with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(() => ctx.connect!('h', 'h', 2, null, new Uint8Array(0))).to.throw().with.property('code', 'ERR_OUT_OF_RANGE');
    expect(() => ctx.connect!('h', 'h', 0, 'session', new Uint8Array(0))).to.throw().with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(() => ctx.connect!('h', 'h', 0, null, new Uint16Array(2))).to.throw().with.property('code', 'ERR_INVALID_ARG_TYPE');
    const engine = ctx.connect!('h', 'h', 0, null, new Uint8Array(0)) as Record<string, (...a: unknown[]) => unknown>;
    expect(() => engine.read!('buf')).to.throw().with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(() => engine.feed!(new Uint8Array(4), 5)).to.throw(RangeError).with.property('code', 'ERR_OUT_OF_RANGE');
    expect(() => engine.feed!(new Uint8Array(4), -1)).to.throw(RangeError).with.property('code', 'ERR_OUT_OF_RANGE');
    // A method called on the wrong receiver is refused before it runs.
    expect(() => engine.read!.call(ctx, new Uint8Array(4))).to.throw();
    expect(() => engine.read!.call({}, new Uint8Array(4))).to.throw();
    engine.close!();
    ctx.close!();
  });

  it('close() is idempotent; any later use is ERR_CLOSED', () => {
    const ctx = native.createContext(certs().ca, 0x303, 0x304);
    const engine = ctx.connect('localhost', 'localhost', 0, null, new Uint8Array(0));
    expect(engine.handshake()).to.equal(-1); // the ClientHello is queued, the reply awaited
    expect(engine.drain(new Uint8Array(4096))).to.be.greaterThan(0);
    engine.close();
    engine.close();
    for (const use of [() => engine.handshake(), () => engine.read(new Uint8Array(1)), () => engine.session(), () => engine.drain(new Uint8Array(1))]) {
      expect(use).to.throw(TlsError).with.property('code', 'ERR_CLOSED');
    }
    ctx.close();
    ctx.close();
    expect(() => ctx.connect('h', 'h', 0, null, new Uint8Array(0))).to.throw(TlsError).with.property('code', 'ERR_CLOSED');
  });
});
