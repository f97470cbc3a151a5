export { TcpStream } from './tcp-stream.js';
export { TcpListener, type BindOptions } from './tcp-listener.js';
export { tcpPair } from './pair.js';
