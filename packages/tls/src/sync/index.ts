export { TlsStream, type Transport } from './tls-stream.js';
