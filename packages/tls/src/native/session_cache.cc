// SessionCache: see session_cache.h. The kept session is never handed out: a connection changes
// the session it was given (SSL_free of a connection closed without close_notify marks it not
// resumable), so each one gets a copy. SSL_SESSION_dup shares the certificate (up-ref), no decode.
#include "session_cache.h"

#include <openssl/err.h>

#include <cstring>
#include <utility>

namespace ferrite {

SSL_SESSION* SessionCache::Decode(const uint8_t* der, size_t len) {
  if (len == 0) return nullptr;
  for (size_t i = 0; i < entries_.size(); i++) {
    Entry& e = entries_[i];
    if (e.der.size() != len || std::memcmp(e.der.data(), der, len) != 0) continue;
    SSL_SESSION* s = SSL_SESSION_dup(e.session);
    // Most recently used last: the first entry is the one evicted.
    if (i + 1 != entries_.size()) {
      Entry moved = std::move(e);
      entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
      entries_.push_back(std::move(moved));
    }
    return s;
  }
  decodes_++;
  const unsigned char* p = der;
  SSL_SESSION* s = d2i_SSL_SESSION(nullptr, &p, static_cast<long>(len));
  ERR_clear_error();
  if (s == nullptr) return nullptr;
  if (len > kMaxBytes) return s;
  if (entries_.size() == kCapacity) {
    SSL_SESSION_free(entries_.front().session);
    entries_.erase(entries_.begin());
  }
  entries_.push_back(Entry{std::string(reinterpret_cast<const char*>(der), len), s});
  return SSL_SESSION_dup(s);
}

void SessionCache::Clear() {
  for (Entry& e : entries_) SSL_SESSION_free(e.session);
  entries_.clear();
}

}  // namespace ferrite
