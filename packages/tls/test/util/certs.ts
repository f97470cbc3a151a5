// Certificates made at test time with the openssl CLI (never a committed fixture that expires):
// a private CA, leaves it signs (a name+IP one, an SNI one, an IP-only one, an expired and a
// not-yet-valid one made with `openssl ca` and explicit dates, which works on OpenSSL 3.0), and a
// self-signed one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
  key: string;
  cert: string;
}

export interface Certs {
  ca: string;
  /** Signed by ca: DNS:localhost, IP:127.0.0.1, IP:::1. */
  localhost: KeyPair;
  /** Signed by ca: DNS:other.test (for SNI). */
  other: KeyPair;
  /** Signed by ca: IP:127.0.0.2 only. */
  ipOnly: KeyPair;
  /** Signed by ca, valid in 2020 only. */
  expired: KeyPair;
  /** Signed by ca, valid in 2099 only. */
  notYetValid: KeyPair;
  /** Self-signed, DNS:localhost. */
  selfSigned: KeyPair;
}

let cached: Certs | null = null;

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function certs(): Certs {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'ferrite-tls-'));
  try {
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    openssl(dir, ['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Ferrite Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    const leaf = (name: string, san: string): KeyPair => {
      writeFileSync(join(dir, `${name}.ext`), `basicConstraints=CA:FALSE\nsubjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
      openssl(dir, ['req', '-new', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
      openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
        '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`]);
      return { key: read(`${name}.key`), cert: read(`${name}.crt`) };
    };
    const localhost = leaf('localhost', 'DNS:localhost,IP:127.0.0.1,IP:::1');
    const other = leaf('other', 'DNS:other.test');
    const ipOnly = leaf('iponly', 'IP:127.0.0.2');

    // Expired: `openssl ca` takes explicit start and end dates (x509 -req cannot backdate on 3.0).
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '1000\n');
    writeFileSync(join(dir, 'ca.cnf'), [
      '[ ca ]', 'default_ca = test', '[ test ]', `dir = ${dir}`, 'database = $dir/index.txt', 'serial = $dir/serial',
      'new_certs_dir = $dir', 'certificate = $dir/ca.crt', 'private_key = $dir/ca.key', 'default_md = sha256',
      'policy = any', 'copy_extensions = none', 'x509_extensions = ext', 'unique_subject = no',
      '[ any ]', 'commonName = supplied', '[ ext ]', 'basicConstraints = CA:FALSE', 'subjectAltName = DNS:localhost,IP:127.0.0.1', '',
    ].join('\n'));
    openssl(dir, ['req', '-new', ...EC, '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', '/CN=localhost']);
    openssl(dir, ['ca', '-batch', '-config', 'ca.cnf', '-in', 'expired.csr', '-out', 'expired.crt',
      '-startdate', '20200101000000Z', '-enddate', '20200201000000Z', '-notext']);
    const expired = { key: read('expired.key'), cert: read('expired.crt') };
    // Not yet valid: the same, dated in the future.
    openssl(dir, ['req', '-new', ...EC, '-keyout', 'future.key', '-out', 'future.csr', '-subj', '/CN=localhost']);
    openssl(dir, ['ca', '-batch', '-config', 'ca.cnf', '-in', 'future.csr', '-out', 'future.crt',
      '-startdate', '20990101000000Z', '-enddate', '20990201000000Z', '-notext']);
    const notYetValid = { key: read('future.key'), cert: read('future.crt') };

    openssl(dir, ['req', '-x509', ...EC, '-keyout', 'self.key', '-out', 'self.crt', '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
    const selfSigned = { key: read('self.key'), cert: read('self.crt') };
    cached = { ca: read('ca.crt'), localhost, other, ipOnly, expired, notYetValid, selfSigned };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
