// Argument checks for the N-API surface. Every export checks each argument with these before
// any As<>(): a wrong type or value becomes a coded Error thrown into JavaScript (the codes the
// TypeScript layer uses), never an undefined conversion or a crash. Each check returns false
// after throwing; the caller returns at once.
#pragma once

#include <napi.h>

#include <string>
#include <vector>

namespace ferrite {

// Throws a coded error (unless the environment can no longer run JavaScript, as during a
// worker's termination: then nothing is thrown and the caller still just returns): a FiberError
// made by the factory binding.ts hands over (setErrorFactory), or, without one, an Error with
// `code`. Every error the addon throws goes through here.
void ThrowCoded(Napi::Env env, const char* code, const std::string& message);

// info[i] is a number in [min, max] (ERR_INVALID_ARG_TYPE if not a number; ERR_INVALID_ARG_VALUE
// if NaN, out of range, or fractional when `integer`). Infinity passes only if max is infinite.
bool NumberArg(const Napi::CallbackInfo& info, size_t i, const char* name, double min, double max, bool integer, double* out);

// info[i] is a string (ERR_INVALID_ARG_TYPE).
bool StringArg(const Napi::CallbackInfo& info, size_t i, const char* name, std::string* out);

// info[i] is an array of functions (ERR_INVALID_ARG_TYPE) with at most `max` elements
// (ERR_INVALID_ARG_VALUE); each element is read once, so a getter cannot hand over one value to
// the check and another to the caller.
bool FunctionsArg(const Napi::CallbackInfo& info, size_t i, const char* name, size_t max, std::vector<Napi::Function>* out);

}  // namespace ferrite
