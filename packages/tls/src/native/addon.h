// Per-environment state and the error paths shared by the native classes.
//
// Nothing here is process-global: each Node environment (main thread or worker) that loads the
// addon gets its own AddonData through napi_set_instance_data, so the addon is context-aware.
// OpenSSL itself is initialised and owned by Node; we only create and free our own objects.
//
// Every function reachable from JS checks its receiver and arguments (with addon-kit's readers):
// the `.node` file can be loaded directly, so "the TS layer validates" is not a defence.
#pragma once

#include <ferrite/addon_args.h>
#include <ferrite/live_set.h>
#include <napi.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <string>

namespace ferrite {

// Anything that owns OpenSSL objects. AddonData keeps the live ones (addon-kit's LiveSet) so that
// the env cleanup hook frees what the user forgot.
class AddonData;
using Closable = kit::Closable<AddonData>;

class AddonData : public kit::LiveSet<AddonData> {
 public:
  explicit AddonData(Napi::Env env);
  ~AddonData();

  // Frees every OpenSSL object still alive. Runs from the env cleanup hook (process/worker exit).
  void CloseAll();

  Napi::FunctionReference errorFactory;  // JS (code, message) => TlsError; set by the TS loader
  Napi::FunctionReference contextConstructor;
  Napi::FunctionReference engineConstructor;
  // True only while native code constructs a wrapper: the classes refuse `new` from JS.
  bool constructing = false;
  // Node's bundled roots (tls.rootCertificates), parsed once per environment on first use and
  // shared (up-ref'd) by every context that verifies against them.
  X509_STORE* roots = nullptr;

 private:
  static void Cleanup(void* arg);
  bool hooked_ = false;
  napi_env env_;
};

inline AddonData* Data(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

// The argument readers and receiver checks are @ferrite/addon-kit's; they throw through
// ferrite::ThrowCoded (errors.cc): argument errors are TypeError/RangeError with Node's codes.
using kit::ArgBytes;
using kit::ArgInt;
using kit::ArgString;
using kit::CheckTag;
using kit::Getter;
using kit::Method;

// A TlsError (built by the JS factory, so it is the package's class) with `code`.
Napi::Value ThrowTls(Napi::Env env, const std::string& code, const std::string& message);
// The first error on OpenSSL's (per-thread) queue as a TlsError, `fallback` naming the step when
// the queue is empty. Always leaves the queue empty: it is shared with node:crypto on this thread.
Napi::Value ThrowOpenSsl(Napi::Env env, const char* fallback);

}  // namespace ferrite
