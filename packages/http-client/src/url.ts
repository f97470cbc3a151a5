// Request targets: `http:` and `https:`. What does not parse as a URL is ERR_HTTP_INVALID_URL; one that
// parses is still refused (ERR_HTTP_INVALID_REQUEST) if the raw string holds controls or spaces,
// which WHATWG parsing would silently strip (CR/LF/TAB) or encode, hiding a smuggling attempt.
import { httpError } from './errors.js';

export interface Target {
  /** 'scheme//host:port' ('http://a:80', 'https://a:443'): the key of the connection pool. */
  origin: string;
  /** `https:`: the connection speaks TLS (@ferrite/tls). */
  secure: boolean;
  /** As the URL spells it: a name, an IPv4 literal, or an IPv6 literal in brackets ('[::1]'). */
  host: string;
  port: number;
  /** Value of the Host header. */
  hostHeader: string;
  /** origin-form request target: path and query, at least '/'. */
  path: string;
  href: string;
}

// Controls (incl. CR, LF, NUL, TAB, DEL) and space are never valid in a request target.
const UNSAFE = /[\x00-\x20\x7f]/;

export function parseTarget(input: string | URL, base?: string): Target {
  const raw = typeof input === 'string' ? input : input.href;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw httpError('ERR_HTTP_INVALID_URL', `invalid URL: ${JSON.stringify(raw.length > 200 ? `${raw.slice(0, 200)}...` : raw)}`);
  }
  // A URL that parses may still carry what WHATWG parsing would silently drop or encode.
  if (UNSAFE.test(raw)) {
    throw httpError('ERR_HTTP_INVALID_REQUEST', `refusing a URL with control characters or spaces: ${JSON.stringify(raw)}`);
  }
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') throw httpError('ERR_HTTP_UNSUPPORTED_PROTOCOL', `unsupported protocol ${url.protocol}`);
  if (url.username || url.password) throw httpError('ERR_HTTP_INVALID_URL', 'credentials in URLs are not supported');
  // An IPv6 literal keeps its brackets, as in the URL and the Host header; the reactor's lookup
  // strips them (one home for that grammar: @ferrite/epoll's stripBrackets).
  const host = url.hostname;
  const defaultPort = secure ? 443 : 80;
  const port = url.port === '' ? defaultPort : Number(url.port);
  return {
    origin: `${url.protocol}//${host}:${port}`,
    secure,
    host,
    port,
    hostHeader: port === defaultPort ? host : `${host}:${port}`,
    path: `${url.pathname || '/'}${url.search}`,
    href: url.href,
  };
}
