#include "fd_handle.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <sched.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>

#include "signals.h"
#include "sockaddr.h"

namespace ferrite {

namespace {

// Returned to JS instead of throwing when the kernel says EAGAIN: the TS layer maps it to
// WOULD_BLOCK. Every other failure goes through ThrowErrno.
constexpr int kWouldBlock = -1;

constexpr double kMaxTimerMs = 9007199254740992.0;  // 2^53

// Adds 1 to an eventfd. If the counter is saturated (EAGAIN), drains it and adds again, so a wake
// is never lost however many came before (mio's waker does the same). Returns 0 or an errno.
int EventFdAdd(int fd) {
  uint64_t one = 1;
  for (int attempt = 0; attempt < 2; attempt++) {
    if (FERRITE_RETRY(::write(fd, &one, sizeof(one))) == sizeof(one)) return 0;
    if (errno != EAGAIN) return errno;
    uint64_t drained;
    if (FERRITE_RETRY(::read(fd, &drained, sizeof(drained))) < 0 && errno != EAGAIN) return errno;
  }
  return EAGAIN;
}

// The cell a Waker shares with other threads (an Int32Array over a SharedArrayBuffer):
// [magic, state, fd, 0]. `state` counts the threads inside NotifyShared, plus a closed bit. The
// owner sets the bit and waits for the count to drain before it closes the fd, so a notifier
// never writes into an fd number that has been closed and reused by then.
constexpr int32_t kCellMagic = 0x46574b31;  // "FWK1"
constexpr int32_t kCellClosed = 1 << 30;
constexpr size_t kCellLength = 4;

int32_t* CellOf(const Napi::CallbackInfo& info, size_t i) {
  napi_typedarray_type type;
  size_t length = 0;
  void* raw = nullptr;
  if (napi_get_typedarray_info(info.Env(), info[i], &type, &length, &raw, nullptr, nullptr) != napi_ok ||
      type != napi_int32_array || length < kCellLength || raw == nullptr) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", "a waker cell is an Int32Array of 4 from Waker.share()");
    return nullptr;
  }
  // Only a SharedArrayBuffer's memory lives as long as any thread holds it: a plain ArrayBuffer
  // can be detached (transferred) and freed while we point into it.
  napi_value buffer;
  bool plain = true;
  if (napi_get_typedarray_info(info.Env(), info[i], &type, &length, &raw, &buffer, nullptr) != napi_ok ||
      napi_is_arraybuffer(info.Env(), buffer, &plain) != napi_ok || plain) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", "a waker cell lives in a SharedArrayBuffer (use Waker.share())");
    return nullptr;
  }
  return static_cast<int32_t*>(raw);
}

bool ConstructingFrom(const Napi::CallbackInfo& info) {
  AddonData* data = Data(info.Env());
  if (data != nullptr && data->constructing) return true;
  ThrowCoded(info.Env(), "ERR_ILLEGAL_CONSTRUCTOR", "FdHandle is created by the addon's factories");
  return false;
}

}  // namespace

const napi_type_tag FdHandle::kTag = {0x6665727269746531ULL, 0x6664000000000001ULL};

void FdHandle::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "FdHandle",
                                    {
                                        Method<FdHandle, &FdHandle::Close>("close"),
                                        Getter<FdHandle, &FdHandle::GetFd>("fd"),
                                        Method<FdHandle, &FdHandle::Read>("read"),
                                        Method<FdHandle, &FdHandle::Write>("write"),
                                        Method<FdHandle, &FdHandle::Shutdown>("shutdown"),
                                        Method<FdHandle, &FdHandle::TakeError>("takeError"),
                                        Method<FdHandle, &FdHandle::SetNodelay>("setNodelay"),
                                        Method<FdHandle, &FdHandle::LocalAddr>("localAddr"),
                                        Method<FdHandle, &FdHandle::PeerAddr>("peerAddr"),
                                        Method<FdHandle, &FdHandle::Accept>("accept"),
                                        Method<FdHandle, &FdHandle::Notify>("notify"),
                                        Method<FdHandle, &FdHandle::Share>("share"),
                                        Method<FdHandle, &FdHandle::ReadCounter>("readCounter"),
                                        Method<FdHandle, &FdHandle::TimerSet>("timerSet"),
                                    });
  Data(env)->fdConstructor = Napi::Persistent(ctor);
  exports.Set("FdHandle", ctor);
  exports.Set("tcpConnect", Napi::Function::New(env, TcpConnect, "tcpConnect"));
  exports.Set("tcpListen", Napi::Function::New(env, TcpListen, "tcpListen"));
  exports.Set("unixConnect", Napi::Function::New(env, UnixConnect, "unixConnect"));
  exports.Set("unixListen", Napi::Function::New(env, UnixListen, "unixListen"));
  exports.Set("eventfd", Napi::Function::New(env, CreateEventFd, "eventfd"));
  exports.Set("timerfd", Napi::Function::New(env, CreateTimerFd, "timerfd"));
  exports.Set("notifyShared", Napi::Function::New(env, NotifyShared, "notifyShared"));
  exports.Set("signalListen", Napi::Function::New(env, SignalListen, "signalListen"));
  exports.Set("signalReassert", Napi::Function::New(env, SignalReassert, "signalReassert"));
}

