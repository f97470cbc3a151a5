// The argument readers and error throwers declared in addon.h.
#include <openssl/err.h>

#include <cmath>

#include "addon.h"

namespace ferrite {

namespace {

std::string Describe(const Napi::Value& v) {
  switch (v.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "a boolean";
    case napi_number: return "a number";
    case napi_string: return "a string";
    case napi_symbol: return "a symbol";
    case napi_function: return "a function";
    case napi_bigint: return "a bigint";
    default: return "an object";
  }
}

}  // namespace

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

bool ArgInt(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t min, int64_t max, int64_t* out) {
  Napi::Value v = info[i];
  double d;
  if (napi_get_value_double(info.Env(), v, &d) != napi_ok) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + " must be a number, got " + Describe(v));
    return false;
  }
  // Compared as doubles first: a cast of an out-of-range double to an integer is undefined.
  if (!(d >= static_cast<double>(min) && d <= static_cast<double>(max)) || d != std::floor(d)) {
    ThrowCoded(info.Env(), "ERR_OUT_OF_RANGE",
               std::string(name) + " must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]", true);
    return false;
  }
  *out = static_cast<int64_t>(d);
  return true;
}

bool ArgString(const Napi::CallbackInfo& info, size_t i, const char* name, size_t maxBytes, std::string* out) {
  Napi::Value v = info[i];
  if (!v.IsString()) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + " must be a string, got " + Describe(v));
    return false;
  }
  *out = v.As<Napi::String>().Utf8Value();
  if (out->size() > maxBytes || out->find('\0') != std::string::npos) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_VALUE", std::string(name) + " is too long or contains NUL");
    return false;
  }
  return true;
}

bool ArgBytes(const Napi::CallbackInfo& info, size_t i, const char* name, uint8_t** data, size_t* len) {
  napi_typedarray_type type;
  size_t length;
  void* ptr;
  if (napi_get_typedarray_info(info.Env(), info[i], &type, &length, &ptr, nullptr, nullptr) != napi_ok || type != napi_uint8_array) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + " must be a Uint8Array");
    return false;
  }
  // A detached buffer reports length 0 and a null pointer: a harmless empty read/write.
  *data = static_cast<uint8_t*>(ptr);
  *len = length;
  return true;
}

bool CheckTag(napi_env env, napi_value object, const napi_type_tag& tag) {
  napi_valuetype type;
  if (napi_typeof(env, object, &type) != napi_ok || type != napi_object) return false;
  bool ok = false;
  return napi_check_object_type_tag(env, object, &tag, &ok) == napi_ok && ok;
}

}  // namespace ferrite
