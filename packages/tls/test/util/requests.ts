const encoder = new TextEncoder();

/** An HTTP/1.1 GET that asks the server to close after the response (or not). */
export const get = (path: string, host = 'localhost', close = true) =>
  encoder.encode(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`);
