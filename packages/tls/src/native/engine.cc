// The SSL* of one client connection over two memory BIOs. No syscalls here: every method is a
// bounded amount of CPU work, called by the TS layer, which owns the socket.
#include "engine.h"

#include <openssl/err.h>

#include <climits>
#include <cstring>


namespace ferrite {

const napi_type_tag Engine::kTag = {0x1b7d4e2f6a3c5d89ULL, 0x2c4e6f8a1b3d5e7fULL};

// Results of handshake/read/write that are not byte counts (the TS layer mirrors them).
constexpr int kWantInput = -1;   // the engine needs more ciphertext from the peer
constexpr int kHandshakeDone = 0;
constexpr size_t kMaxWrite = 16384;  // TLS's largest record payload

void Engine::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function cls = DefineClass(env, "Engine", {
    Method<Engine, &Engine::Handshake>("handshake"),
    Method<Engine, &Engine::Read>("read"),
    Method<Engine, &Engine::Write>("write"),
    Method<Engine, &Engine::Feed>("feed"),
    Method<Engine, &Engine::FeedEof>("feedEof"),
    Method<Engine, &Engine::Drain>("drain"),
    Method<Engine, &Engine::Shutdown>("shutdown"),
    Method<Engine, &Engine::VerifyError>("verifyError"),
    Method<Engine, &Engine::CheckIdentity>("checkIdentity"),
    Method<Engine, &Engine::PeerCertificate>("peerCertificate"),
    Method<Engine, &Engine::Protocol>("protocol"),
    Method<Engine, &Engine::Cipher>("cipher"),
    Method<Engine, &Engine::Alpn>("alpn"),
    Method<Engine, &Engine::Session>("session"),
    Method<Engine, &Engine::SessionReused>("sessionReused"),
    Method<Engine, &Engine::Close>("close"),
  });
  Data(env)->engineConstructor = Napi::Persistent(cls);
  exports.Set("isSession", Napi::Function::New(env, IsSession, "isSession"));
}

// isSession(bytes): whether `bytes` parse as a serialized session, so that connect() can refuse
// bad `session` bytes from the call instead of after the TCP connect.
Napi::Value Engine::IsSession(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint8_t* bytes;
  size_t len;
  if (!ArgBytes(info, 0, "session", &bytes, &len)) return env.Undefined();
  const unsigned char* p = bytes;
  SSL_SESSION* s = len == 0 ? nullptr : d2i_SSL_SESSION(nullptr, &p, static_cast<long>(len));
  ERR_clear_error();
  SSL_SESSION_free(s);
  return Napi::Boolean::New(env, s != nullptr);
}

