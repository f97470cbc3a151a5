// fibers_clients: N concurrent TCP clients, each one a fiber of @ferrite/fibers running
// straight-line C: ask JavaScript for the request, connect, write it, half-close, read the reply
// to EOF, report to JavaScript. Every wait has a timeout. Everything a client owns hangs off its
// `client` struct and is released by client_cleanup, which the runtime calls once whether the body
// returned or the runtime was closed under a waiting fiber.
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ferrite/fibers.h>

#define REPLY_MAX 65536

typedef struct client {
  ferrite_fibers_handle fibers;  // the function table and the runtime
  uint32_t channel;              // runtime.channel(fn): where requests and results go
  double index;
  double batch;                  // which spawnClients() call: told with every report
  int fd;
  int64_t timeout_ms;
  struct sockaddr_in addr;
  char reply[REPLY_MAX];
} client;

static void client_cleanup(void* arg) {
  client* c = arg;
  if (c->fd >= 0) close(c->fd);
  free(c);
}

static ferrite_fiber_value number(double d) {
  ferrite_fiber_value v = {FERRITE_VALUE_NUMBER, d, NULL, 0};
  return v;
}

static ferrite_fiber_value text(const char* s, size_t n) {
  ferrite_fiber_value v = {FERRITE_VALUE_STRING, 0, s, n};
  return v;
}

static ferrite_fiber_value bytes(const char* p, size_t n) {
  ferrite_fiber_value v = {FERRITE_VALUE_BYTES, 0, p, n};
  return v;
}

// connect(2) without blocking the thread: EINPROGRESS, then writable, then SO_ERROR.
static int connect_to(client* c) {
  c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (c->fd < 0) return -errno;
  if (connect(c->fd, (const struct sockaddr*)&c->addr, sizeof c->addr) == 0) return 0;
  if (errno != EINPROGRESS) return -errno;
  int r = c->fibers.api->wait_writable(c->fibers.rt, c->fd, c->timeout_ms);
  if (r < 0) return r;
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return -errno;
  return -err;
}

static int write_all(client* c, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
    if (w >= 0) {
      p += w;
      n -= (size_t)w;
    } else if (errno != EINTR) {
      if (errno != EAGAIN) return -errno;
      int r = c->fibers.api->wait_writable(c->fibers.rt, c->fd, c->timeout_ms);
      if (r < 0) return r;
    }
  }
  return 0;
}

// The reply up to EOF (the server closes after answering): its length, or -errno.
static ssize_t read_to_eof(client* c) {
  size_t got = 0;
  for (;;) {
    if (got == REPLY_MAX) return -EMSGSIZE;
    ssize_t n = read(c->fd, c->reply + got, REPLY_MAX - got);
    if (n == 0) return (ssize_t)got;
    if (n > 0) {
      got += (size_t)n;
    } else if (errno != EINTR) {
      if (errno != EAGAIN) return -errno;
      int r = c->fibers.api->wait_readable(c->fibers.rt, c->fd, c->timeout_ms);
      if (r < 0) return r;
    }
  }
}

static void client_main(void* arg) {
  client* c = arg;
  const ferrite_fibers_api* api = c->fibers.api;
  ferrite_fiber_value ask[3] = {text("request", 7), number(c->index), number(c->batch)};
  ferrite_fiber_value request;
  // What JavaScript wants sent: a string or bytes (valid until our next call_js).
  int r = api->call_js(c->fibers.rt, c->channel, ask, 3, &request);
  ssize_t result;
  if (r == FERRITE_FIBER_THREW) {
    // request holds the exception's message: handed back as the report's last value.
    ferrite_fiber_value done[5] = {text("done", 4), number(c->index), number(-ECANCELED), request, number(c->batch)};
    api->call_js(c->fibers.rt, c->channel, done, 5, NULL);
    return;
  }
  if (r < 0) {
    result = r;
  } else if (request.type != FERRITE_VALUE_STRING && request.type != FERRITE_VALUE_BYTES) {
    result = -EINVAL;
  } else if ((r = connect_to(c)) < 0 || (r = write_all(c, request.data, request.length)) < 0) {
    result = r;
  } else {
    shutdown(c->fd, SHUT_WR);
    result = read_to_eof(c);
  }
  ferrite_fiber_value done[5] = {text("done", 4), number(c->index), number(result < 0 ? (double)result : 0),
                                 bytes(c->reply, result < 0 ? 0 : (size_t)result), number(c->batch)};
  api->call_js(c->fibers.rt, c->channel, done, 5, NULL);
}

