// ReadBuffer without a socket: a stream that always has `chunk` bytes to give.
import { expect } from 'chai';
import { Context, Poll, Waker } from '@ferrite/future';
import type { TcpStream } from '@ferrite/reactor';
import { ReadBuffer } from '../src/read-buffer.js';

const cx = new Context(Waker.noop());
function source(chunk: number): TcpStream {
  return { pollRead: (_cx: Context, buf: Uint8Array) => Poll.ready(buf.fill(0x61, 0, Math.min(chunk, buf.length)) && Math.min(chunk, buf.length)) } as unknown as TcpStream;
}

describe('ReadBuffer', () => {
  it('grows for a large head, and goes back to its first size once emptied (a pooled connection keeps no large buffer)', () => {
    const input = new ReadBuffer();
    const first = input.capacity;
    const stream = source(8 * 1024);
    while (input.length < 1024 * 1024) input.fill(cx, stream, 2 * 1024 * 1024); // a 1 MiB head, not consumed yet
    expect(input.capacity).to.be.at.least(1024 * 1024);
    input.consume(input.length - 10);
    expect(input.capacity, 'still holding bytes').to.be.at.least(1024 * 1024);
    input.consume(10);
    expect([input.capacity, input.length, input.start, input.end]).to.deep.equal([first, 0, 0, 0]);
    input.fill(cx, stream, 16 * 1024);
    expect(input.length).to.equal(8 * 1024);
  });

  it('consuming more than is buffered is ERR_OUT_OF_RANGE', () => {
    const input = new ReadBuffer();
    expect(() => input.consume(1)).to.throw().with.property('code', 'ERR_OUT_OF_RANGE');
  });
});
