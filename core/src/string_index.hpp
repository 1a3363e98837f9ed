// Gives each distinct string a dense index (0, 1, 2, ...), copying its bytes
// once into an arena. A statement meets every transaction id and customer
// id once per row: node-based maps cost a heap allocation per entry and a
// cache miss per hop, which at a million rows was most of a statement's time.
// Open addressing with linear probing over 16-byte slots (a million ids are
// a few tens of megabytes of table: a probe is one cache miss), each holding
// a short text itself; full hashes are kept beside the strings, so growing
// never reads the strings again.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace loyalty {

// A fast, well-mixed hash for short identifiers (not for hostile-collision
// resistance: the statement runs over the merchant's own file).
std::uint64_t hash_text(std::string_view text);

class StringIndex {
 public:
  // The index of `text`, and whether it was added by this call.
  std::pair<std::uint32_t, bool> intern(std::string_view text) { return intern(text, hash_text(text)); }
  // The same with `hash_text(text)` already known.
  std::pair<std::uint32_t, bool> intern(std::string_view text, std::uint64_t hash);
  // A lookup is three loads, each needing the one before: the slot, the
  // entry it names, and that entry's bytes. Each is a cache miss in a table
  // of a hundred thousand ids. A batch of lookups takes each step for the
  // whole batch before the next, so the batch's misses overlap instead of
  // coming one after another. Step 1 starts loading the slot `hash` probes
  // first; steps 2 and 3 (after the step before, for every hash of the
  // batch) load the entry the slot names and its bytes.
  void prefetch(std::uint64_t hash) const {
    if (slot_count_ != 0) touch(&slots_[static_cast<std::size_t>(hash) & (slot_count_ - 1)]);
  }
  void prefetch_entry(std::uint64_t hash) const {
    if (const std::uint32_t entry = first_entry(hash)) touch(&texts_[entry - 1]);
  }
  void prefetch_text(std::uint64_t hash) const {
    if (const std::uint32_t entry = first_entry(hash)) touch(texts_[entry - 1].data());
  }
  // Starts loading `address` without waiting for it. WebAssembly has no
  // prefetch instruction (the builtin compiles to nothing): there it is a
  // plain load whose value is dropped, which the processor still overlaps
  // with the loads around it.
  static void touch(const void* address) {
#if defined(__wasm__)
    (void)*static_cast<const volatile unsigned char*>(address);
#else
    __builtin_prefetch(address);
#endif
  }
  // The index of `text` if it was interned.
  std::optional<std::uint32_t> find(std::string_view text) const;
  std::string_view text(std::uint32_t index) const { return texts_[index]; }
  // Room for `count` strings without growing (a guess is fine).
  void reserve(std::size_t count);
  std::size_t size() const { return texts_.size(); }

 private:
  struct Slot {
    std::uint32_t tag = 0;    // the hash's high half, to skip most text comparisons
    std::uint32_t entry = 0;  // index + 1; 0 = empty
    std::uint64_t short_text = 0;  // inline_text(the entry's text)
  };
  // A text of at most 7 bytes as one number that holds all of it (its bytes,
  // and its length + 1 in the top byte), so comparing it reads neither the
  // entry nor the text: a lookup of a short id (most customer ids) is then
  // one cache miss, not three. 0 for longer texts, compared byte by byte.
  static std::uint64_t inline_text(std::string_view text) {
    if (text.size() > 7) return 0;
    std::uint64_t value = static_cast<std::uint64_t>(text.size() + 1) << 56;
    for (std::size_t i = 0; i < text.size(); ++i) {
      value |= static_cast<std::uint64_t>(static_cast<unsigned char>(text[i])) << (8 * i);
    }
    return value;
  }
  // The entry (index + 1) in the slot `hash` probes first when its tag is
  // the hash's and its text is not held in the slot; 0 otherwise (nothing
  // beyond the slot to load).
  std::uint32_t first_entry(std::uint64_t hash) const {
    if (slot_count_ == 0) return 0;
    const Slot& slot = slots_[static_cast<std::size_t>(hash) & (slot_count_ - 1)];
    return slot.tag == static_cast<std::uint32_t>(hash >> 32) && slot.short_text == 0 ? slot.entry : 0;
  }
  // The slot holding `text` (whose hash is `hash`), or the empty slot where
  // it would go; the table has at least one empty slot.
  std::size_t probe(std::string_view text, std::uint64_t hash) const;
  std::string_view store(std::string_view text);
  void grow();

  struct FreeSlots {
    void operator()(Slot* slots) const;
  };
  std::unique_ptr<Slot[], FreeSlots> slots_;
  std::size_t slot_count_ = 0;
  std::vector<std::string_view> texts_;
  std::vector<std::uint64_t> hashes_;  // by index
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t block_left_ = 0;
  char* block_next_ = nullptr;
};

}  // namespace loyalty