Engine::Engine(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Engine>(info) {
  AddonData* data = Data(info.Env());
  if (data == nullptr || !data->constructing) {
    ThrowCoded(info.Env(), "ERR_ILLEGAL_CONSTRUCTOR", "Engine objects come from context.connect()");
    return;
  }
  napi_type_tag_object(info.Env(), info.This(), &kTag);
}

Engine::~Engine() {
  if (data != nullptr) data->Untrack(this);
  CloseNow();
}

void Engine::CloseNow() {
  if (ssl_ != nullptr) SSL_set_app_data(ssl_, nullptr);
  SSL_free(ssl_);  // frees both BIOs
  ssl_ = nullptr;
  in_ = out_ = nullptr;
  SSL_SESSION_free(session_);
  session_ = nullptr;
}

void Engine::SetSession(SSL_SESSION* session) {
  // OpenSSL keeps no name in a client session: record the identity it was made for (a name, or
  // an IP address, which sends no SNI), so that it travels with the bytes and Setup can refuse to
  // offer it to another name or address.
  SSL_SESSION_set1_hostname(session, host_.c_str());
  SSL_SESSION_free(session_);
  session_ = session;
}

bool Engine::Setup(Napi::Env env, SSL_CTX* ctx, const std::string& trustId, const Napi::CallbackInfo& info) {
  std::string servername;  // SNI, "" for none (an IP address); OpenSSL copies it
  int64_t isIp;
  if (!ArgString(info, 0, "servername", 255, &servername) || !ArgString(info, 1, "host", 255, &host_) ||
      !ArgInt(info, 2, "hostIsIp", 0, 1, &isIp)) {
    return false;
  }
  hostIsIp_ = isIp == 1;
  uint8_t* session = nullptr;
  size_t sessionLen = 0;
  if (!info[3].IsNull() && !ArgBytes(info, 3, "session", &session, &sessionLen)) return false;
  uint8_t* alpn = nullptr;
  size_t alpnLen = 0;
  if (!ArgBytes(info, 4, "alpn", &alpn, &alpnLen)) return false;
  if (alpnLen > 65535) {
    ThrowCoded(env, "ERR_INVALID_ARG_VALUE", "alpn is too long", true);
    return false;
  }

  ssl_ = SSL_new(ctx);
  in_ = BIO_new(BIO_s_mem());
  out_ = BIO_new(BIO_s_mem());
  if (ssl_ == nullptr || in_ == nullptr || out_ == nullptr) {
    BIO_free(in_);
    BIO_free(out_);
    in_ = out_ = nullptr;
    ThrowOpenSsl(env, "SSL_new failed");
    return false;
  }
  // An empty input BIO means "more may come" (retry), not end of stream; feedEof() changes that.
  BIO_set_mem_eof_return(in_, -1);
  SSL_set_bio(ssl_, in_, out_);
  SSL_set_app_data(ssl_, this);
  SSL_set_connect_state(ssl_);
  Data(env)->Track(this);

  if (!servername.empty() && SSL_set_tlsext_host_name(ssl_, servername.c_str()) != 1) {
    ThrowOpenSsl(env, "invalid servername");
    return false;
  }
  if (alpnLen > 0 && SSL_set_alpn_protos(ssl_, alpn, static_cast<unsigned>(alpnLen)) != 0) {
    ThrowOpenSsl(env, "invalid alpn protocol list");
    return false;
  }
  if (session != nullptr) {
    const unsigned char* p = session;
    SSL_SESSION* s = d2i_SSL_SESSION(nullptr, &p, static_cast<long>(sessionLen));
    if (s == nullptr) {
      ERR_clear_error();
      ThrowTls(env, "ERR_TLS_INVALID_SESSION", "session is not a serialized TLS session");
      return false;
    }
    // A session is offered only to the identity it was made for, under the trust it was
    // verified with: a pool keyed by origin and options does this anyway, and a resumed session
    // keeps its first verdict, so one name's (or one ca's) must not vouch for another.
    const char* name = SSL_SESSION_get0_hostname(s);
    unsigned int idLen = 0;
    const unsigned char* id = SSL_SESSION_get0_id_context(s, &idLen);
    bool sameTrust = idLen == trustId.size() && std::memcmp(id, trustId.data(), idLen) == 0;
    if (name != nullptr && host_ == name && sameTrust) SSL_set_session(ssl_, s);  // up-refs
    SSL_SESSION_free(s);
  }
  return true;
}

bool Engine::Live(Napi::Env env) {
  if (ssl_ != nullptr) return true;
  ThrowTls(env, "ERR_CLOSED", "TlsStream is closed");
  return false;
}

Napi::Value Engine::Outcome(Napi::Env env, int ret, bool handshake) {
  int err = SSL_get_error(ssl_, ret);
  if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
    // WANT_WRITE cannot happen with an unbounded memory BIO; treated alike, it is harmless.
    ERR_clear_error();
    return Napi::Number::New(env, kWantInput);
  }
  // close_notify: a clean end of stream once established. Before that it is the peer leaving
  // mid-handshake (as node:tls says), never a 0 that reads as "handshake done".
  if (err == SSL_ERROR_ZERO_RETURN && !handshake) {
    ERR_clear_error();
    return Napi::Number::New(env, 0);
  }
  unsigned long e = ERR_peek_error();
  bool eof = err == SSL_ERROR_ZERO_RETURN || err == SSL_ERROR_SYSCALL || ERR_GET_REASON(e) == SSL_R_UNEXPECTED_EOF_WHILE_READING;
  if (eof) {
    ERR_clear_error();
    if (handshake) {
      // Node's code and words for the same event.
      return ThrowTls(env, "ECONNRESET", "Client network socket disconnected before secure TLS connection was established");
    }
    return ThrowTls(env, "ERR_TLS_TRUNCATED", "the peer closed the connection without close_notify: the data may be truncated");
  }
  return ThrowOpenSsl(env, handshake ? "TLS handshake failed" : "TLS error");
}

