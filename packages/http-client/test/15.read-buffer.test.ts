// ReadBuffer without a socket: streams that give scripted bytes. All ReadBuffers of a thread read
// into one scratch buffer; these check that bytes one holds survive another's reads, and that
// only a buffer holding bytes costs memory of its own.
import { expect } from 'chai';
import { Context, PENDING, Poll, Waker } from '@ferrite/future';
import type { TcpStream } from '@ferrite/reactor';
import { Connection } from '../src/connection.js';
import { ReadBuffer } from '../src/read-buffer.js';

const cx = new Context(Waker.noop());
/** A stream that always has `chunk` bytes of `byte` to give. */
function source(chunk: number, byte = 0x61): TcpStream {
  return { pollRead: (_cx: Context, buf: Uint8Array) => Poll.ready(buf.fill(byte, 0, Math.min(chunk, buf.length)) && Math.min(chunk, buf.length)) } as unknown as TcpStream;
}
/** A stream with nothing to give yet. */
const silent = { pollRead: () => PENDING } as unknown as TcpStream;
const held = (b: ReadBuffer) => b.bytes.toString('latin1', b.start, b.end);

describe('ReadBuffer', () => {
  it('grows a buffer of its own for a large head, and drops it once emptied (a pooled connection keeps none)', () => {
    const input = new ReadBuffer();
    const stream = source(8 * 1024);
    while (input.length < 1024 * 1024) input.fill(cx, stream, 2 * 1024 * 1024); // a 1 MiB head, not consumed yet
    expect(input.capacity).to.be.at.least(1024 * 1024);
    input.consume(input.length - 10);
    expect(input.capacity, 'still holding bytes').to.be.at.least(1024 * 1024);
    input.consume(10);
    expect([input.capacity, input.length, input.start, input.end]).to.deep.equal([0, 0, 0, 0]);
    input.fill(cx, stream, 16 * 1024);
    expect([input.length, input.capacity]).to.deep.equal([8 * 1024, 0]);
  });

  it('a connection waiting for its response holds no buffer', () => {
    const many = Array.from({ length: 100 }, () => new ReadBuffer());
    for (const b of many) expect(b.fill(cx, silent, 16 * 1024)).to.equal(PENDING);
    expect(many.map((b) => b.capacity + b.length)).to.deep.equal(many.map(() => 0));
  });

  it('bytes one connection holds survive other connections reading: moved to a buffer sized to them, then back', () => {
    const a = new ReadBuffer();
    const b = new ReadBuffer();
    a.fill(cx, source(100, 0x61), 16 * 1024);
    a.consume(40); // a partial head: 60 bytes held
    expect(a.capacity, 'in the shared scratch').to.equal(0);
    b.fill(cx, source(16 * 1024, 0x62), 16 * 1024); // overwrites the scratch
    expect(held(b)).to.equal('b'.repeat(16 * 1024));
    expect([held(a), a.capacity]).to.deep.equal(['a'.repeat(60), 60]);
    a.fill(cx, source(5, 0x63), 16 * 1024); // back into the scratch, the new bytes after them
    expect([held(a), a.capacity]).to.deep.equal([`${'a'.repeat(60)}ccccc`, 0]);
    b.consume(b.length);
    b.fill(cx, source(10, 0x64), 16 * 1024);
    expect([held(a), held(b)]).to.deep.equal([`${'a'.repeat(60)}ccccc`, 'dddddddddd']);
  });

  it('a head larger than half the scratch stays in its own buffer across reads, and grows from it', () => {
    const a = new ReadBuffer();
    const b = new ReadBuffer();
    a.fill(cx, source(12 * 1024, 0x61), 64 * 1024);
    b.fill(cx, source(100, 0x62), 64 * 1024);
    expect(a.capacity).to.equal(12 * 1024);
    a.fill(cx, source(12 * 1024, 0x63), 64 * 1024);
    expect(held(a)).to.equal('a'.repeat(12 * 1024) + 'c'.repeat(12 * 1024));
    expect(held(b)).to.equal('b'.repeat(100));
  });

  it('a full scratch with consumed bytes in front is compacted, not grown', () => {
    const a = new ReadBuffer();
    a.fill(cx, source(16 * 1024, 0x61), 16 * 1024);
    a.consume(16 * 1024 - 3);
    a.fill(cx, source(16 * 1024, 0x62), 16 * 1024);
    expect([a.capacity, a.length]).to.deep.equal([0, 16 * 1024]);
    expect(held(a)).to.equal(`aaa${'b'.repeat(16 * 1024 - 3)}`);
  });

  it('consuming more than is buffered is ERR_OUT_OF_RANGE', () => {
    const input = new ReadBuffer();
    expect(() => input.consume(1)).to.throw().with.property('code', 'ERR_OUT_OF_RANGE');
  });
});

describe('a closed connection and its read buffer', () => {
  /** A socket that always has `chunk` bytes of `byte`, and can be closed. */
  const socket = (chunk: number, byte = 0x61) => Object.assign(source(chunk, byte), { watchIdle() {}, close() {} }) as unknown as TcpStream;

  it('lets go of the bytes it held in the scratch: another connection reading moves none out for it', () => {
    const a = new Connection(socket(100), 'http://a');
    a.input.fill(cx, a.stream, 16 * 1024);
    a.input.consume(40); // a partial head, in the scratch, when the request is aborted
    a.close();
    expect([a.input.length, a.input.capacity]).to.deep.equal([0, 0]);
    const b = new ReadBuffer();
    b.fill(cx, source(16 * 1024, 0x62), 16 * 1024);
    expect([a.input.length, a.input.capacity, held(b)]).to.deep.equal([0, 0, 'b'.repeat(16 * 1024)]);
  });

  it('drops a buffer of its own (a large head cut short, a leftover moved out of the scratch)', () => {
    const a = new Connection(socket(8 * 1024), 'http://a');
    while (a.input.length < 64 * 1024) a.input.fill(cx, a.stream, 1024 * 1024);
    expect(a.input.capacity).to.be.at.least(64 * 1024);
    a.close();
    expect([a.input.length, a.input.capacity]).to.deep.equal([0, 0]);
    const c = new Connection(socket(100), 'http://c');
    c.input.fill(cx, c.stream, 16 * 1024);
    new ReadBuffer().fill(cx, source(10), 16 * 1024); // c's 100 bytes move to a buffer of its own
    expect(c.input.capacity).to.equal(100);
    c.close();
    expect([c.input.length, c.input.capacity]).to.deep.equal([0, 0]);
  });
});
