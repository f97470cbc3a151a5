// SSL_CTX creation: trust store, versions, and the client session cache hook.
#include "context.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "engine.h"

namespace ferrite {

const napi_type_tag Context::kTag = {0x6f3c1d2a9b7e4c51ULL, 0x8d2e5f1a3c4b6d70ULL};

namespace {

// OpenSSL calls this when the server issues a session (TLS 1.2: at the handshake's end; TLS 1.3:
// a NewSessionTicket after it, seen by a later read). Returning 1 hands us the reference.
int OnNewSession(SSL* ssl, SSL_SESSION* session) {
  auto* engine = static_cast<Engine*>(SSL_get_app_data(ssl));
  if (engine == nullptr) return 0;
  engine->SetSession(session);
  return 1;
}

// Verification goes on past an error, as node:tls's callback lets it: the result kept is the last
// error found, so a certificate gives the same code as with node:https (a lone leaf of an unknown
// issuer ends as UNABLE_TO_VERIFY_LEAF_SIGNATURE, not the chain builder's first complaint).
int ContinueVerifying(int /*ok*/, X509_STORE_CTX* /*ctx*/) { return 1; }

}  // namespace

X509_STORE* StoreFromPem(const std::string& pem, int* count) {
  *count = 0;
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509_STORE* store = X509_STORE_new();
  if (bio == nullptr || store == nullptr) {
    BIO_free(bio);
    X509_STORE_free(store);
    return nullptr;
  }
  while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    if (X509_STORE_add_cert(store, cert) == 1) (*count)++;
    X509_free(cert);
  }
  BIO_free(bio);
  // The loop ends on "no start line" when the text is used up (text between blocks, such as a
  // bundle's comments, is skipped). Any other reason is a CERTIFICATE block that does not parse:
  // refuse the whole text rather than trust only the certificates before it.
  unsigned long last = ERR_peek_last_error();
  bool used_up = ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE;
  ERR_clear_error();
  if (*count == 0 || !used_up) {
    X509_STORE_free(store);
    return nullptr;
  }
  return store;
}

void Context::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function cls = DefineClass(env, "Context", {
    Method<Context, &Context::Connect>("connect"),
    Method<Context, &Context::Close>("close"),
  });
  Data(env)->contextConstructor = Napi::Persistent(cls);
  exports.Set("createContext", Napi::Function::New(env, Create, "createContext"));
  exports.Set("setRoots", Napi::Function::New(env, SetRoots, "setRoots"));
}

Napi::Value Context::SetRoots(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  AddonData* data = Data(env);
  std::string pem;
  if (!ArgString(info, 0, "roots", 16 << 20, &pem)) return env.Undefined();
  if (data->roots != nullptr) return env.Undefined();  // once per environment
  int count = 0;
  data->roots = StoreFromPem(pem, &count);
  if (data->roots == nullptr) return ThrowTls(env, "ERR_TLS_INVALID_CA", "the root certificates hold no PEM certificate");
  return env.Undefined();
}

