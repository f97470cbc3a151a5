// Decoded client sessions by their exact bytes. Decoding a session (d2i_SSL_SESSION) parses the
// peer certificate in it, and OpenSSL 3's key decoder makes that the costliest step of a resumed
// connection: connect() checked the bytes and Setup decoded them again, and a pool offers the same
// bytes to many connections. Keyed by content, so a changed byte is a miss, never a stale hit.
#pragma once

#include <openssl/ssl.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ferrite {

class SessionCache {
 public:
  SessionCache() = default;
  SessionCache(const SessionCache&) = delete;
  SessionCache& operator=(const SessionCache&) = delete;
  ~SessionCache() { Clear(); }

  // A session of its own for the caller (who frees it), equal to what `der` decodes to, or nullptr
  // when the bytes are no session. OpenSSL's error queue is left empty either way.
  SSL_SESSION* Decode(const uint8_t* der, size_t len);
  // Frees every entry (the env cleanup hook; sessions still set on an SSL keep their reference).
  void Clear();
  // How many times bytes were actually decoded (a test's evidence that hits skip the work).
  uint64_t decodes() const { return decodes_; }

 private:
  // A handful: a pool offers its latest session, so only recent bytes come back.
  static constexpr size_t kCapacity = 8;
  // Larger bytes are decoded but not kept, bounding the copies (a real session is a few KiB).
  static constexpr size_t kMaxBytes = 64 << 10;
  struct Entry {
    std::string der;
    SSL_SESSION* session;  // owned by the entry, never set on a connection (it would change it)
  };
  std::vector<Entry> entries_;  // least recently used first
  uint64_t decodes_ = 0;
};

}  // namespace ferrite
