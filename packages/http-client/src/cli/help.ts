/** ferrite-get's --help: fits an 80×24 terminal (test/84.cli-args.test.ts checks it). */
export const USAGE = 'usage: ferrite-get [options] URL... (see --help)\n';

export const HELP = `usage: ferrite-get [options] URL...      fetch URLs concurrently (HTTP/1.1)
 -o, --output FILE    write the body to FILE (repeatable: one per URL, in order)
 -O, --remote-name    write each body to a file named from its URL
 -v, --verbose        print bodies after result lines; -i, --include: heads too
 -I, --head           send HEAD and print the response head
 -H, --header 'N: v'  add a request header (repeatable)
 -X, --request M      method M (default GET; POST with data, PUT with -T)
 -d, --data D|@F      form data; @F: file F, newlines dropped; repeats join '&'
     --data-binary D|@F  data as is, a file streamed; --data-raw D: no @ meaning
     --json-data D|@F as --data-binary, JSON headers (curl's --json, renamed)
 -T, --upload-file F  PUT file F, streamed; @- and -T -: stdin, for one URL
 -L, --location       follow redirects (at most --max-redirs, default 50)
 -f, --fail           an HTTP status >= 400 fails (exit 22, no body written)
 -Z, --parallel N     at most N requests at once (default 50)
 -K, --url-file FILE  URLs, one a line, from FILE; FILE or a URL '-': stdin
     --json           one JSON line per URL: url, status, bytes, timings, error
     --max-time S, --connect-timeout S   deadlines, seconds: whole, connect
 -t, --timeout MS     head and body silence limit, ms (default 30000)
 -k, --insecure       accept any TLS certificate; --cacert FILE: trust its CAs
     --unix-socket P  connect to the Unix socket P (http: URLs)
 -h, --help           this help (a progress bar is drawn when stderr is a tty)
exit: 0 ok, 1 a request failed, 2 usage error or unreadable file, 22 HTTP
      error with -f, 23 output not writable, 130 interrupted (Ctrl-C)
`;
