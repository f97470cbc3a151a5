// The error paths declared in addon.h: coded argument errors, TlsErrors, OpenSSL's queue.
#include <openssl/err.h>

#include <cctype>

#include "addon.h"

namespace ferrite {

Napi::Value ThrowCoded(Napi::Env env, const char* code, const std::string& message, bool range) {
  // One error at a time: a second throw while one is pending would replace the first.
  if (env.IsExceptionPending()) return env.Undefined();
  napi_value msg, codeValue, error;
  if (napi_create_string_utf8(env, message.c_str(), message.size(), &msg) != napi_ok ||
      napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &codeValue) != napi_ok) {
    return env.Undefined();
  }
  napi_status st = range ? napi_create_range_error(env, codeValue, msg, &error) : napi_create_type_error(env, codeValue, msg, &error);
  if (st == napi_ok) napi_throw(env, error);  // fails only while terminating: nothing to report
  return env.Undefined();
}

Napi::Value ThrowTls(Napi::Env env, const std::string& code, const std::string& message) {
  if (env.IsExceptionPending()) return env.Undefined();
  AddonData* data = Data(env);
  if (data != nullptr && !data->errorFactory.IsEmpty()) {
    Napi::Value error = data->errorFactory.Call({Napi::String::New(env, code), Napi::String::New(env, message)});
    // The factory cannot run while the environment terminates: nobody is left to tell.
    if (env.IsExceptionPending() || error.IsEmpty()) return env.Undefined();
    napi_throw(env, error);
    return env.Undefined();
  }
  // Loaded without the TS layer: a plain Error of the same shape.
  Napi::Error e = Napi::Error::New(env, message);
  if (e.IsEmpty()) return env.Undefined();
  e.Set("code", code);
  napi_throw(env, e.Value());
  return env.Undefined();
}

Napi::Value ThrowOpenSsl(Napi::Env env, const char* fallback) {
  unsigned long err = ERR_peek_error();
  std::string code = "ERR_TLS_FAILED";
  std::string message = fallback;
  if (err != 0) {
    // Node's shape for OpenSSL errors: ERR_SSL_<REASON> (ERR_SSL_WRONG_VERSION_NUMBER, ...).
    const char* lib = ERR_lib_error_string(err);
    const char* reason = ERR_reason_error_string(err);
    if (reason != nullptr) {
      std::string r = reason;
      message = r;
      code = std::string("ERR_") + (lib != nullptr && std::string(lib) == "SSL routines" ? "SSL" : "OSSL") + "_";
      for (char ch : r) code += (ch == ' ' || ch == '-') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
  }
  ERR_clear_error();
  return ThrowTls(env, code, message);
}

}  // namespace ferrite
