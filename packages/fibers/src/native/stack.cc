#include "stack.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

// Linux 6.13; the build machine's glibc headers predate it.
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif

namespace ferrite {

namespace {

// A stack given back may still hold the poisoned redzones of frames that never returned (a fiber
// dropped in the middle of a wait, the last switch of a finished one). ASan's shadow outlives
// both the fiber and the mapping, so it is cleared before the memory is reused or unmapped (a
// later mapping at the same address would otherwise start out poisoned).
void ForgetFrames(const Stack& s) {
#if defined(__SANITIZE_ADDRESS__)
  __asan_unpoison_memory_region(s.usableLow(), s.size - s.guard);
#else
  (void)s;
#endif
}

}  // namespace

StackPool::StackPool(size_t usable) : page_(static_cast<size_t>(sysconf(_SC_PAGESIZE))) {
  usable_ = (usable + page_ - 1) / page_ * page_;
}

StackPool::~StackPool() { Clear(); }

bool StackPool::Acquire(Stack* out) {
  if (!free_.empty()) {
    *out = free_.back();
    free_.pop_back();
    return true;
  }
  return Map(out);
}

bool StackPool::Reserve(size_t count) {
  while (free_.size() < count) {
    Stack s;
    if (!Map(&s)) return false;
    free_.push_back(s);
  }
  return true;
}

bool StackPool::Map(Stack* out) {
  size_t size = usable_ + page_;
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (p == MAP_FAILED) return false;
  char* base = static_cast<char*>(p);
  // A guard region inside the same mapping costs no extra VMA (no vm.max_map_count limit);
  // older kernels say EINVAL and get an mprotect'd page (one more VMA per stack).
  bool guarded = false;
  if (guardInstall_) {
    if (madvise(base, page_, MADV_GUARD_INSTALL) == 0) guarded = true;
    else if (errno == EINVAL) guardInstall_ = false;
  }
  if (!guarded && mprotect(base, page_, PROT_NONE) != 0) {
    int err = errno;
    munmap(base, size);
    errno = err;
    return false;
  }
  *out = Stack{base, size, page_};
  return true;
}

void StackPool::Release(const Stack& s) {
  ForgetFrames(s);
  free_.push_back(s);
}

void StackPool::Clear() {
  for (const Stack& s : free_) munmap(s.base, s.size);
  free_.clear();
}

size_t StackPool::Touched(const Stack& s) const {
  size_t pages = usable_ / page_;
  std::vector<unsigned char> resident(pages);
  if (mincore(s.usableLow(), usable_, resident.data()) != 0) return 0;
  size_t lowest = pages;
  for (size_t i = 0; i < pages; i++) {
    if (resident[i] & 1) {
      lowest = i;
      break;
    }
  }
  return (pages - lowest) * page_;
}

size_t StackPool::MostTouched() const {
  size_t most = 0;
  for (const Stack& s : free_) most = std::max(most, Touched(s));
  return most;
}

}  // namespace ferrite
