#include "sockaddr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstddef>

#include <algorithm>
#include <cstring>

#include "addon.h"

namespace ferrite {

bool ToSockaddr(Napi::Env env, const std::string& ip, uint32_t port, sockaddr_storage* out, socklen_t* len) {
  std::memset(out, 0, sizeof(*out));
  auto* v4 = reinterpret_cast<sockaddr_in*>(out);
  if (inet_pton(AF_INET, ip.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    *len = sizeof(sockaddr_in);
    return true;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(out);
  if (inet_pton(AF_INET6, ip.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    *len = sizeof(sockaddr_in6);
    return true;
  }
  ThrowCoded(env, "ERR_INVALID_ARG_VALUE", "not a numeric IP address: " + ip);
  return false;
}

bool ToUnixSockaddr(Napi::Env env, const std::string& path, sockaddr_storage* out, socklen_t* len) {
  std::memset(out, 0, sizeof(*out));
  auto* un = reinterpret_cast<sockaddr_un*>(out);
  const bool abstract = !path.empty() && path[0] == '\0';
  // A filesystem path needs its terminating NUL inside sun_path; an abstract name does not.
  const size_t room = abstract ? sizeof(un->sun_path) : sizeof(un->sun_path) - 1;
  if (path.empty() || path.size() > room || (!abstract && path.find('\0') != std::string::npos)) {
    ThrowCoded(env, "ERR_INVALID_ARG_VALUE",
               path.empty() ? "a Unix socket path must not be empty"
               : path.size() > room ? "a Unix socket path is at most " + std::to_string(room) + " bytes, got " + std::to_string(path.size())
                                    : "a Unix socket path must not contain NUL (an abstract name starts with one)");
    return false;
  }
  un->sun_family = AF_UNIX;
  std::memcpy(un->sun_path, path.data(), path.size());
  *len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + (abstract ? 0 : 1));
  return true;
}

namespace {

// { path }: '' for an unnamed socket (a client that did not bind), '\0name' for an abstract one.
Napi::Value FromUnixSockaddr(Napi::Env env, const sockaddr_storage& addr, socklen_t len) {
  const auto& un = reinterpret_cast<const sockaddr_un&>(addr);
  const size_t base = offsetof(sockaddr_un, sun_path);
  size_t n = len > base ? std::min<size_t>(len - base, sizeof(un.sun_path)) : 0;
  if (n > 0 && un.sun_path[0] != '\0') n = strnlen(un.sun_path, n);  // a path: up to its NUL
  Napi::Object out = Napi::Object::New(env);
  out.Set("path", Napi::String::New(env, un.sun_path, n));
  out.Set("family", "Unix");
  return out;
}

}  // namespace

Napi::Value FromSockaddr(Napi::Env env, const sockaddr_storage& addr, socklen_t len) {
  if (addr.ss_family == AF_UNIX) return FromUnixSockaddr(env, addr, len);
  char text[INET6_ADDRSTRLEN] = {0};
  Napi::Object out = Napi::Object::New(env);
  if (addr.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(addr);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof(text));
    out.Set("address", text);
    out.Set("port", ntohs(v6.sin6_port));
    out.Set("family", "IPv6");
  } else {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(addr);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof(text));
    out.Set("address", text);
    out.Set("port", ntohs(v4.sin_port));
    out.Set("family", "IPv4");
  }
  return out;
}

}  // namespace ferrite
