export { TcpStream } from './tcp-stream.js';
export { TcpListener, type BindOptions } from './tcp-listener.js';
export { tcpPair } from './pair.js';
export { UnixStream } from './unix-stream.js';
export { UnixListener } from './unix-listener.js';
