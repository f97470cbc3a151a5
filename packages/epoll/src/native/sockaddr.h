// Conversions between JS addresses and sockaddr. Host names never reach this layer: the TS side
// passes numeric IPs only (DNS is done off-thread by the resolver), so inet_pton is enough.
#pragma once

#include <napi.h>
#include <sys/socket.h>

namespace ferrite {

// Fills `out` from (ip, port); returns false (with a JS TypeError pending) on a malformed IP.
bool ToSockaddr(Napi::Env env, const std::string& ip, uint32_t port, sockaddr_storage* out, socklen_t* len);

// { address, port, family: 'IPv4' | 'IPv6' } like Node's server.address(); for AF_UNIX
// { path } (see FromUnixSockaddr), which needs the length the kernel returned.
Napi::Value FromSockaddr(Napi::Env env, const sockaddr_storage& addr, socklen_t len = sizeof(sockaddr_storage));

// Fills a sockaddr_un from `path` (bytes as given): a leading NUL is an abstract name, whose
// length is exact; anything else is a filesystem path, NUL-terminated. A path that does not fit
// sun_path or a filesystem path with a NUL inside is an ERR_INVALID_ARG_VALUE (never truncated).
bool ToUnixSockaddr(Napi::Env env, const std::string& path, sockaddr_storage* out, socklen_t* len);

}  // namespace ferrite
