#include "resolver.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstring>

namespace ferrite {

ResolverState::~ResolverState() {
  if (eventFd >= 0) ::close(eventFd);
}

void Resolver::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "Resolver",
                                    {
                                        InstanceMethod<&Resolver::Lookup>("lookup"),
                                        InstanceMethod<&Resolver::Drain>("drain"),
                                        InstanceAccessor<&Resolver::GetFd>("fd"),
                                        InstanceMethod<&Resolver::Close>("close"),
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
  // The thread starts now and sleeps on the condition variable until a request comes.
  std::thread(Work, state_).detach();
  Data(info.Env())->Track(this);
}

Resolver::~Resolver() {
  CloseNow();
  if (data != nullptr) data->Untrack(this);
}

void Resolver::CloseNow() {
  if (!state_) return;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
    state_->requests.clear();
    // An idle thread will not touch the eventfd again: close it now, so close() is synchronous
    // in the common case.
    if (!state_->busy && state_->eventFd >= 0) {
      ::close(state_->eventFd);
      state_->eventFd = -1;
    }
  }
  state_->cv.notify_all();
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
  if (!state_) return ThrowErrno(env, EBADF, "getaddrinfo");
  double id = info[0].As<Napi::Number>().DoubleValue();
  std::string host = info[1].As<Napi::String>().Utf8Value();
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
  if (!state_) return ThrowErrno(env, EBADF, "getaddrinfo");
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
    Napi::Array entry = Napi::Array::New(env, 3);
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
    } else {
      entry.Set(1u, env.Null());
      // Node's names for the common cases; the EAI text otherwise.
      const char* code = r.gaiError == EAI_NONAME || r.gaiError == EAI_NODATA ? "ENOTFOUND"
                         : r.gaiError == EAI_AGAIN                          ? "EAI_AGAIN"
                         : r.gaiError == EAI_SYSTEM                         ? "EAI_SYSTEM"
                                                                            : "EAI_FAIL";
      entry.Set(2u, Napi::String::New(env, code));
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
