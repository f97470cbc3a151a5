// What a connection can tell about itself: the verification outcome, the peer certificate, the
// protocol, cipher and ALPN choice, and its session. Read-only; nothing here changes the SSL*.
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "engine.h"
#include "verify.h"

namespace ferrite {

Napi::Value Engine::VerifyError(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Live(env)) return env.Undefined();
  if (SSL_get0_peer_certificate(ssl_) == nullptr) {
    Napi::Array r = Napi::Array::New(env, 2);
    r.Set(0u, "UNABLE_TO_GET_ISSUER_CERT");
    r.Set(1u, "the server sent no certificate");
    return r;
  }
  long result = SSL_get_verify_result(ssl_);
  if (result == X509_V_OK) return env.Null();
  Napi::Array r = Napi::Array::New(env, 2);
  r.Set(0u, X509ErrorCode(result));
  r.Set(1u, X509_verify_cert_error_string(result));
  return r;
}

Napi::Value Engine::CheckIdentity(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Live(env)) return env.Undefined();
  X509* cert = SSL_get0_peer_certificate(ssl_);
  if (cert == nullptr) return Napi::Boolean::New(env, false);
  // Node's rules: an IP matches only IP SANs; a name matches DNS SANs (the subject CN only when
  // there are none), a wildcard covering one whole label.
  int ok = hostIsIp_ ? X509_check_ip_asc(cert, host_.c_str(), 0)
                     : X509_check_host(cert, host_.data(), host_.size(), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr);
  ERR_clear_error();
  return Napi::Boolean::New(env, ok == 1);
}

Napi::Value Engine::PeerCertificate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Live(env)) return env.Undefined();
  X509* cert = SSL_get0_peer_certificate(ssl_);
  if (cert == nullptr) return env.Null();
  int len = i2d_X509(cert, nullptr);
  if (len <= 0) return ThrowOpenSsl(env, "i2d_X509 failed");
  Napi::Buffer<uint8_t> out = Napi::Buffer<uint8_t>::New(env, static_cast<size_t>(len));
  unsigned char* p = out.Data();
  i2d_X509(cert, &p);
  return out;
}

Napi::Value Engine::Protocol(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Live(env)) return env.Undefined();
  if (!SSL_is_init_finished(ssl_)) return env.Null();
  return Napi::String::New(env, SSL_get_version(ssl_));
}

Napi::Value Engine::Cipher(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Live(env)) return env.Undefined();
  const SSL_CIPHER* c = SSL_get_current_cipher(ssl_);
  if (c == nullptr) return env.Null();
  Napi::Object o = Napi::Object::New(env);
  o.Set("name", SSL_CIPHER_get_name(c));
  const char* standard = SSL_CIPHER_standard_name(c);
  o.Set("standardName", standard != nullptr ? standard : SSL_CIPHER_get_name(c));
  o.Set("version", SSL_CIPHER_get_version(c));
  return o;
}

Napi::Value Engine::Alpn(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Live(env)) return env.Undefined();
  const unsigned char* p = nullptr;
  unsigned len = 0;
  SSL_get0_alpn_selected(ssl_, &p, &len);
  if (p == nullptr || len == 0) return env.Null();
  return Napi::String::New(env, reinterpret_cast<const char*>(p), len);
}

Napi::Value Engine::Session(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Live(env)) return env.Undefined();
  // The latest session the server issued; else the one in use, if it can be resumed.
  SSL_SESSION* s = session_ != nullptr ? session_ : SSL_get_session(ssl_);
  if (s == nullptr || SSL_SESSION_is_resumable(s) != 1) return env.Null();
  int len = i2d_SSL_SESSION(s, nullptr);
  if (len <= 0) return env.Null();
  Napi::Buffer<uint8_t> out = Napi::Buffer<uint8_t>::New(env, static_cast<size_t>(len));
  unsigned char* p = out.Data();
  i2d_SSL_SESSION(s, &p);
  return out;
}

Napi::Value Engine::SessionReused(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Live(env)) return env.Undefined();
  return Napi::Boolean::New(env, SSL_session_reused(ssl_) == 1);
}

}  // namespace ferrite
