// Values across the channel: numbers, UTF-8 strings and bytes go to JavaScript as numbers,
// strings and Buffers; what comes back is copied into the fiber's result buffer, because the JS
// value may be collected (or its buffer detached) as soon as the handle scope closes.
#include "channel_call.h"

#include <cerrno>
#include <string>

namespace ferrite {

namespace {

bool ToJs(napi_env env, const ferrite_fiber_value& v, napi_value* out) {
  switch (v.type) {
    case FERRITE_VALUE_NUMBER:
      return napi_create_double(env, v.number, out) == napi_ok;
    case FERRITE_VALUE_STRING:
      return napi_create_string_utf8(env, v.length == 0 ? "" : v.data, v.length, out) == napi_ok;
    case FERRITE_VALUE_BYTES: {
      void* copy;
      return napi_create_buffer_copy(env, v.length, v.length == 0 ? "" : v.data, &copy, out) == napi_ok;
    }
    default:
      return napi_get_undefined(env, out) == napi_ok;
  }
}

// The string's UTF-8 bytes into the fiber's result buffer.
bool CopyString(napi_env env, napi_value s, Fiber* f) {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, s, nullptr, 0, &len) != napi_ok) return false;
  f->resultBuf.assign(len + 1, '\0');
  if (napi_get_value_string_utf8(env, s, f->resultBuf.data(), len + 1, &len) != napi_ok) return false;
  f->resultBuf.resize(len);
  f->js.value = {FERRITE_VALUE_STRING, 0, f->resultBuf.c_str(), len};
  return true;
}

// The fiber hears FERRITE_FIBER_THREW with `message` as its result.
void Threw(Fiber* f, const std::string& message) {
  f->resultBuf = message;
  f->js.value = {FERRITE_VALUE_STRING, 0, f->resultBuf.c_str(), f->resultBuf.size()};
  f->js.status = FERRITE_FIBER_THREW;
}

// The pending exception, cleared, told to the fiber as its message (err.message, or String(err)).
// False if nothing is pending: the call failed because JavaScript cannot run.
bool TakeException(napi_env env, Fiber* f) {
  bool pending = false;
  napi_value err;
  if (napi_is_exception_pending(env, &pending) != napi_ok || !pending) return false;
  if (napi_get_and_clear_last_exception(env, &err) != napi_ok) return false;
  napi_valuetype type;
  napi_value text = err;
  if (napi_typeof(env, err, &type) == napi_ok && type == napi_object) {
    napi_value message;
    napi_valuetype mtype;
    if (napi_get_named_property(env, err, "message", &message) == napi_ok && napi_typeof(env, message, &mtype) == napi_ok &&
        mtype == napi_string) {
      text = message;
    }
  }
  napi_value str;
  if (napi_coerce_to_string(env, text, &str) != napi_ok || !CopyString(env, str, f)) {
    // A getter or toString that threw in turn: that is dropped; the fiber still hears it threw.
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
    Threw(f, "(a JavaScript exception that could not be converted to a string)");
    return true;
  }
  f->js.status = FERRITE_FIBER_THREW;
  return true;
}

void FromJs(napi_env env, napi_value result, Fiber* f) {
  napi_valuetype type = napi_undefined;
  napi_typeof(env, result, &type);
  bool isTyped = false;
  switch (type) {
    case napi_undefined:
    case napi_null:
      f->js.value = {FERRITE_VALUE_UNDEFINED, 0, nullptr, 0};
      return;
    case napi_boolean: {
      bool b = false;
      napi_get_value_bool(env, result, &b);
      f->js.value = {FERRITE_VALUE_NUMBER, b ? 1.0 : 0.0, nullptr, 0};
      return;
    }
    case napi_number:
      f->js.value.type = FERRITE_VALUE_NUMBER;
      napi_get_value_double(env, result, &f->js.value.number);
      return;
    case napi_string:
      if (!CopyString(env, result, f)) Threw(f, "the channel function's string result could not be read");
      return;
    case napi_object:
      if (napi_is_typedarray(env, result, &isTyped) == napi_ok && isTyped) {
        napi_typedarray_type ta;
        size_t length = 0;
        void* data = nullptr;
        if (napi_get_typedarray_info(env, result, &ta, &length, &data, nullptr, nullptr) == napi_ok && ta == napi_uint8_array) {
          f->resultBuf.assign(length == 0 ? "" : static_cast<const char*>(data), length);
          f->js.value = {FERRITE_VALUE_BYTES, 0, f->resultBuf.data(), length};
          return;
        }
      }
      break;
    default:
      break;
  }
  static const char* const kNames[] = {"undefined", "null", "boolean", "number", "string", "symbol", "object", "function", "external", "bigint"};
  const char* name = type >= 0 && type <= napi_bigint ? kNames[type] : "value";
  Threw(f, std::string("the channel function returned an unsupported value (") + name +
               "): return undefined, null, a boolean, a number, a string or a Uint8Array");
}

}  // namespace

bool CallChannel(napi_env env, napi_value fn, Fiber* f) {
  JsCall& js = f->js;
  js.status = 0;
  js.value = {FERRITE_VALUE_UNDEFINED, 0, nullptr, 0};
  napi_value argv[1 + FERRITE_FIBER_MAX_VALUES];
  napi_value recv, result;
  if (napi_get_undefined(env, &recv) != napi_ok || napi_create_double(env, static_cast<double>(f->id), &argv[0]) != napi_ok) {
    return TakeException(env, f);
  }
  for (size_t i = 0; i < js.nvalues; i++) {
    if (ToJs(env, js.values[i], &argv[1 + i])) continue;
    // A value V8 cannot hold (a string longer than its limit): the fiber hears -EINVAL.
    bool pending = false;
    napi_value ignored;
    if (napi_is_exception_pending(env, &pending) == napi_ok && pending) napi_get_and_clear_last_exception(env, &ignored);
    js.status = -EINVAL;
    js.value = {FERRITE_VALUE_UNDEFINED, 0, nullptr, 0};
    return true;
  }
  if (napi_call_function(env, recv, fn, 1 + js.nvalues, argv, &result) != napi_ok) return TakeException(env, f);
  FromJs(env, result, f);
  return true;
}

}  // namespace ferrite
