// A Waiter moved from one list to another (a future that waited to write, then waits to read,
// with the same Waiter) keeps the waker it was given: the move must not leave it linked with none.
import { expect } from 'chai';
import { Waker } from '@ferrite/future';
import { Waiter } from '../src/index.js';
import { WaiterList, wakeChain } from '../src/waiters.js';

describe('a waiter moved between lists', () => {
  it('is woken through the list it moved to', () => {
    const owner = { recount() {} };
    const writers = new WaiterList(owner);
    const readers = new WaiterList(owner);
    let woken = 0;
    const waker = Waker.from(() => woken++);
    const w = new Waiter();
    writers.add(w, waker);
    readers.add(w, waker);
    expect([writers.empty, readers.empty, w.waiting]).to.deep.equal([true, false, true]);
    wakeChain(readers.takeAll());
    expect(woken).to.equal(1);
  });
});
