#include "string_index.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/mman.h>
#define LOYALTY_HUGE_PAGES 1
#else
#define LOYALTY_HUGE_PAGES 0
#endif

namespace loyalty {
namespace {

constexpr std::size_t kBlockBytes = 1 << 16;
constexpr std::size_t kHugePage = 2 << 20;

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finalizer
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::uint64_t hash_text(std::string_view text) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ text.size();
  const char* p = text.data();
  std::size_t left = text.size();
  while (left >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    h = mix(h ^ word);
    p += 8;
    left -= 8;
  }
  std::uint64_t tail = 0;
  if (left > 0) std::memcpy(&tail, p, left);
  return mix(h ^ tail);
}

std::string_view StringIndex::store(std::string_view text) {
  if (text.size() > block_left_) {
    const std::size_t bytes = text.size() > kBlockBytes ? text.size() : kBlockBytes;
    blocks_.push_back(std::make_unique<char[]>(bytes));
    block_next_ = blocks_.back().get();
    block_left_ = bytes;
  }
  if (!text.empty()) std::memcpy(block_next_, text.data(), text.size());
  std::string_view stored(block_next_, text.size());
  block_next_ += text.size();
  block_left_ -= text.size();
  return stored;
}

void StringIndex::FreeSlots::operator()(Slot* slots) const { std::free(slots); }

void StringIndex::reserve(std::size_t count) {
  texts_.reserve(count);
  hashes_.reserve(count);
  while (slot_count_ < count * 2) grow();
}

void StringIndex::grow() {
  const std::size_t count = slot_count_ == 0 ? 1024 : slot_count_ * 2;
  const std::size_t bytes = count * sizeof(Slot);
  // A table of millions of slots is probed at random: on huge pages a probe
  // is one cache miss, not a cache miss and a page-table walk.
  const bool huge = LOYALTY_HUGE_PAGES && bytes >= kHugePage;
  void* memory = huge ? std::aligned_alloc(kHugePage, bytes) : std::malloc(bytes);
  if (!memory) throw std::bad_alloc();
#if LOYALTY_HUGE_PAGES
  if (huge) madvise(memory, bytes, MADV_HUGEPAGE);
#endif
  std::unique_ptr<Slot[], FreeSlots> slots(static_cast<Slot*>(memory));
  std::memset(memory, 0, bytes);
  const std::size_t mask = count - 1;
  for (std::size_t i = 0; i < slot_count_; ++i) {
    const Slot& slot = slots_[i];
    if (slot.entry == 0) continue;
    std::size_t at = static_cast<std::size_t>(hashes_[slot.entry - 1]) & mask;
    while (slots[at].entry != 0) at = (at + 1) & mask;
    slots[at] = slot;
  }
  slots_ = std::move(slots);
  slot_count_ = count;
}

std::size_t StringIndex::probe(std::string_view text, std::uint64_t hash) const {
  const std::uint32_t tag = static_cast<std::uint32_t>(hash >> 32);
  const std::uint64_t short_text = inline_text(text);
  const std::size_t mask = slot_count_ - 1;
  for (std::size_t at = static_cast<std::size_t>(hash) & mask;; at = (at + 1) & mask) {
    const Slot& slot = slots_[at];
    // Equal short texts have equal numbers; a short and a long text never
    // match, nor do two short ones whose numbers differ.
    if (slot.entry == 0 ||
        (slot.tag == tag && slot.short_text == short_text && (short_text != 0 || texts_[slot.entry - 1] == text))) {
      return at;
    }
  }
}

std::optional<std::uint32_t> StringIndex::find(std::string_view text) const {
  if (slot_count_ == 0) return std::nullopt;
  const Slot& slot = slots_[probe(text, hash_text(text))];
  if (slot.entry == 0) return std::nullopt;
  return slot.entry - 1;
}

std::pair<std::uint32_t, bool> StringIndex::intern(std::string_view text, std::uint64_t hash) {
  // At most half full, so probes stay short.
  if ((texts_.size() + 1) * 2 > slot_count_) grow();
  Slot& slot = slots_[probe(text, hash)];
  if (slot.entry != 0) return {slot.entry - 1, false};
  texts_.push_back(store(text));
  hashes_.push_back(hash);
  slot = Slot{static_cast<std::uint32_t>(hash >> 32), static_cast<std::uint32_t>(texts_.size()), inline_text(text)};
  return {slot.entry - 1, true};
}

}  // namespace loyalty