Context::Context(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Context>(info) {
  AddonData* data = Data(info.Env());
  if (data == nullptr || !data->constructing) {
    ThrowCoded(info.Env(), "ERR_ILLEGAL_CONSTRUCTOR", "Context objects come from createContext()");
    return;
  }
  napi_type_tag_object(info.Env(), info.This(), &kTag);
}

Context::~Context() {
  if (data != nullptr) data->Untrack(this);
  CloseNow();
}

void Context::CloseNow() {
  // Engines made from this context keep their own reference (SSL_new up-refs the SSL_CTX).
  SSL_CTX_free(ctx_);
  ctx_ = nullptr;
}

Napi::Value Context::Create(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  AddonData* data = Data(env);
  std::string ca;
  bool ownCa = !info[0].IsNull();
  if (ownCa && !ArgString(info, 0, "ca", 16 << 20, &ca)) return env.Undefined();
  int64_t minVersion, maxVersion;
  if (!ArgInt(info, 1, "minVersion", TLS1_2_VERSION, TLS1_3_VERSION, &minVersion) ||
      !ArgInt(info, 2, "maxVersion", TLS1_2_VERSION, TLS1_3_VERSION, &maxVersion)) {
    return env.Undefined();
  }
  X509_STORE* store = nullptr;
  if (ownCa) {
    int count = 0;
    store = StoreFromPem(ca, &count);
    if (store == nullptr) return ThrowTls(env, "ERR_TLS_INVALID_CA", "ca holds no PEM certificate, or a CERTIFICATE block that does not parse");
  } else {
    if (data->roots == nullptr) return ThrowTls(env, "ERR_TLS_NO_ROOTS", "setRoots() must run before a context without ca");
    store = data->roots;
    X509_STORE_up_ref(store);
  }
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == nullptr) {
    X509_STORE_free(store);
    return ThrowOpenSsl(env, "SSL_CTX_new failed");
  }
  // The trust this context verifies with, as its sessions' id context (copied into each session
  // it makes, and serialized with it): a session verified under one ca must not skip verification
  // under another (resumption keeps the first verdict).
  std::string trust = ownCa ? "ca:" + ca : std::string("roots");
  unsigned char trustId[EVP_MAX_MD_SIZE];
  unsigned int trustIdLen = 0;
  if (EVP_Digest(trust.data(), trust.size(), trustId, &trustIdLen, EVP_sha256(), nullptr) != 1 ||
      SSL_CTX_set_session_id_context(ctx, trustId, trustIdLen) != 1) {
    X509_STORE_free(store);
    SSL_CTX_free(ctx);
    return ThrowOpenSsl(env, "session id context failed");
  }
  SSL_CTX_set_cert_store(ctx, store);  // takes our reference
  SSL_CTX_set_min_proto_version(ctx, static_cast<int>(minVersion));
  SSL_CTX_set_max_proto_version(ctx, static_cast<int>(maxVersion));
  // The chain is verified during the handshake but judged after it, as node:tls does: the
  // outcome is read with SSL_get_verify_result, then the identity is checked (Node's order).
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, ContinueVerifying);
  // Client sessions go to the engine that made them (no internal cache): the caller decides
  // which connection resumes which session (a pool per origin).
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(ctx, OnNewSession);
  // No renegotiation (Go's and rustls's default): a server's HelloRequest gets a no_renegotiation
  // alert. Accepting it would run a second handshake whose certificate nobody verifies (the
  // chain and name are judged once, after the first), and could make SSL_write wait for input.
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
  // Not SSL_MODE_RELEASE_BUFFERS: it would free and reallocate the record buffers around every
  // record, an allocation per read on the hot path. An idle connection keeps them instead.

  data->constructing = true;
  Napi::Object obj = data->contextConstructor.New({});
  data->constructing = false;
  if (env.IsExceptionPending() || obj.IsEmpty()) {
    SSL_CTX_free(ctx);
    return env.Undefined();
  }
  Context* self = Context::Unwrap(obj);
  self->ctx_ = ctx;
  self->trustId_.assign(reinterpret_cast<const char*>(trustId), trustIdLen);
  data->Track(self);
  return obj;
}

Napi::Value Context::Connect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (ctx_ == nullptr) return ThrowTls(env, "ERR_CLOSED", "Context is closed");
  AddonData* data = Data(env);
  data->constructing = true;
  Napi::Object obj = data->engineConstructor.New({});
  data->constructing = false;
  if (env.IsExceptionPending() || obj.IsEmpty()) return env.Undefined();
  if (!Engine::Unwrap(obj)->Setup(env, ctx_, trustId_, info)) return env.Undefined();
  return obj;
}

Napi::Value Context::Close(const Napi::CallbackInfo& info) {
  if (data != nullptr) data->Untrack(this);
  CloseNow();
  return info.Env().Undefined();
}

}  // namespace ferrite
