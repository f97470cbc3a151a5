import { expect } from 'chai';
import {
  Context, Notify, PENDING, Semaphore, Waker, channel, oneshot, registerAwaitDriver, type AwaitDriver, type Future,
} from '../src/index.js';

/** An await driver standing in for @ferrite/executor: polls on setImmediate when woken. */
const immediateDriver: AwaitDriver = <T>(f: Future<T>) => new Promise<T>((resolve, reject) => {
  let scheduled = false;
  const step = () => {
    scheduled = false;
    try {
      const p = f.poll(cx);
      if (p !== PENDING) resolve(p.value);
    } catch (err) {
      reject(err);
    }
  };
  const cx = new Context(Waker.from(() => {
    if (!scheduled) {
      scheduled = true;
      setImmediate(step);
    }
  }));
  step();
});

describe('sync primitives awaited from Node (like every ferrite future)', () => {
  let saved: AwaitDriver | null;
  beforeEach(() => {
    saved = registerAwaitDriver(immediateDriver);
  });
  afterEach(() => registerAwaitDriver(saved));

  it('channel, oneshot, Semaphore and Notify futures work with plain await', async () => {
    const [tx, rx] = channel<number>(1);
    const [done, finished] = oneshot<string>();
    const sem = new Semaphore(1);
    const notify = new Notify();
    const consumer = (async () => {
      const got: number[] = [];
      for (let v = await rx.recv(); v !== undefined; v = await rx.recv()) got.push(v);
      done.send('drained');
      return got;
    })();
    {
      using _permit = await sem.acquire();
      for (let i = 0; i < 5; i++) await tx.send(i); // waits for the consumer: capacity 1
      tx.close();
    }
    expect(sem.available).to.equal(1);
    expect(await finished).to.equal('drained');
    expect(await consumer).to.deep.equal([0, 1, 2, 3, 4]);
    setImmediate(() => notify.notifyWaiters());
    await notify.notified();
  });

  it('a failure rejects the await with its code', async () => {
    const [tx, rx] = oneshot<number>();
    tx.close();
    let code: unknown;
    try {
      await rx;
    } catch (err) {
      code = (err as { code?: string }).code;
    }
    expect(code).to.equal('ERR_CLOSED');
  });
});
