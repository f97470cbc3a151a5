// The one check of a Unix socket path, before any syscall: it must fit sun_path whole (a name
// the kernel would truncate reaches a different socket), and only an abstract name may hold NUL.
import { EpollError, invalidArg } from '../errors.js';

/** sizeof(sockaddr_un.sun_path) on Linux. */
const SUN_PATH = 108;

/** `path` as given (the native layer checks again), or ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE. */
export function checkUnixPath(path: unknown): string {
  if (typeof path !== 'string') throw new EpollError('ERR_INVALID_ARG_TYPE', `a Unix socket path must be a string, got ${typeof path}`);
  if (path.length === 0) throw invalidArg('a Unix socket path must not be empty');
  const abstract = path.startsWith('\0');
  // A filesystem path also needs room for its terminating NUL; an abstract name does not.
  const room = abstract ? SUN_PATH : SUN_PATH - 1;
  const bytes = Buffer.byteLength(path, 'utf8');
  if (bytes > room) throw invalidArg(`a Unix socket path is at most ${room} bytes, got ${bytes}: ${JSON.stringify(path.slice(0, 40))}...`);
  if (!abstract && path.includes('\0')) throw invalidArg('a Unix socket path must not contain NUL (an abstract name starts with one)');
  return path;
}
