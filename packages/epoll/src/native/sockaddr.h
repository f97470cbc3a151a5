// Conversions between JS addresses and sockaddr. Host names never reach this layer: the TS side
// passes numeric IPs only (DNS is done off-thread by the resolver), so inet_pton is enough.
#pragma once

#include <napi.h>
#include <sys/socket.h>

namespace ferrite {

// Fills `out` from (ip, port); returns false (with a JS TypeError pending) on a malformed IP.
bool ToSockaddr(Napi::Env env, const std::string& ip, uint32_t port, sockaddr_storage* out, socklen_t* len);

// { address, port, family: 'IPv4' | 'IPv6' } like Node's server.address().
Napi::Value FromSockaddr(Napi::Env env, const sockaddr_storage& addr);

}  // namespace ferrite