// new FdHandle(fd, kind): only from Wrap(), which owns the fd it passes; `new` from JS is refused
// (it would adopt, and later close, any fd number).
FdHandle::FdHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<FdHandle>(info) {
  if (!ConstructingFrom(info)) return;
  fd_ = info[0].As<Napi::Number>().Int32Value();
  kind_ = static_cast<FdKind>(info[1].As<Napi::Number>().Int32Value());
  signo_ = info[2].As<Napi::Number>().Int32Value();
  napi_type_tag_object(info.Env(), info.This(), &kTag);
  Data(info.Env())->Track(this);
}

Napi::Value FdHandle::OnCalledAsFunction(const Napi::CallbackInfo& info) {
  return ThrowCoded(info.Env(), "ERR_ILLEGAL_CONSTRUCTOR", "FdHandle is created by the addon's factories");
}

FdHandle::~FdHandle() {
  CloseNow();
  if (data != nullptr) data->Untrack(this);
}

void FdHandle::CloseNow() {
  if (cell_ != nullptr) {
    // Refuse new notifiers, then wait out the ones already writing (a write to an eventfd never
    // blocks: this is a few instructions at most).
    __atomic_fetch_or(&cell_[1], kCellClosed, __ATOMIC_SEQ_CST);
    // Bounded: the count lives in memory any thread can write, and a close() must never hang on
    // a cell somebody tampered with. A real notifier holds a slot for one write: microseconds.
    for (int spins = 0; (__atomic_load_n(&cell_[1], __ATOMIC_SEQ_CST) & ~kCellClosed) != 0 && spins < 100000; spins++) {
      sched_yield();
    }
    cell_ = nullptr;
    cellRef_.Reset();
  }
  if (signo_ != 0 && fd_ >= 0) signals::Unlisten(signo_, fd_);  // no handler writes to it after this
  if (fd_ >= 0) {
    // close() must not be retried on EINTR on Linux: the fd is released either way.
    ::close(fd_);
    fd_ = -1;
  }
}

Napi::Value FdHandle::Wrap(Napi::Env env, int fd, FdKind kind, int signo) {
  AddonData* data = Data(env);
  data->constructing = true;
  Napi::Object obj = data->fdConstructor.New(
      {Napi::Number::New(env, fd), Napi::Number::New(env, static_cast<int>(kind)), Napi::Number::New(env, signo)});
  data->constructing = false;
  if (obj.IsEmpty() || env.IsExceptionPending()) {
    if (signo != 0) signals::Unlisten(signo, fd);
    ::close(fd);
    return env.Undefined();
  }
  return obj;
}

bool FdHandle::CheckOpen(Napi::Env env) {
  if (fd_ >= 0) return true;
  ThrowCoded(env, "ERR_CLOSED", "fd handle is closed");
  return false;
}

bool FdHandle::CheckKind(Napi::Env env, FdKind kind, const char* what) {
  if (!CheckOpen(env)) return false;
  if (kind_ == kind) return true;
  ThrowCoded(env, "ERR_INVALID_STATE", std::string(what) + " is not supported on this kind of fd");
  return false;
}

Napi::Value FdHandle::Close(const Napi::CallbackInfo& info) {
  CloseNow();
  return info.Env().Undefined();
}

Napi::Value FdHandle::GetFd(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), fd_); }

