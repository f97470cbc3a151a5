// Engine: one client connection's TLS state (an SSL* between two memory BIOs). It does no I/O:
// the TS layer moves ciphertext between the socket and `feed()`/`drain()`, so the same engine
// serves the sync stream (over a raw fd) and the async one (over the reactor's TcpStream).
#pragma once

#include <string>

#include "addon.h"

namespace ferrite {

class Engine : public Napi::ObjectWrap<Engine>, public Closable {
 public:
  static constexpr const char* kName = "Engine";
  static const napi_type_tag kTag;
  static void Init(Napi::Env env, Napi::Object exports);

  explicit Engine(const Napi::CallbackInfo& info);
  ~Engine() override;
  void CloseNow() override;

  // Made by Context::Connect: servername (SNI, "" for none), host (identity check, IP or name),
  // session (DER or null), alpn (wire format). `trustId` is the context's sessions' id context.
  bool Setup(Napi::Env env, SSL_CTX* ctx, const std::string& trustId, const Napi::CallbackInfo& info);
  // The new-session callback of the context: keeps the latest session (takes the reference).
  void SetSession(SSL_SESSION* session);
  // isSession(bytes): whether bytes parse as a serialized session (exported as a function).
  static Napi::Value IsSession(const Napi::CallbackInfo& info);

 private:
  Napi::Value Handshake(const Napi::CallbackInfo& info);
  Napi::Value Read(const Napi::CallbackInfo& info);
  Napi::Value Write(const Napi::CallbackInfo& info);
  Napi::Value Feed(const Napi::CallbackInfo& info);
  Napi::Value FeedEof(const Napi::CallbackInfo& info);
  Napi::Value Drain(const Napi::CallbackInfo& info);
  Napi::Value Shutdown(const Napi::CallbackInfo& info);
  Napi::Value VerifyError(const Napi::CallbackInfo& info);
  Napi::Value CheckIdentity(const Napi::CallbackInfo& info);
  Napi::Value PeerCertificate(const Napi::CallbackInfo& info);
  Napi::Value Protocol(const Napi::CallbackInfo& info);
  Napi::Value Cipher(const Napi::CallbackInfo& info);
  Napi::Value Alpn(const Napi::CallbackInfo& info);
  Napi::Value Session(const Napi::CallbackInfo& info);
  Napi::Value SessionReused(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  // An SSL_get_error outcome as a return value or a thrown TlsError.
  Napi::Value Outcome(Napi::Env env, int ret, bool handshake);
  // ERR_CLOSED when closed; true when usable.
  bool Live(Napi::Env env);

  SSL* ssl_ = nullptr;
  BIO* in_ = nullptr;   // ciphertext from the peer (owned by ssl_)
  BIO* out_ = nullptr;  // ciphertext for the peer (owned by ssl_)
  SSL_SESSION* session_ = nullptr;
  std::string host_;  // the identity checked: a host name, or an IP address when hostIsIp_
  bool hostIsIp_ = false;
  // The handshake completed once: an end of stream from now on is a truncation, not a reset
  // (SSL_is_init_finished turns false again while a post-handshake message is read).
  bool established_ = false;
};

}  // namespace ferrite
