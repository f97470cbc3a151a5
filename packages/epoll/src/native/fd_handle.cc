#include "fd_handle.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>

#include "sockaddr.h"

namespace ferrite {

namespace {

// Returned to JS instead of throwing when the kernel says EAGAIN: the TS layer maps it to
// WOULD_BLOCK. Every other failure goes through ThrowErrno.
constexpr int kWouldBlock = -1;

bool GetBytes(const Napi::Value& v, uint8_t** data, size_t* len) {
  if (!v.IsTypedArray()) return false;
  auto arr = v.As<Napi::TypedArray>();
  *data = static_cast<uint8_t*>(arr.ArrayBuffer().Data()) + arr.ByteOffset();
  *len = arr.ByteLength();
  return true;
}

Napi::Value TypeError(Napi::Env env, const char* msg) {
  Napi::TypeError::New(env, msg).ThrowAsJavaScriptException();
  return env.Undefined();
}

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

}  // namespace

void FdHandle::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "FdHandle",
                                    {
                                        InstanceMethod<&FdHandle::Close>("close"),
                                        InstanceAccessor<&FdHandle::GetFd>("fd"),
                                        InstanceMethod<&FdHandle::Read>("read"),
                                        InstanceMethod<&FdHandle::Write>("write"),
                                        InstanceMethod<&FdHandle::Shutdown>("shutdown"),
                                        InstanceMethod<&FdHandle::TakeError>("takeError"),
                                        InstanceMethod<&FdHandle::SetNodelay>("setNodelay"),
                                        InstanceMethod<&FdHandle::LocalAddr>("localAddr"),
                                        InstanceMethod<&FdHandle::PeerAddr>("peerAddr"),
                                        InstanceMethod<&FdHandle::Accept>("accept"),
                                        InstanceMethod<&FdHandle::Notify>("notify"),
                                        InstanceMethod<&FdHandle::ReadCounter>("readCounter"),
                                        InstanceMethod<&FdHandle::TimerSet>("timerSet"),
                                    });
  Data(env)->fdConstructor = Napi::Persistent(ctor);
  exports.Set("FdHandle", ctor);
  exports.Set("tcpConnect", Napi::Function::New(env, TcpConnect, "tcpConnect"));
  exports.Set("tcpListen", Napi::Function::New(env, TcpListen, "tcpListen"));
  exports.Set("eventfd", Napi::Function::New(env, CreateEventFd, "eventfd"));
  exports.Set("timerfd", Napi::Function::New(env, CreateTimerFd, "timerfd"));
  exports.Set("notifyFd", Napi::Function::New(env, NotifyFd, "notifyFd"));
}

// new FdHandle(fd, kind): only called from Wrap(); takes ownership of fd.
FdHandle::FdHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<FdHandle>(info) {
  fd_ = info[0].As<Napi::Number>().Int32Value();
  kind_ = static_cast<FdKind>(info[1].As<Napi::Number>().Int32Value());
  Data(info.Env())->Track(this);
}

FdHandle::~FdHandle() {
  CloseNow();
  if (data != nullptr) data->Untrack(this);
}

void FdHandle::CloseNow() {
  if (fd_ >= 0) {
    // close() must not be retried on EINTR on Linux: the fd is released either way.
    ::close(fd_);
    fd_ = -1;
  }
}

Napi::Value FdHandle::Wrap(Napi::Env env, int fd, FdKind kind) {
  Napi::Object obj = Data(env)->fdConstructor.New({Napi::Number::New(env, fd), Napi::Number::New(env, static_cast<int>(kind))});
  if (obj.IsEmpty()) {
    ::close(fd);
    return env.Undefined();
  }
  return obj;
}

bool FdHandle::CheckOpen(Napi::Env env) {
  if (fd_ >= 0) return true;
  ThrowErrno(env, EBADF, "fd");
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
  if (!GetBytes(info[0], &buf, &len)) return TypeError(env, "read() needs a Uint8Array");
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
  if (!GetBytes(info[0], &buf, &len)) return TypeError(env, "write() needs a Uint8Array");
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
  if (!CheckOpen(env)) return env.Undefined();
  int how = info[0].As<Napi::Number>().Int32Value();
  if (::shutdown(fd_, how) != 0) return ThrowErrno(env, errno, "shutdown");
  return env.Undefined();
}

// SO_ERROR: the outcome of a non-blocking connect (0 = connected). Reading it clears it.
Napi::Value FdHandle::TakeError(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  int err = 0;
  socklen_t len = sizeof(err);
  if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return ThrowErrno(env, errno, "getsockopt");
  return Napi::Number::New(env, err);
}