Napi::Value FdHandle::Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint8_t* buf;
  size_t len;
  if (!ArgBytes(info, 0, "read() buffer", &buf, &len)) return env.Undefined();
  if (!CheckOpen(env)) return env.Undefined();
  ssize_t n = FERRITE_RETRY(::read(fd_, buf, len));
  if (n >= 0) return Napi::Number::New(env, static_cast<double>(n));
  if (errno == EAGAIN) return Napi::Number::New(env, kWouldBlock);
  return ThrowErrno(env, errno, "read");
}

Napi::Value FdHandle::Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint8_t* buf;
  size_t len;
  if (!ArgBytes(info, 0, "write() buffer", &buf, &len)) return env.Undefined();
  if (!CheckOpen(env)) return env.Undefined();
  // MSG_NOSIGNAL: a peer that went away is an EPIPE error, never a SIGPIPE.
  ssize_t n = kind_ == FdKind::kSocket ? FERRITE_RETRY(::send(fd_, buf, len, MSG_NOSIGNAL))
                                       : FERRITE_RETRY(::write(fd_, buf, len));
  if (n >= 0) return Napi::Number::New(env, static_cast<double>(n));
  if (errno == EAGAIN) return Napi::Number::New(env, kWouldBlock);
  return ThrowErrno(env, errno, "write");
}

Napi::Value FdHandle::Shutdown(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckKind(env, FdKind::kSocket, "shutdown()")) return env.Undefined();
  int64_t how;
  if (!ArgInt(info, 0, "how", SHUT_RD, SHUT_RDWR, &how)) return env.Undefined();
  if (::shutdown(fd_, static_cast<int>(how)) != 0) return ThrowErrno(env, errno, "shutdown");
  return env.Undefined();
}

// SO_ERROR: the outcome of a non-blocking connect (0 = connected). Reading it clears it.
Napi::Value FdHandle::TakeError(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckKind(env, FdKind::kSocket, "takeError()")) return env.Undefined();
  int err = 0;
  socklen_t len = sizeof(err);
  if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return ThrowErrno(env, errno, "getsockopt");
  return Napi::Number::New(env, err);
}

Napi::Value FdHandle::SetNodelay(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckKind(env, FdKind::kSocket, "setNodelay()")) return env.Undefined();
  int on = info[0].ToBoolean().Value() ? 1 : 0;
  if (::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) != 0) return ThrowErrno(env, errno, "setsockopt");
  return env.Undefined();
}

Napi::Value FdHandle::LocalAddr(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckKind(env, FdKind::kSocket, "localAddr()")) return env.Undefined();
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return ThrowErrno(env, errno, "getsockname");
  return FromSockaddr(env, addr, len);
}

Napi::Value FdHandle::PeerAddr(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckKind(env, FdKind::kSocket, "peerAddr()")) return env.Undefined();
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return ThrowErrno(env, errno, "getpeername");
  return FromSockaddr(env, addr, len);
}

// Returns [FdHandle, address] or kWouldBlock.
Napi::Value FdHandle::Accept(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckKind(env, FdKind::kSocket, "accept()")) return env.Undefined();
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  int fd = FERRITE_RETRY(::accept4(fd_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC));
  if (fd < 0) {
    if (errno == EAGAIN) return Napi::Number::New(env, kWouldBlock);
    return ThrowErrno(env, errno, "accept");
  }
  Napi::Value stream = Wrap(env, fd, FdKind::kSocket);
  if (env.IsExceptionPending()) return env.Undefined();
  Napi::Array pair = Napi::Array::New(env, 2);
  pair.Set(0u, stream);
  pair.Set(1u, FromSockaddr(env, addr, len));
  return pair;
}

Napi::Value FdHandle::Notify(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckKind(env, FdKind::kEventFd, "notify()")) return env.Undefined();
  int err = EventFdAdd(fd_);
  return err == 0 ? env.Undefined() : ThrowErrno(env, err, "write");
}

// share(cell): lets other threads notify this eventfd through `cell` (see kCellMagic). Once.
Napi::Value FdHandle::Share(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckKind(env, FdKind::kEventFd, "share()")) return env.Undefined();
  int32_t* cell = CellOf(info, 0);
  if (cell == nullptr) return env.Undefined();
  if (cell_ != nullptr) return ThrowCoded(env, "ERR_INVALID_STATE", "this eventfd is already shared");
  cellRef_ = Napi::Persistent(info[0].As<Napi::Object>());  // keeps the shared memory alive
  cell_ = cell;
  __atomic_store_n(&cell_[2], fd_, __ATOMIC_SEQ_CST);
  __atomic_store_n(&cell_[1], 0, __ATOMIC_SEQ_CST);
  __atomic_store_n(&cell_[0], kCellMagic, __ATOMIC_SEQ_CST);
  return env.Undefined();
}

