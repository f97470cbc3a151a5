// Resolver: getaddrinfo on a thread of its own, so the JS thread never blocks on DNS.
//
// Requests go in through a queue; results come back through another, and an eventfd becomes
// readable whenever a result is waiting, so a reactor can register it like any other source.
// The state is shared with the thread: close() stops taking requests. An idle thread is told to
// exit and the eventfd is closed at once; a thread inside getaddrinfo (which cannot be
// interrupted) finishes its lookup on its own and the eventfd is closed when the last owner lets
// go, so the thread never writes to a reused fd. No thread outlives close() but that one.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <pthread.h>
#include <vector>

#include "addon.h"

namespace ferrite {

struct ResolveResult {
  double id;
  int gaiError;      // 0 or an EAI_* code
  int sysErrno;      // errno when gaiError == EAI_SYSTEM
  std::vector<std::pair<std::string, int>> addresses;  // (ip, 4 | 6)
};

struct ResolverState {
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<std::pair<double, std::string>> requests;
  std::deque<ResolveResult> results;
  bool stopping = false;
  bool busy = false;  // the thread is inside getaddrinfo (and will touch eventFd after)
  int eventFd = -1;
  ~ResolverState();
};

class Resolver : public Napi::ObjectWrap<Resolver>, public Closable {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static Napi::Value OnCalledAsFunction(const Napi::CallbackInfo& info);
  static const napi_type_tag kTag;
  static constexpr const char* kName = "Resolver";
  explicit Resolver(const Napi::CallbackInfo& info);
  ~Resolver() override;
  void CloseNow() override;

 private:
  static void Work(std::shared_ptr<ResolverState> state);
  static void* ThreadMain(void* arg);
  bool StartThread(Napi::Env env);

  Napi::Value Lookup(const Napi::CallbackInfo& info);
  Napi::Value Drain(const Napi::CallbackInfo& info);
  Napi::Value GetFd(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  std::shared_ptr<ResolverState> state_;  // null once closed
  pthread_t thread_{};                    // joined or detached by CloseNow
  bool started_ = false;                  // the thread starts with the first lookup
  int fd_ = -1;                           // state_->eventFd while open, for the JS side
};

}  // namespace ferrite
