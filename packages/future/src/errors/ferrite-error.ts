/**
 * The base of every error the TypeScript layers of ferrite throw (future, reactor, executor,
 * http-client, tls): a message, a stable string `code` to branch on, and an optional `cause`.
 * Each package has one class on it (`FutureError`, `ReactorError`, `RuntimeError`, ...) and a
 * union of its codes, so `err.code` is typed where the class is known and `instanceof
 * FerriteError` tells ferrite's errors from everything else.
 */
export class FerriteError<C extends string = string> extends Error {
  /** What went wrong, stable across versions (the message may change): 'ERR_CLOSED', ... */
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    // The subclass's own name ('ReactorError', 'TimeoutError'), so stacks and inspect say it.
    this.name = new.target.name;
  }
}