// eventfd / timerfd: read and reset the 64-bit counter; returns it (as a double) or kWouldBlock.
Napi::Value FdHandle::ReadCounter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  if (kind_ == FdKind::kSocket) return ThrowCoded(env, "ERR_INVALID_STATE", "readCounter() is for eventfd and timerfd");
  uint64_t value = 0;
  ssize_t n = FERRITE_RETRY(::read(fd_, &value, sizeof(value)));
  if (n == sizeof(value)) return Napi::Number::New(env, static_cast<double>(value));
  if (n < 0 && errno == EAGAIN) return Napi::Number::New(env, kWouldBlock);
  return ThrowErrno(env, n < 0 ? errno : EIO, "read");
}

// timerfd: arm once, `ms` from now (fractions kept to the nanosecond); a negative value disarms.
// A delay beyond kMaxTimerMs (2^53 ms, 285,616 years) is the same as kMaxTimerMs: the kernel
// saturates it, and no double-to-time_t conversion here can overflow.
Napi::Value FdHandle::TimerSet(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckKind(env, FdKind::kTimerFd, "timerSet()")) return env.Undefined();
  double ms;
  if (!ArgNumber(info, 0, "ms", &ms)) return env.Undefined();
  itimerspec spec{};
  if (ms >= 0) {
    ms = std::min(ms, kMaxTimerMs);
    double whole = std::floor(ms / 1e3);
    double ns = std::ceil((ms - whole * 1e3) * 1e6);
    if (whole == 0 && ns < 1) ns = 1;  // an all-zero it_value would disarm instead of firing now
    if (ns >= 1e9) {
      whole += 1;
      ns -= 1e9;
    }
    spec.it_value.tv_sec = static_cast<time_t>(whole);
    spec.it_value.tv_nsec = static_cast<long>(ns);
  }
  if (::timerfd_settime(fd_, 0, &spec, nullptr) != 0) return ThrowErrno(env, errno, "timerfd_settime");
  return env.Undefined();
}

namespace {

// A non-blocking CLOEXEC stream socket of `family` connecting to `addr`; EINPROGRESS (and EAGAIN,
// what a Unix socket says when the listener's backlog is full) is progress, not failure.
Napi::Value Connect(Napi::Env env, const sockaddr_storage& addr, socklen_t len) {
  int fd = ::socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return ThrowErrno(env, errno, "socket");
  // A connect interrupted by a signal continues in the background: EINTR counts as in progress.
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), len) != 0 && errno != EINPROGRESS && errno != EINTR &&
      !(errno == EAGAIN && addr.ss_family == AF_UNIX)) {
    int err = errno;
    ::close(fd);
    return ThrowErrno(env, err, "connect");
  }
  return FdHandle::Wrap(env, fd, FdKind::kSocket);
}

// socket, (SO_REUSEADDR for IP), bind, listen: a listening FdHandle or a system error.
Napi::Value Listen(Napi::Env env, const sockaddr_storage& addr, socklen_t len, int64_t backlog) {
  int fd = ::socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return ThrowErrno(env, errno, "socket");
  int on = 1;
  const char* failed = nullptr;
  if (addr.ss_family != AF_UNIX && ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0) failed = "setsockopt";
  else if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), len) != 0) failed = "bind";
  else if (::listen(fd, static_cast<int>(backlog)) != 0) failed = "listen";
  if (failed != nullptr) {
    int err = errno;
    ::close(fd);
    return ThrowErrno(env, err, failed);
  }
  return FdHandle::Wrap(env, fd, FdKind::kSocket);
}

// The path argument 0 of unixConnect/unixListen as a sockaddr_un; false with a coded error pending.
bool UnixPathArg(const Napi::CallbackInfo& info, sockaddr_storage* addr, socklen_t* len) {
  std::string path;
  return ArgString(info, 0, "path", &path) && ToUnixSockaddr(info.Env(), path, addr, len);
}

// (ip, port) arguments 0 and 1 to a sockaddr; false with a coded error pending.
bool AddressArgs(const Napi::CallbackInfo& info, sockaddr_storage* addr, socklen_t* len) {
  std::string ip;
  int64_t port;
  if (!ArgString(info, 0, "ip", 64, &ip) || !ArgInt(info, 1, "port", 0, 65535, &port)) return false;
  return ToSockaddr(info.Env(), ip, static_cast<uint32_t>(port), addr, len);
}

}  // namespace

