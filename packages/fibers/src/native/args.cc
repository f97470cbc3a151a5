#include "args.h"

#include "native_runtime.h"

#include <cmath>
#include <cstdio>

namespace ferrite {

namespace {

// Formatted here, not by JavaScript's ToString: that may fail while the environment terminates.
std::string Format(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

}  // namespace

Napi::Value ThrowCoded(Napi::Env env, const char* code, const std::string& message, bool /* range */) {
  AddonData* data = env.GetInstanceData<AddonData>();
  return kit::ThrowThroughFactory(env, data != nullptr ? &data->errorFactory : nullptr, code, message, kit::Fallback::kError);
}

bool NumberArg(const Napi::CallbackInfo& info, size_t i, const char* name, double min, double max, bool integer, double* out) {
  double d;
  if (!kit::ArgNumber(info, i, name, &d)) return false;
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

bool FunctionsArg(const Napi::CallbackInfo& info, size_t i, const char* name, size_t max, std::vector<Napi::Function>* out) {
  Napi::Value v = info[i];
  if (!v.IsArray()) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + " must be an array of functions, got " + kit::TypeName(v));
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
      ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + "[" + std::to_string(k) + "] must be a function, got " + kit::TypeName(f));
      return false;
    }
    out->push_back(f.As<Napi::Function>());
  }
  return true;
}

}  // namespace ferrite
