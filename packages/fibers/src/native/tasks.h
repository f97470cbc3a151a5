// The native tasks shipped with the package, spawnable from JavaScript by name.
#pragma once

#include <string>

#include "runtime.h"

namespace ferrite {

struct TaskData {
  Runtime* rt = nullptr;
  double n = 0;     // a count, a depth, milliseconds, ... (task-specific)
  int fd = -1;
  void* shared = nullptr;  // state shared by a pair (ping-pong)
};

// What the two fibers of a ping-pong pair share.
struct PingPongShared {
  int64_t count = 0;
  int finished = 0;
};

// Returns the task's body, or null for an unknown name.
ferrite_fiber_fn TaskByName(const std::string& name);

}  // namespace ferrite
