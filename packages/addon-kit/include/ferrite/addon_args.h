// The argument helpers every ferrite addon shares: a value's type named for messages, a coded
// throw through the package's error factory, the number/integer/string/bytes argument readers
// and the receiver checks of instance methods. Header-only (everything inline or a template).
//
// Every function reachable from JS checks its receiver and arguments before using them: the
// `.node` file can be loaded directly, so "the TS layer validates" is not a defence. A bad call
// gets a coded error; it never reaches a syscall or a memory access.
//
// The one thing each addon provides is ferrite::ThrowCoded (declared below, defined once in the
// addon): which factory makes its errors and what it throws without one. The readers throw
// through it, so an addon's argument errors are its own class. Each reader returns false with
// the error pending; the caller returns at once.
#pragma once

#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>

namespace ferrite {

// The addon's one coded-error path (defined by each addon): an error with a stable `code` like
// Node's ERR_* errors, made by the package's JS factory when it has one (`range` picks a
// RangeError over a TypeError for the fallback, where the addon has a typed fallback).
Napi::Value ThrowCoded(Napi::Env env, const char* code, const std::string& message, bool range = false);

namespace kit {

// "a number", "an array", ...: what a message says the caller passed instead.
inline const char* TypeName(const Napi::Value& v) {
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

// What an addon throws when its factory is not set (the .node file loaded on its own).
enum class Fallback { kError, kTypeError, kRangeError };

// Throws factory(code, message) when `factory` is set and makes an object, else a `fallback`
// error with `code`. One error at a time: while one is pending (or the environment terminates
// and nothing can be thrown) it does nothing, and the caller still just returns.
inline Napi::Value ThrowThroughFactory(Napi::Env env, const Napi::FunctionReference* factory, const char* code,
                                       const std::string& message, Fallback fallback) {
  if (env.IsExceptionPending()) return env.Undefined();
  napi_value msg, codeValue, error;
  if (napi_create_string_utf8(env, message.c_str(), message.size(), &msg) != napi_ok ||
      napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &codeValue) != napi_ok) {
    return env.Undefined();
  }
  if (factory != nullptr && !factory->IsEmpty()) {
    Napi::Value made = factory->Call({Napi::Value(env, codeValue), Napi::Value(env, msg)});
    // The factory cannot run while the environment terminates (worker.terminate()): there is
    // nobody to tell, and a second throw would be fatal.
    if (env.IsExceptionPending()) return env.Undefined();
    if (made.IsObject()) {
      napi_throw(env, made);
      return env.Undefined();
    }
  }
  napi_status st = fallback == Fallback::kRangeError ? napi_create_range_error(env, codeValue, msg, &error)
                   : fallback == Fallback::kTypeError ? napi_create_type_error(env, codeValue, msg, &error)
                                                      : napi_create_error(env, codeValue, msg, &error);
  if (st == napi_ok) napi_throw(env, error);  // fails only while terminating: nothing to report
  return env.Undefined();
}

// info[i] is a number (ERR_INVALID_ARG_TYPE). NaN and infinities pass: the caller's range decides.
inline bool ArgNumber(const Napi::CallbackInfo& info, size_t i, const char* name, double* out) {
  Napi::Value v = info[i];
  // One N-API call on the hot path: it fails (napi_number_expected) for anything but a number.
  if (napi_get_value_double(info.Env(), v, out) != napi_ok) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + " must be a number, got " + TypeName(v));
    return false;
  }
  return true;
}

// d is an integer in [min, max] (ERR_OUT_OF_RANGE, a RangeError; NaN is out of every range).
inline bool IntegerInRange(Napi::Env env, const char* name, double d, int64_t min, int64_t max, int64_t* out) {
  // Compared as doubles first: a cast of an out-of-range double to an integer is undefined.
  if (!(d >= static_cast<double>(min) && d <= static_cast<double>(max)) || d != std::floor(d)) {
    ThrowCoded(env, "ERR_OUT_OF_RANGE",
               std::string(name) + " must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]", true);
    return false;
  }
  *out = static_cast<int64_t>(d);
  return true;
}

// info[i] is an integer in [min, max]: ArgNumber, then IntegerInRange.
inline bool ArgInt(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t min, int64_t max, int64_t* out) {
  double d;
  return ArgNumber(info, i, name, &d) && IntegerInRange(info.Env(), name, d, min, max, out);
}

