/**
 * SignalListener: a process signal as a readable fd, so a `Poll` (and a reactor) can wait for
 * SIGINT or SIGTERM like any other source. A program that owns its thread in `poll()` can then
 * shut down gracefully on Ctrl-C.
 *
 * ```ts
 * const sigint = new SignalListener('SIGINT');
 * poll.registry().register(sigint, SIGNAL_TOKEN, Interest.READABLE);
 * // ... an event for SIGNAL_TOKEN:
 * const count = sigint.read(); // how many SIGINTs since the last read (or WOULD_BLOCK)
 * sigint.close();              // the signal's previous disposition comes back
 * ```
 *
 * While a listener exists, the signal's default action (terminating the process, for SIGINT) is
 * replaced, as with `process.on('SIGINT')`; handlers installed by Node for its own listeners keep
 * running. Not signalfd: that only sees a signal every thread of the process blocks, and Node's
 * threads are not ours to mask. The addon's handler adds to an eventfd per listener instead.
 */
import { constants } from 'node:os';
import { native, NATIVE_WOULD_BLOCK } from './binding.js';
import { EpollError } from './errors.js';
import { OwnedFd } from './owned-fd.js';
import { WOULD_BLOCK, type WouldBlock } from './would-block.js';

export class SignalListener extends OwnedFd {
  /** The signal's name, e.g. 'SIGINT'. */
  readonly signal: NodeJS.Signals;

  constructor(signal: NodeJS.Signals) {
    const signo = typeof signal === 'string' ? (constants.signals as Record<string, number>)[signal] : undefined;
    if (signo === undefined) {
      throw new EpollError('ERR_UNKNOWN_SIGNAL', `unknown signal: ${String(signal)} (use a name such as 'SIGINT')`);
    }
    if (signal === 'SIGUSR1') {
      // Node's own: it starts the inspector. Listening would not stop that (we chain to it).
      throw new EpollError('ERR_INVALID_ARG_VALUE', 'SIGUSR1 is reserved by Node.js for the inspector');
    }
    super(native.signalListen(signo), 'SignalListener');
    this.signal = signal;
    keepHandlerOnTop();
  }

  /** How many times the signal arrived since the last read, or WOULD_BLOCK if it did not. */
  read(): number | WouldBlock {
    const n = this.handle().readCounter();
    return n === NATIVE_WOULD_BLOCK ? WOULD_BLOCK : n;
  }
}

let hooked = false;

/**
 * Node installs libuv's handler for a signal when JavaScript adds its first process listener for
 * it, and restores the default action when the last one goes; either would silently take the
 * signal from us. Node does that from its own 'newListener'/'removeListener' hooks, which run
 * before ours: ours put our handler back on top (chaining to libuv's).
 */
function keepHandlerOnTop(): void {
  if (hooked) return;
  hooked = true;
  const reassert = (event: string | symbol) => {
    if (typeof event === 'string' && event.startsWith('SIG')) native.signalReassert();
  };
  process.on('newListener', reassert);
  process.on('removeListener', reassert);
}
