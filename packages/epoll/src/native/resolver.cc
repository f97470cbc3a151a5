#include "resolver.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <uv.h>

#include <cstring>

namespace ferrite {

const napi_type_tag Resolver::kTag = {0x6665727269746531ULL, 0x7265736f6c000001ULL};

ResolverState::~ResolverState() {
  if (eventFd >= 0) ::close(eventFd);
}

void Resolver::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "Resolver",
                                    {
                                        Method<Resolver, &Resolver::Lookup>("lookup"),
                                        Method<Resolver, &Resolver::Drain>("drain"),
                                        Getter<Resolver, &Resolver::GetFd>("fd"),
                                        Method<Resolver, &Resolver::Close>("close"),
                                    });
  exports.Set("Resolver", ctor);
}

Resolver::Resolver(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Resolver>(info) {
  int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) {
    ThrowErrno(info.Env(), errno, "eventfd");
    return;
  }
  state_ = std::make_shared<ResolverState>();
  state_->eventFd = fd;
  fd_ = fd;
  napi_type_tag_object(info.Env(), info.This(), &kTag);
  Data(info.Env())->Track(this);
}

// The thread starts with the first lookup (a Resolver nobody asks costs no thread). pthreads, not
// std::thread: a failure to start is an error code here, where std::thread would terminate the
// process (exceptions are off).
bool Resolver::StartThread(Napi::Env env) {
  if (started_) return true;
  auto* arg = new std::shared_ptr<ResolverState>(state_);
  int err = pthread_create(&thread_, nullptr, ThreadMain, arg);
  if (err != 0) {
    delete arg;
    ThrowErrno(env, err, "pthread_create");
    return false;
  }
  started_ = true;
  return true;
}

Napi::Value Resolver::OnCalledAsFunction(const Napi::CallbackInfo& info) {
  return ThrowCoded(info.Env(), "ERR_ILLEGAL_CONSTRUCTOR", "Resolver must be called with new");
}

void* Resolver::ThreadMain(void* arg) {
  auto* state = static_cast<std::shared_ptr<ResolverState>*>(arg);
  Work(*state);
  delete state;
  return nullptr;
}

Resolver::~Resolver() {
  CloseNow();
  if (data != nullptr) data->Untrack(this);
}

// An idle thread is joined: it is waiting on the condition variable and exits as soon as it sees
// `stopping`, so nothing of ours runs after close() or after the environment's teardown. A thread
// inside getaddrinfo (which cannot be interrupted, and may wait seconds for a DNS server) is
// detached instead: it owns a reference to the state, sees `stopping` when the lookup returns and
// exits without touching anything else. The library is linked `-z nodelete`, so its code stays
// mapped for that thread even if Node unloads the addon when the last environment using it ends.
void Resolver::CloseNow() {
  if (!state_) return;
  bool idle;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
    state_->requests.clear();
    idle = !state_->busy;
    // An idle thread will not touch the eventfd again: close it now, so close() is synchronous.
    if (idle && state_->eventFd >= 0) {
      ::close(state_->eventFd);
      state_->eventFd = -1;
    }
  }
  state_->cv.notify_all();
  if (started_ && idle) pthread_join(thread_, nullptr);
  else if (started_) pthread_detach(thread_);
  started_ = false;
  state_.reset();
  fd_ = -1;
}