// info[i] is a string (ERR_INVALID_ARG_TYPE), as UTF-8.
inline bool ArgString(const Napi::CallbackInfo& info, size_t i, const char* name, std::string* out) {
  Napi::Value v = info[i];
  if (!v.IsString()) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + " must be a string, got " + TypeName(v));
    return false;
  }
  *out = v.As<Napi::String>().Utf8Value();
  return true;
}

// A string for C: at most maxBytes of UTF-8 and no NUL (ERR_INVALID_ARG_VALUE).
inline bool ArgString(const Napi::CallbackInfo& info, size_t i, const char* name, size_t maxBytes, std::string* out) {
  if (!ArgString(info, i, name, out)) return false;
  if (out->size() > maxBytes || out->find('\0') != std::string::npos) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_VALUE", std::string(name) + " is too long or contains NUL");
    return false;
  }
  return true;
}

// A Uint8Array (Buffer included); any other TypedArray or DataView is refused (ERR_INVALID_ARG_TYPE).
inline bool ArgBytes(const Napi::CallbackInfo& info, size_t i, const char* name, uint8_t** data, size_t* len) {
  napi_typedarray_type type;
  size_t length;
  void* ptr;
  if (napi_get_typedarray_info(info.Env(), info[i], &type, &length, &ptr, nullptr, nullptr) != napi_ok ||
      type != napi_uint8_array) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + " must be a Uint8Array");
    return false;
  }
  // A detached buffer reports length 0 and a null pointer: a harmless empty read/write.
  *data = static_cast<uint8_t*>(ptr);
  *len = length;
  return true;
}

// Whether `object` is an object carrying `tag` (napi_type_tag_object, set when it was built).
inline bool CheckTag(napi_env env, napi_value object, const napi_type_tag& tag) {
  napi_valuetype type;
  if (napi_typeof(env, object, &type) != napi_ok || type != napi_object) return false;
  bool ok = false;
  return napi_check_object_type_tag(env, object, &tag, &ok) == napi_ok && ok;
}

// Instance methods and accessors whose receiver is checked before it is unwrapped:
// `FdHandle.prototype.read.call(epollHandle, ...)` must be an error (ERR_INVALID_THIS), not a
// wrong-type cast. Each class T provides `static const napi_type_tag kTag` (and tags its
// instances when built) and `static constexpr const char* kName`.
// `tagged`: accessors need the tag check. Prototype methods do not: napi_define_class gives them
// a V8 signature, and V8 refuses a receiver of another class before we are called ("Illegal
// invocation"), so on the hot path (read, write, wait) only the unwrap is checked.
template <typename T, Napi::Value (T::*M)(const Napi::CallbackInfo&), bool tagged>
napi_value GuardedCall(napi_env env, napi_callback_info cbinfo) {
  Napi::CallbackInfo info(env, cbinfo);
  void* self = nullptr;
  if ((tagged && !CheckTag(env, info.This(), T::kTag)) || napi_unwrap(env, info.This(), &self) != napi_ok || self == nullptr) {
    ThrowCoded(env, "ERR_INVALID_THIS", std::string("receiver is not a ") + T::kName);
    return nullptr;
  }
  return (static_cast<T*>(self)->*M)(info);
}

// The descriptor of a guarded accessor (`getter`) or prototype method.
template <typename T, Napi::Value (T::*M)(const Napi::CallbackInfo&), bool getter>
Napi::ClassPropertyDescriptor<T> Guarded(const char* name) {
  napi_property_descriptor d{};
  d.utf8name = name;
  (getter ? d.getter : d.method) = GuardedCall<T, M, getter>;
  d.attributes = getter ? napi_default : napi_default_method;
  return d;
}

template <typename T, Napi::Value (T::*M)(const Napi::CallbackInfo&)>
Napi::ClassPropertyDescriptor<T> Method(const char* name) {
  return Guarded<T, M, false>(name);
}

template <typename T, Napi::Value (T::*M)(const Napi::CallbackInfo&)>
Napi::ClassPropertyDescriptor<T> Getter(const char* name) {
  return Guarded<T, M, true>(name);
}

}  // namespace kit
}  // namespace ferrite
