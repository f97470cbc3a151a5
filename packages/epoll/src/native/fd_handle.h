// FdHandle: owns one file descriptor (a socket, an eventfd or a timerfd) and the syscalls on it.
//
// The JS wrapper classes (TcpStream, Waker, TimerFd, ...) hold one of these privately and decide
// policy; this class only performs syscalls and reports failures through ThrowErrno.
#pragma once

#include "addon.h"

namespace ferrite {

// kSignal: an eventfd that the signal handler adds to (see signals.h).
enum class FdKind : int { kSocket = 0, kEventFd = 1, kTimerFd = 2, kSignal = 3 };

class FdHandle : public Napi::ObjectWrap<FdHandle>, public Closable {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  // Wraps an fd that was just created; on failure the fd is closed and a JS error is pending.
  static Napi::Value Wrap(Napi::Env env, int fd, FdKind kind, int signo = 0);
  static Napi::Value OnCalledAsFunction(const Napi::CallbackInfo& info);
  static const napi_type_tag kTag;
  static constexpr const char* kName = "FdHandle";

  explicit FdHandle(const Napi::CallbackInfo& info);
  ~FdHandle() override;
  void CloseNow() override;

 private:
  bool CheckOpen(Napi::Env env);
  bool CheckKind(Napi::Env env, FdKind kind, const char* what);

  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value GetFd(const Napi::CallbackInfo& info);
  Napi::Value Read(const Napi::CallbackInfo& info);
  Napi::Value Write(const Napi::CallbackInfo& info);
  Napi::Value Shutdown(const Napi::CallbackInfo& info);
  Napi::Value TakeError(const Napi::CallbackInfo& info);
  Napi::Value SetNodelay(const Napi::CallbackInfo& info);
  Napi::Value LocalAddr(const Napi::CallbackInfo& info);
  Napi::Value PeerAddr(const Napi::CallbackInfo& info);
  Napi::Value Accept(const Napi::CallbackInfo& info);
  Napi::Value Notify(const Napi::CallbackInfo& info);
  Napi::Value Share(const Napi::CallbackInfo& info);
  Napi::Value ReadCounter(const Napi::CallbackInfo& info);
  Napi::Value TimerSet(const Napi::CallbackInfo& info);

  int fd_ = -1;   // -1 once closed; never reused after that
  FdKind kind_ = FdKind::kSocket;
  int signo_ = 0;                  // kSignal: the signal delivered to this eventfd
  int32_t* cell_ = nullptr;        // the shared waker cell, while shared (see NotifyShared)
  Napi::ObjectReference cellRef_;  // keeps the cell's memory alive while cell_ points into it
};

// Factories exported to JS: each returns a new FdHandle or throws a system error.
Napi::Value TcpConnect(const Napi::CallbackInfo& info);
Napi::Value TcpListen(const Napi::CallbackInfo& info);
// unixConnect(path) / unixListen(path, backlog): AF_UNIX; a path starting with NUL is abstract.
Napi::Value UnixConnect(const Napi::CallbackInfo& info);
Napi::Value UnixListen(const Napi::CallbackInfo& info);
Napi::Value CreateEventFd(const Napi::CallbackInfo& info);
Napi::Value CreateTimerFd(const Napi::CallbackInfo& info);
// signalListen(signo): an eventfd that becomes readable (counting) each time signo arrives.
Napi::Value SignalListen(const Napi::CallbackInfo& info);
// signalReassert(): puts the signal handler back on top after libuv replaced it.
Napi::Value SignalReassert(const Napi::CallbackInfo& info);
// Notifies a shared Waker cell from any thread (see FdHandle::Share).
Napi::Value NotifyShared(const Napi::CallbackInfo& info);

}  // namespace ferrite
