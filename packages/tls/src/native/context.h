// Context: one SSL_CTX (trust store, protocol versions, session callback) shared by the
// connections made with the same options. Engines are made from it with `connect()`.
#pragma once

#include "addon.h"

namespace ferrite {

class Context : public Napi::ObjectWrap<Context>, public Closable {
 public:
  static constexpr const char* kName = "Context";
  static const napi_type_tag kTag;
  static void Init(Napi::Env env, Napi::Object exports);
  // createContext(ca: string | null, minVersion: number, maxVersion: number)
  static Napi::Value Create(const Napi::CallbackInfo& info);
  // setRoots(pem: string): parses Node's bundled roots once for this environment.
  static Napi::Value SetRoots(const Napi::CallbackInfo& info);

  explicit Context(const Napi::CallbackInfo& info);
  ~Context() override;
  void CloseNow() override;

  SSL_CTX* ctx() const { return ctx_; }

 private:
  Napi::Value Connect(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  SSL_CTX* ctx_ = nullptr;
  // SHA-256 of what the context trusts (its ca text, or the bundled roots), also its sessions' id
  // context: a session is offered only under the trust it was verified with.
  std::string trustId_;
};

// Parses every certificate of a PEM text into a new store; null (with nothing thrown) when the
// text holds no certificate or a CERTIFICATE block that does not parse.
X509_STORE* StoreFromPem(const std::string& pem, int* count);

}  // namespace ferrite
