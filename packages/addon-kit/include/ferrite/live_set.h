// The live set an addon's per-environment data keeps of the native objects that own a resource
// (an fd, an SSL*), so that the env cleanup hook frees what the user forgot to close.
//
//   class AddonData;                              // the addon's instance data
//   using Closable = ferrite::kit::Closable<AddonData>;
//   class AddonData : public ferrite::kit::LiveSet<AddonData> { ... };
//
// A Closable is tracked once it owns something and untracks itself when closed or finalized;
// `data` is cleared when the set lets it go (Untrack, CloseLive), so the destruction order of the
// instance data and the wrapped objects does not matter: a finalizer that runs after CloseLive
// finds `data == nullptr` and nothing left to free.
#pragma once

#include <unordered_set>
#include <vector>

namespace ferrite {
namespace kit {

template <typename Data>
class Closable {
 public:
  virtual ~Closable() = default;
  // Frees what the object owns; idempotent. Does not untrack (the caller does).
  virtual void CloseNow() = 0;
  // The set tracking this object, as the addon's own data type; null when untracked.
  Data* data = nullptr;
};

// CRTP base of the addon's instance data: `Data` derives from LiveSet<Data>.
template <typename Data>
class LiveSet {
 public:
  using Member = Closable<Data>;

  void Track(Member* c) {
    live_.insert(c);
    c->data = static_cast<Data*>(this);
  }
  void Untrack(Member* c) {
    live_.erase(c);
    c->data = nullptr;
  }
  // Closes and untracks every member still live. Runs from the env cleanup hook (process or
  // worker exit) and the instance data's destructor; a CloseNow may untrack others, so this
  // walks a copy.
  void CloseLive() {
    std::vector<Member*> all(live_.begin(), live_.end());
    for (Member* c : all) {
      c->CloseNow();
      Untrack(c);
    }
  }

 protected:
  LiveSet() = default;
  ~LiveSet() = default;
  LiveSet(const LiveSet&) = delete;
  LiveSet& operator=(const LiveSet&) = delete;

 private:
  std::unordered_set<Member*> live_;
};

}  // namespace kit
}  // namespace ferrite
