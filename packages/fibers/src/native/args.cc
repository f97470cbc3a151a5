#include "args.h"

#include "native_runtime.h"

#include <cmath>
#include <cstdio>

namespace ferrite {

namespace {

const char* TypeName(const Napi::Value& v) {
  switch (v.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "a boolean";
    case napi_number: return "a number";
    case napi_string: return "a string";
    case napi_symbol: return "a symbol";
    case napi_object: return v.IsArray() ? "an array" : "an object";
    case napi_function: return "a function";
    case napi_external: return "an external";
    case napi_bigint: return "a bigint";
  }
  return "a value";
}

// Formatted here, not by JavaScript's ToString: that may fail while the environment terminates.
std::string Format(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

}  // namespace

void ThrowCoded(Napi::Env env, const char* code, const std::string& message) {
  // A pending exception stays the one JavaScript sees; a second throw would be lost anyway.
  if (env.IsExceptionPending()) return;
  AddonData* data = env.GetInstanceData<AddonData>();
  if (data != nullptr && !data->errorFactory.IsEmpty()) {
    Napi::Value made = data->errorFactory.Call({Napi::String::New(env, code), Napi::String::New(env, message)});
    // The factory cannot run while the environment terminates: nobody is left to tell.
    if (env.IsExceptionPending()) return;
    if (made.IsObject()) {
      napi_throw(env, made);
      return;
    }
  }
  Napi::Error e = Napi::Error::New(env, message);
  // Set fails (without throwing) when the environment is terminating; nothing to report then.
  napi_value codeValue;
  if (napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &codeValue) != napi_ok) return;
  if (napi_set_named_property(env, e.Value(), "code", codeValue) != napi_ok) return;
  e.ThrowAsJavaScriptException();
}

bool NumberArg(const Napi::CallbackInfo& info, size_t i, const char* name, double min, double max, bool integer, double* out) {
  Napi::Value v = info[i];
  if (!v.IsNumber()) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + " must be a number, got " + TypeName(v));
    return false;
  }
  double d = v.As<Napi::Number>().DoubleValue();
  bool ok = !std::isnan(d) && d >= min && d <= max && (!integer || std::trunc(d) == d);
  if (!ok) {
    std::string what = integer ? "an integer" : "a number";
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_VALUE",
               std::string(name) + " must be " + what + " from " + Format(min) + " to " + Format(max) + ", got " + Format(d));
    return false;
  }
  *out = d;
  return true;
}

bool StringArg(const Napi::CallbackInfo& info, size_t i, const char* name, std::string* out) {
  Napi::Value v = info[i];
  if (!v.IsString()) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + " must be a string, got " + TypeName(v));
    return false;
  }
  *out = v.As<Napi::String>().Utf8Value();
  return true;
}

bool FunctionsArg(const Napi::CallbackInfo& info, size_t i, const char* name, size_t max, std::vector<Napi::Function>* out) {
  Napi::Value v = info[i];
  if (!v.IsArray()) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + " must be an array of functions, got " + TypeName(v));
    return false;
  }
  Napi::Array a = v.As<Napi::Array>();
  uint32_t n = a.Length();
  if (n > max) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_VALUE", std::string(name) + " may hold at most " + std::to_string(max) + " functions, got " + std::to_string(n));
    return false;
  }
  out->clear();
  for (uint32_t k = 0; k < n; k++) {
    // Get can run a getter (and fail); an element that is not a function is refused.
    Napi::Value f = a.Get(k);
    if (info.Env().IsExceptionPending()) return false;
    if (!f.IsFunction()) {
      ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + "[" + std::to_string(k) + "] must be a function, got " + TypeName(f));
      return false;
    }
    out->push_back(f.As<Napi::Function>());
  }
  return true;
}

}  // namespace ferrite
