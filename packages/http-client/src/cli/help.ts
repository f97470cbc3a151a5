/** ferrite-get's --help: fits an 80×24 terminal (test/82.cli-args.test.ts checks it). */
export const USAGE = 'usage: ferrite-get [options] URL... (see --help)\n';

export const HELP = `usage: ferrite-get [options] URL...      fetch URLs concurrently (HTTP/1.1)
 -o, --output FILE    write the body to FILE (repeatable: one per URL, in order)
 -O, --remote-name    write each body to a file named from its URL
 -v, --verbose        print each body after its result line (buffered)
 -i, --include        print the response head before the body
 -I, --head           send HEAD and print the response head
 -H, --header 'N: v'  add a request header (repeatable)
 -L, --location       follow redirects (at most --max-redirs, default 50)
 -f, --fail           an HTTP status >= 400 fails (exit 22, no body written)
 -Z, --parallel N     at most N requests at once (default 50)
 -K, --url-file FILE  URLs, one a line, from FILE; FILE or a URL '-': stdin
     --json           one JSON line per URL: url, status, bytes, timings, error
     --max-time S     whole-request deadline, seconds
     --connect-timeout S  connect deadline, seconds
 -t, --timeout MS     head and body silence limit, ms (default 30000)
 -k, --insecure       accept any TLS certificate
     --cacert FILE    trust the CA certificates (PEM) in FILE
     --unix-socket P  connect to the Unix socket P (http: URLs)
 -h, --help           this help
A progress bar is drawn on stderr when it is a terminal, and cleared at the end.
exit: 0 all ok, 1 a request failed (network, TLS, protocol, timeout),
      2 usage error, 22 HTTP error with -f, 23 output not writable,
      130 interrupted (Ctrl-C)
`;