void Resolver::Work(std::shared_ptr<ResolverState> state) {
  for (;;) {
    std::pair<double, std::string> request;
    {
      std::unique_lock<std::mutex> lock(state->mutex);
      state->cv.wait(lock, [&] { return state->stopping || !state->requests.empty(); });
      if (state->stopping) return;
      request = std::move(state->requests.front());
      state->requests.pop_front();
      state->busy = true;
    }
    ResolveResult result{request.first, 0, 0, {}};
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    addrinfo* list = nullptr;
    int rc = ::getaddrinfo(request.second.c_str(), nullptr, &hints, &list);
    if (rc == EAI_SYSTEM) result.sysErrno = errno;
    result.gaiError = rc;
    for (addrinfo* ai = rc == 0 ? list : nullptr; ai != nullptr; ai = ai->ai_next) {
      char text[INET6_ADDRSTRLEN] = {0};
      if (ai->ai_family == AF_INET) {
        inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_addr, text, sizeof(text));
        result.addresses.emplace_back(text, 4);
      } else if (ai->ai_family == AF_INET6) {
        inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr, text, sizeof(text));
        result.addresses.emplace_back(text, 6);
      }
    }
    if (list != nullptr) ::freeaddrinfo(list);
    std::lock_guard<std::mutex> lock(state->mutex);
    state->busy = false;
    if (state->stopping) return;
    state->results.push_back(std::move(result));
    uint64_t one = 1;
    // Cannot fail but for counter overflow, which needs 2^64 unread results.
    (void)!::write(state->eventFd, &one, sizeof(one));
  }
}

// lookup(id, host): queues a request; the answer comes from drain() once fd is readable.
Napi::Value Resolver::Lookup(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!state_) return ThrowCoded(env, "ERR_CLOSED", "resolver is closed");
  double id;
  std::string host;
  if (!ArgNumber(info, 0, "id", &id) || !ArgString(info, 1, "host", 1024, &host)) return env.Undefined();
  if (!StartThread(env)) return env.Undefined();
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->requests.emplace_back(id, std::move(host));
  }
  state_->cv.notify_one();
  return env.Undefined();
}

// drain(): [[id, addresses | null, errorName | null], ...] for every finished lookup.
Napi::Value Resolver::Drain(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!state_) return ThrowCoded(env, "ERR_CLOSED", "resolver is closed");
  std::deque<ResolveResult> done;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    done.swap(state_->results);
    uint64_t counter;
    (void)!::read(state_->eventFd, &counter, sizeof(counter));
  }
  Napi::Array out = Napi::Array::New(env, done.size());
  uint32_t i = 0;
  for (const ResolveResult& r : done) {
    Napi::Array entry = Napi::Array::New(env, 4);
    entry.Set(0u, r.id);
    if (r.gaiError == 0) {
      Napi::Array addrs = Napi::Array::New(env, r.addresses.size());
      uint32_t j = 0;
      for (const auto& [ip, family] : r.addresses) {
        Napi::Object a = Napi::Object::New(env);
        a.Set("address", ip);
        a.Set("family", family);
        addrs.Set(j++, a);
      }
      entry.Set(1u, addrs);
      entry.Set(2u, env.Null());
      entry.Set(3u, Napi::Number::New(env, 0));
    } else {
      entry.Set(1u, env.Null());
      // Node's code and errno for a failed lookup: ENOTFOUND (libuv's EAI_NONAME errno) for an
      // unknown name, EAI_AGAIN, the system error itself for EAI_SYSTEM, EAI_FAIL otherwise.
      const char* sysName = r.gaiError == EAI_SYSTEM && r.sysErrno != 0 ? strerrorname_np(r.sysErrno) : nullptr;
      const char* code = r.gaiError == EAI_NONAME || r.gaiError == EAI_NODATA ? "ENOTFOUND"
                         : r.gaiError == EAI_AGAIN                          ? "EAI_AGAIN"
                         : sysName != nullptr                               ? sysName
                                                                            : "EAI_FAIL";
      int uvErrno = r.gaiError == EAI_NONAME || r.gaiError == EAI_NODATA ? UV_EAI_NONAME
                    : r.gaiError == EAI_AGAIN                          ? UV_EAI_AGAIN
                    : sysName != nullptr                               ? -r.sysErrno
                                                                       : UV_EAI_FAIL;
      entry.Set(2u, Napi::String::New(env, code));
      entry.Set(3u, Napi::Number::New(env, uvErrno));
    }
    out.Set(i++, entry);
  }
  return out;
}

Napi::Value Resolver::GetFd(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), fd_); }

Napi::Value Resolver::Close(const Napi::CallbackInfo& info) {
  CloseNow();
  return info.Env().Undefined();
}

}  // namespace ferrite