// ---- the N-API side (main stack only) ----

static napi_value fail(napi_env env, const char* code, const char* message) {
  napi_throw_error(env, code, message);
  return NULL;
}

// A failure part-way through the spawns: the error's `spawned` says how many clients did start.
static napi_value fail_spawned(napi_env env, const char* code, const char* message, int spawned) {
  napi_value c, m, error, n;
  if (napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &c) != napi_ok || napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &m) != napi_ok ||
      napi_create_error(env, c, m, &error) != napi_ok || napi_create_int32(env, spawned, &n) != napi_ok ||
      napi_set_named_property(env, error, "spawned", n) != napi_ok) {
    return fail(env, code, message);
  }
  napi_throw(env, error);
  return NULL;
}

static int get_number(napi_env env, napi_value v, double* out) {
  napi_valuetype t;
  return napi_typeof(env, v, &t) == napi_ok && t == napi_number && napi_get_value_double(env, v, out) == napi_ok;
}

// An integer in [min, max]: NaN, fractions and out-of-range values are refused before any cast
// (converting those to an integer type is undefined behaviour in C).
static int in_range(double d, double min, double max) { return d >= min && d <= max && d == (double)(int64_t)d; }

// spawnClients(handle, channel, host, port, count, timeoutMs, batch) -> fiber id of the first
// client. A spawn that fails part-way throws an error whose `spawned` says how many did start.
// index.js checks the same first (with friendlier messages); this is for calls made directly.
static napi_value spawn_clients(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  ferrite_fibers_handle fibers;
  int err = argc < 7 ? -EINVAL : ferrite_fibers_import(env, argv[0], &fibers);
  if (err == -ENOTSUP) return fail(env, "ERR_FIBERS_VERSION", "the installed @ferrite/fibers has another C API version than this addon was built with");
  if (err != 0) return fail(env, "ERR_INVALID_ARG_TYPE", "the first argument must be runtime.nativeHandle()");
  double channel, port, count, timeout, batch;
  char host[64];
  size_t hostLen;
  if (!get_number(env, argv[1], &channel) || !get_number(env, argv[3], &port) || !get_number(env, argv[4], &count) ||
      !get_number(env, argv[5], &timeout) || !get_number(env, argv[6], &batch) ||
      napi_get_value_string_utf8(env, argv[2], host, sizeof host, &hostLen) != napi_ok) {
    return fail(env, "ERR_INVALID_ARG_TYPE", "spawnClients(handle, channel, host, port, count, timeoutMs, batch)");
  }
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  // A host that filled the buffer was cut; one with a NUL inside would be read only up to it.
  int hostOk = hostLen < sizeof host - 1 && strlen(host) == hostLen && inet_pton(AF_INET, host, &addr.sin_addr) == 1;
  if (!hostOk || !in_range(channel, 1, 4294967295.0) || !in_range(port, 1, 65535) || !in_range(count, 0, 1e6) ||
      !in_range(timeout, -1, 9007199254740991.0) || !in_range(batch, 0, 9007199254740991.0)) {
    return fail(env, "ERR_INVALID_ARG_VALUE", "host must be an IPv4 address, channel a channel id, port an integer 1-65535, count 0-1e6, timeoutMs -1 or more, batch an integer >= 0");
  }
  addr.sin_port = htons((uint16_t)port);
  int64_t first = 0;
  for (int i = 0; i < (int)count; i++) {
    client* c = malloc(sizeof *c);
    if (c == NULL) return fail_spawned(env, "ENOMEM", "out of memory", i);
    c->fibers = fibers;
    c->channel = (uint32_t)channel;
    c->index = i;
    c->batch = batch;
    c->fd = -1;
    c->timeout_ms = (int64_t)timeout;
    c->addr = addr;
    int64_t id = fibers.api->spawn(fibers.rt, client_main, c, client_cleanup);
    if (id < 0) {
      // The clients spawned before this one stay: they run and report (the table cannot take a
      // spawned fiber back).
      free(c);  // not spawned: still ours
      return fail_spawned(env, id == -EAGAIN ? "ERR_TOO_MANY_FIBERS" : "ERR_SPAWN_FAILED", strerror((int)-id), i);
    }
    if (first == 0) first = id;
  }
  napi_value result;
  napi_create_double(env, (double)first, &result);
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn;
  if (napi_create_function(env, "spawnClients", NAPI_AUTO_LENGTH, spawn_clients, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "spawnClients", fn) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE_INIT() { return init(env, exports); }
