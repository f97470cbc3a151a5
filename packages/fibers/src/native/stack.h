// Fiber stacks: mmap'd, with a guard page below the usable range so that an overflow faults
// instead of silently corrupting the neighbouring memory. Finished fibers' stacks are pooled.
#pragma once

#include <cstddef>
#include <vector>

namespace ferrite {

struct Stack {
  char* base = nullptr;    // start of the mapping (the guard page)
  size_t size = 0;         // whole mapping, guard included
  size_t guard = 0;        // guard bytes at `base`
  char* top() const { return base + size; }
  char* usableLow() const { return base + guard; }
};

class StackPool {
 public:
  explicit StackPool(size_t usable);
  ~StackPool();

  // A stack from the pool or a new mapping; false (errno set) if the kernel refuses.
  bool Acquire(Stack* out);
  // Maps stacks until at least `count` are pooled; false (errno set) if the kernel refuses.
  bool Reserve(size_t count);
  void Release(const Stack& s);
  void Clear();

  size_t usable() const { return usable_; }
  size_t pooled() const { return free_.size(); }
  // 'madvise' (MADV_GUARD_INSTALL, Linux >= 6.13) or 'mprotect'.
  const char* guardMode() const { return guardInstall_ ? "madvise" : "mprotect"; }
  // Bytes of `s` ever touched (resident pages from the top down): the stack's high-water mark.
  size_t Touched(const Stack& s) const;
  // The most Touched of the pooled stacks.
  size_t MostTouched() const;

 private:
  bool Map(Stack* out);

  size_t usable_;
  size_t page_;
  bool guardInstall_ = true;  // until the kernel says EINVAL
  std::vector<Stack> free_;
};

}  // namespace ferrite
