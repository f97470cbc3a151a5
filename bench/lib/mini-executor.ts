// The smallest run loop that honours the waker contract: a FIFO of tasks, each task its own waker
// target (no closure per wake), queued at most once. What the futures benchmark drives.
import { Context, PENDING, Waker, type Future } from '@ferrite/future';

class Task {
  queued = false;
  readonly cx: Context;
  constructor(
    readonly loop: MiniLoop,
    public future: Future<unknown> | null,
  ) {
    this.cx = new Context(Waker.from(this));
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
        if (task.future!.poll(task.cx) !== PENDING) {
          task.future = null;
          this.completed++;
        }
      }
    }
  }
}
