// The smallest run loop that honours the waker contract: a FIFO of tasks, queued at most once.
// Each task is its own context and wake target (a Context subclass implementing wake(), the form
// @ferrite/future documents for executors): no Context or Waker object per task, which a
// `new Context(Waker.from(task))` per task cost the futures benchmark in live bytes (4 objects,
// 170 bytes per task against 106) and, at a million tasks, a second full GC. What the futures
// benchmark drives.
import { Context, PENDING, type Future } from '@ferrite/future';

class Task extends Context {
  queued = false;
  constructor(
    readonly loop: MiniLoop,
    public future: Future<unknown> | null,
  ) {
    super();
  }
  wake(): void {
    if (this.queued || this.future === null) return;
    this.queued = true;
    this.loop.queue.push(this);
  }
}

export class MiniLoop {
  queue: Task[] = [];
  completed = 0;

  spawn(future: Future<unknown>): void {
    new Task(this, future).wake();
  }

  run(): void {
    while (this.queue.length > 0) {
      // Swap queues instead of shift(): O(1) per task.
      const batch = this.queue;
      this.queue = [];
      for (let i = 0; i < batch.length; i++) {
        const task = batch[i]!;
        task.queued = false;
        if (task.future!.poll(task) !== PENDING) {
          task.future = null;
          this.completed++;
        }
      }
    }
  }
}