// tcpConnect(ip, port): non-blocking socket and connect; EINPROGRESS is progress, not failure.
Napi::Value TcpConnect(const Napi::CallbackInfo& info) {
  sockaddr_storage addr;
  socklen_t len;
  if (!AddressArgs(info, &addr, &len)) return info.Env().Undefined();
  return Connect(info.Env(), addr, len);
}

// tcpListen(ip, port, backlog): SO_REUSEADDR so tests can rebind a port in TIME_WAIT.
Napi::Value TcpListen(const Napi::CallbackInfo& info) {
  sockaddr_storage addr;
  socklen_t len;
  int64_t backlog;
  if (!AddressArgs(info, &addr, &len) || !ArgInt(info, 2, "backlog", 0, INT_MAX, &backlog)) return info.Env().Undefined();
  return Listen(info.Env(), addr, len, backlog);
}

// unixConnect(path): like tcpConnect over AF_UNIX (see ToUnixSockaddr for the path's forms).
Napi::Value UnixConnect(const Napi::CallbackInfo& info) {
  sockaddr_storage addr;
  socklen_t len;
  if (!UnixPathArg(info, &addr, &len)) return info.Env().Undefined();
  return Connect(info.Env(), addr, len);
}

// unixListen(path, backlog): binds a path (EADDRINUSE if it exists; never unlinked here) or an
// abstract name, and listens.
Napi::Value UnixListen(const Napi::CallbackInfo& info) {
  sockaddr_storage addr;
  socklen_t len;
  int64_t backlog;
  if (!UnixPathArg(info, &addr, &len) || !ArgInt(info, 1, "backlog", 0, INT_MAX, &backlog)) return info.Env().Undefined();
  return Listen(info.Env(), addr, len, backlog);
}

Napi::Value CreateEventFd(const Napi::CallbackInfo& info) {
  int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) return ThrowErrno(info.Env(), errno, "eventfd");
  return FdHandle::Wrap(info.Env(), fd, FdKind::kEventFd);
}

Napi::Value SignalListen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t signo;
  if (!ArgInt(info, 0, "signal number", 1, signals::kMaxSignal, &signo)) return env.Undefined();
  int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) return ThrowErrno(env, errno, "eventfd");
  int err = signals::Listen(static_cast<int>(signo), fd);
  if (err != 0) {
    ::close(fd);
    if (err == EINVAL) return ThrowCoded(env, "ERR_INVALID_ARG_VALUE", "signal " + std::to_string(signo) + " cannot be listened for");
    return ThrowErrno(env, err, "sigaction");
  }
  return FdHandle::Wrap(env, fd, FdKind::kSignal, static_cast<int>(signo));
}

Napi::Value SignalReassert(const Napi::CallbackInfo& info) {
  signals::Reassert();
  return info.Env().Undefined();
}

Napi::Value CreateTimerFd(const Napi::CallbackInfo& info) {
  int fd = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (fd < 0) return ThrowErrno(info.Env(), errno, "timerfd_create");
  return FdHandle::Wrap(info.Env(), fd, FdKind::kTimerFd);
}

// notifyShared(cell): what a Waker's wake() does, from any thread that has the waker's cell. An
// ERR_CLOSED error once the waker is closed; never a write to an fd the waker no longer owns.
Napi::Value NotifyShared(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int32_t* cell = CellOf(info, 0);
  if (cell == nullptr) return env.Undefined();
  if (__atomic_load_n(&cell[0], __ATOMIC_SEQ_CST) != kCellMagic) {
    return ThrowCoded(env, "ERR_INVALID_ARG_VALUE", "not a waker cell (use the value of Waker.share())");
  }
  int32_t state = __atomic_load_n(&cell[1], __ATOMIC_SEQ_CST);
  do {
    if (state & kCellClosed) return ThrowCoded(env, "ERR_CLOSED", "the Waker is closed");
  } while (!__atomic_compare_exchange_n(&cell[1], &state, state + 1, true, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
  int err = EventFdAdd(__atomic_load_n(&cell[2], __ATOMIC_SEQ_CST));
  __atomic_fetch_sub(&cell[1], 1, __ATOMIC_SEQ_CST);
  return err == 0 ? env.Undefined() : ThrowErrno(env, err, "write");
}

}  // namespace ferrite