Napi::Value Engine::Handshake(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Live(env)) return env.Undefined();
  ERR_clear_error();
  int ret = SSL_do_handshake(ssl_);
  if (ret == 1) {
    established_ = true;
    return Napi::Number::New(env, kHandshakeDone);
  }
  return Outcome(env, ret, true);
}

Napi::Value Engine::Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint8_t* buf;
  size_t len;
  if (!ArgBytes(info, 0, "buf", &buf, &len) || !Live(env)) return env.Undefined();
  if (len == 0) return Napi::Number::New(env, 0);
  ERR_clear_error();
  size_t n = 0;
  int ret = SSL_read_ex(ssl_, buf, len, &n);
  if (ret == 1) return Napi::Number::New(env, static_cast<double>(n));
  return Outcome(env, ret, !established_);
}

Napi::Value Engine::Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint8_t* buf;
  size_t len;
  if (!ArgBytes(info, 0, "buf", &buf, &len) || !Live(env)) return env.Undefined();
  if (len == 0) return Napi::Number::New(env, 0);
  // One record at a time: the output BIO then never holds more than ~16.5 KiB of ciphertext per
  // call, and the TS layer applies back-pressure before taking more.
  if (len > kMaxWrite) len = kMaxWrite;
  ERR_clear_error();
  size_t n = 0;
  int ret = SSL_write_ex(ssl_, buf, len, &n);
  if (ret == 1) return Napi::Number::New(env, static_cast<double>(n));
  return Outcome(env, ret, !established_);
}

Napi::Value Engine::Feed(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint8_t* buf;
  size_t len;
  int64_t n;
  if (!ArgBytes(info, 0, "buf", &buf, &len) || !ArgInt(info, 1, "n", 0, INT_MAX, &n) || !Live(env)) return env.Undefined();
  if (static_cast<size_t>(n) > len) return ThrowCoded(env, "ERR_OUT_OF_RANGE", "n exceeds buf.length", true);
  if (n > 0 && BIO_write(in_, buf, static_cast<int>(n)) != n) return ThrowOpenSsl(env, "BIO_write failed");
  return env.Undefined();
}

Napi::Value Engine::FeedEof(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Live(env)) return env.Undefined();
  BIO_set_mem_eof_return(in_, 0);  // once the buffered bytes are consumed, reads see EOF
  return env.Undefined();
}

Napi::Value Engine::Drain(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint8_t* buf;
  size_t len;
  if (!ArgBytes(info, 0, "buf", &buf, &len) || !Live(env)) return env.Undefined();
  size_t pending = BIO_ctrl_pending(out_);
  if (pending == 0 || len == 0) return Napi::Number::New(env, 0);
  int n = BIO_read(out_, buf, static_cast<int>(std::min(pending, std::min(len, static_cast<size_t>(INT_MAX)))));
  return Napi::Number::New(env, n > 0 ? n : 0);
}

Napi::Value Engine::Shutdown(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Live(env)) return env.Undefined();
  ERR_clear_error();
  // Queues close_notify in the output BIO (sent by the next drain); we do not wait for the
  // peer's, as HTTP clients do not (RFC 8446 6.1 allows it).
  if (SSL_is_init_finished(ssl_) && !(SSL_get_shutdown(ssl_) & SSL_SENT_SHUTDOWN)) SSL_shutdown(ssl_);
  ERR_clear_error();
  return env.Undefined();
}

Napi::Value Engine::Close(const Napi::CallbackInfo& info) {
  if (data != nullptr) data->Untrack(this);
  CloseNow();
  return info.Env().Undefined();
}

}  // namespace ferrite
