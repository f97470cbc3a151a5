#include "sockaddr.h"

#include <arpa/inet.h>
#include <netinet/in.h>

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

Napi::Value FromSockaddr(Napi::Env env, const sockaddr_storage& addr) {
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