Napi::Value FdHandle::SetNodelay(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  int on = info[0].ToBoolean().Value() ? 1 : 0;
  if (::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) != 0) return ThrowErrno(env, errno, "setsockopt");
  return env.Undefined();
}

Napi::Value FdHandle::LocalAddr(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return ThrowErrno(env, errno, "getsockname");
  return FromSockaddr(env, addr);
}

Napi::Value FdHandle::PeerAddr(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return ThrowErrno(env, errno, "getpeername");
  return FromSockaddr(env, addr);
}

// Returns [FdHandle, address] or kWouldBlock.
Napi::Value FdHandle::Accept(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
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
  pair.Set(1u, FromSockaddr(env, addr));
  return pair;
}

Napi::Value FdHandle::Notify(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  int err = EventFdAdd(fd_);
  return err == 0 ? env.Undefined() : ThrowErrno(env, err, "write");
}

// eventfd / timerfd: read and reset the 64-bit counter; returns it (as a double) or kWouldBlock.
Napi::Value FdHandle::ReadCounter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  uint64_t value = 0;
  ssize_t n = FERRITE_RETRY(::read(fd_, &value, sizeof(value)));
  if (n == sizeof(value)) return Napi::Number::New(env, static_cast<double>(value));
  if (n < 0 && errno == EAGAIN) return Napi::Number::New(env, kWouldBlock);
  return ThrowErrno(env, n < 0 ? errno : EIO, "read");
}

// timerfd: arm once, `ms` from now (fractions kept to the nanosecond); a negative value disarms.
Napi::Value FdHandle::TimerSet(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  double ms = info[0].As<Napi::Number>().DoubleValue();
  itimerspec spec{};
  if (ms >= 0) {
    double ns = std::ceil(ms * 1e6);
    if (ns < 1) ns = 1;  // an all-zero it_value would disarm instead of firing now
    spec.it_value.tv_sec = static_cast<time_t>(ns / 1e9);
    spec.it_value.tv_nsec = static_cast<long>(ns - static_cast<double>(spec.it_value.tv_sec) * 1e9);
  }
  if (::timerfd_settime(fd_, 0, &spec, nullptr) != 0) return ThrowErrno(env, errno, "timerfd_settime");
  return env.Undefined();
}

// tcpConnect(ip, port): non-blocking socket and connect; EINPROGRESS is progress, not failure.
Napi::Value TcpConnect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  sockaddr_storage addr;
  socklen_t len;
  if (!ToSockaddr(env, info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::Number>().Uint32Value(), &addr, &len))
    return env.Undefined();
  int fd = ::socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return ThrowErrno(env, errno, "socket");
  // A connect interrupted by a signal continues in the background: EINTR counts as in progress.
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 && errno != EINPROGRESS && errno != EINTR) {
    int err = errno;
    ::close(fd);
    return ThrowErrno(env, err, "connect");
  }
  return FdHandle::Wrap(env, fd, FdKind::kSocket);
}

// tcpListen(ip, port, backlog): SO_REUSEADDR so tests can rebind a port in TIME_WAIT.
Napi::Value TcpListen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  sockaddr_storage addr;
  socklen_t len;
  if (!ToSockaddr(env, info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::Number>().Uint32Value(), &addr, &len))
    return env.Undefined();
  int backlog = info[2].As<Napi::Number>().Int32Value();
  int fd = ::socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return ThrowErrno(env, errno, "socket");
  int on = 1;
  const char* failed = nullptr;
  if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0) failed = "setsockopt";
  else if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0) failed = "bind";
  else if (::listen(fd, backlog) != 0) failed = "listen";
  if (failed != nullptr) {
    int err = errno;
    ::close(fd);
    return ThrowErrno(env, err, failed);
  }
  return FdHandle::Wrap(env, fd, FdKind::kSocket);
}

Napi::Value CreateEventFd(const Napi::CallbackInfo& info) {
  int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) return ThrowErrno(info.Env(), errno, "eventfd");
  return FdHandle::Wrap(info.Env(), fd, FdKind::kEventFd);
}

Napi::Value CreateTimerFd(const Napi::CallbackInfo& info) {
  int fd = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (fd < 0) return ThrowErrno(info.Env(), errno, "timerfd_create");
  return FdHandle::Wrap(info.Env(), fd, FdKind::kTimerFd);
}

// notifyFd(fd): what a Waker does, for a thread that only has the eventfd's number.
Napi::Value NotifyFd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int err = EventFdAdd(info[0].As<Napi::Number>().Int32Value());
  return err == 0 ? env.Undefined() : ThrowErrno(env, err, "write");
}

}  // namespace ferrite
