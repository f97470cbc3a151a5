/** Errors raised by @ferrite/fibers, each with a stable `code`. */
export class FiberError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'FiberError';
    this.code = code;
  }
}
