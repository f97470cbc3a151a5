// Self-signed certificates with a chosen subject and subjectAltName, made with the openssl CLI
// at test time (for the name-matching table: each is trusted through `ca` as its own root).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyPair } from './certs.js';

/** `subject` as openssl's -subj ('/CN=example.com'); `san` as an extension value, or none. */
export function selfSigned(subject: string, san?: string): KeyPair {
  const dir = mkdtempSync(join(tmpdir(), 'ferrite-tls-names-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', 'k.pem', '-out', 'c.pem', '-days', '2', '-subj', subject, ...(san ? ['-addext', `subjectAltName=${san}`] : [])],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
    return { key: readFileSync(join(dir, 'k.pem'), 'utf8'), cert: readFileSync(join(dir, 'c.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
