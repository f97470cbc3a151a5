// Argument checks for the N-API surface. Every export checks each argument with these before
// any As<>(): a wrong type or value becomes a coded Error thrown into JavaScript (the codes the
// TypeScript layer uses), never an undefined conversion or a crash. Each check returns false
// after throwing; the caller returns at once.
//
// The common part (type names, the string reader, the coded throw through the error factory) is
// @ferrite/addon-kit's <ferrite/addon_args.h>; what is fibers' own is here.
#pragma once

#include <ferrite/addon_args.h>
#include <napi.h>

#include <string>
#include <vector>

namespace ferrite {

// ThrowCoded (declared in ferrite/addon_args.h, defined in args.cc) throws a coded error unless
// the environment can no longer run JavaScript (as during a worker's termination: then nothing is
// thrown and the caller still just returns): a FiberError made by the factory binding.ts hands
// over (setErrorFactory), or, without one, an Error with `code` (`range` is not used: fibers has
// one error class). Every error the addon throws goes through it.

// info[i] is a number in [min, max] (ERR_INVALID_ARG_TYPE if not a number; ERR_INVALID_ARG_VALUE
// if NaN, out of range, or fractional when `integer`). Infinity passes only if max is infinite.
bool NumberArg(const Napi::CallbackInfo& info, size_t i, const char* name, double min, double max, bool integer, double* out);

// info[i] is a string (ERR_INVALID_ARG_TYPE).
inline bool StringArg(const Napi::CallbackInfo& info, size_t i, const char* name, std::string* out) {
  return kit::ArgString(info, i, name, out);
}

// info[i] is an array of functions (ERR_INVALID_ARG_TYPE) with at most `max` elements
// (ERR_INVALID_ARG_VALUE); each element is read once, so a getter cannot hand over one value to
// the check and another to the caller.
bool FunctionsArg(const Napi::CallbackInfo& info, size_t i, const char* name, size_t max, std::vector<Napi::Function>* out);

}  // namespace ferrite
