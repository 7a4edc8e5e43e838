// Memory safety of the compositor's sprite reads, made visible without a sanitizer: this executable replaces the
// global operator new so that, while "armed", the sprite texel arrays are placed flush against an inaccessible
// guard page (as Electric Fence does). A read past the end of a sprite level then faults at once; the fault is
// caught and reported as a test failure instead of passing silently (a few bytes past a heap block are
// normally readable, so the plain tests cannot see such a read).
#include <sys/mman.h>
#include <unistd.h>

#include <csetjmp>
#include <csignal>
#include <cstdlib>
#include <functional>
#include <new>
#include <string>

#include "i420_buffer.h"
#include "shield_renderer.h"
#include "sprite_png.h"
#include "test_harness.h"

namespace {

// --- the guard-page allocator -----------------------------------------------------------------------------
constexpr int kMaxGuarded = 64;
struct Guarded {
  void* user;
  void* map;
  std::size_t map_size;
};
Guarded g_guarded[kMaxGuarded];
int g_guarded_count = 0;
// Allocations of exactly one of these sizes go next to a guard page (0 ends the list).
std::size_t g_armed_sizes[16] = {};

bool armed(std::size_t size) {
  for (std::size_t s : g_armed_sizes) {
    if (s == 0) return false;
    if (s == size) return true;
  }
  return false;
}

void* guarded_alloc(std::size_t size) {
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t pages = (size + page - 1) / page + 1;
  void* map = mmap(nullptr, pages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED || g_guarded_count == kMaxGuarded) std::abort();
  char* guard = static_cast<char*>(map) + (pages - 1) * page;
  mprotect(guard, page, PROT_NONE);
  // Flush against the guard page, keeping operator new's 16-byte alignment.
  auto user = reinterpret_cast<std::uintptr_t>(guard) - size;
  user &= ~static_cast<std::uintptr_t>(15);
  g_guarded[g_guarded_count++] = {reinterpret_cast<void*>(user), map, pages * page};
  return reinterpret_cast<void*>(user);
}

bool guarded_free(void* p) {
  for (int i = 0; i < g_guarded_count; ++i) {
    if (g_guarded[i].user == p) {
      munmap(g_guarded[i].map, g_guarded[i].map_size);
      g_guarded[i] = g_guarded[--g_guarded_count];
      return true;
    }
  }
  return false;
}

// --- catching the fault ---------------------------------------------------------------------------------------
sigjmp_buf g_jump;
void on_fault(int) { siglongjmp(g_jump, 1); }

// Runs fn; true when it touched an inaccessible page.
bool faults(const std::function<void()>& fn) {
  struct sigaction action {
  }, old_segv{}, old_bus{};
  action.sa_handler = on_fault;
  sigemptyset(&action.sa_mask);
  sigaction(SIGSEGV, &action, &old_segv);
  sigaction(SIGBUS, &action, &old_bus);
  bool faulted = true;
  if (sigsetjmp(g_jump, 1) == 0) {
    fn();
    faulted = false;
  }
  sigaction(SIGSEGV, &old_segv, nullptr);
  sigaction(SIGBUS, &old_bus, nullptr);
  return faulted;
}

// Decodes sprites with every mip level's texel array ((n + 2)^2 texels for n = size, size / 2, ...) against a
// guard page.
magicshield::ShieldSprites guarded_sprites(const cv::Mat& cw, const cv::Mat& ccw) {
  const auto a = mstest::png_bytes(cw);
  const auto b = mstest::png_bytes(ccw);
  int k = 0;
  for (int n = cw.cols; n >= 4 && k < 15; n /= 2) {
    g_armed_sizes[k++] =
        static_cast<std::size_t>(n + 2) * static_cast<std::size_t>(n + 2) * sizeof(magicshield::PackedTexel);
  }
  magicshield::ShieldSprites sprites = magicshield::ShieldSprites::decode(a.data(), a.size(), b.data(), b.size());
  for (std::size_t& s : g_armed_sizes) s = 0;
  return sprites;
}

}  // namespace

void* operator new(std::size_t size) {
  if (armed(size)) return guarded_alloc(size);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  if (p != nullptr && !guarded_free(p)) std::free(p);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }

using namespace magicshield;

// Regression: a sample coordinate is clamped to [-1, size]; its taps once read one row past the end of the stored
// texels (the border was one texel wide on each side). That happens for any sprite with a visible texel within
// about 1.5 texels of its edge: the annulus the compositor samples then reaches past the sprite square. With the
// plain heap the read was silent (its weight is 0); next to an unmapped page it crashed the process.
TEST(sprite_reads, disc_sprite_reads_stay_inside_the_texel_arrays) {
  const ShieldSprites sprites =
      guarded_sprites(mstest::disc_rgba(64, 255, 160, 40), mstest::disc_rgba(64, 255, 160, 40));
  for (bool vector_kernels : {false, true}) {
    CONTEXT((vector_kernels ? "vector" : "plain") << " kernels");
    set_vector_kernels(vector_kernels);
    mstest::GuardedI420 f(160, 160);
    f.fill(100, 128, 128);
    // 64 px across: level 0 (64 texels) for luma; the row just below the disc samples y clamped to 64.
    CHECK(!faults([&] { draw_shield(f.image(), sprites, {{80.f, 80.f}, 64.f, 0.f, 1.f}); }));
    CHECK(!faults([&] { draw_shield(f.image(), sprites, {{80.f, 80.f}, 90.f, 45.f, 1.f}); }));
    CHECK(!faults([&] { draw_shield(f.image(), sprites, {{80.f, 80.f}, 20.f, 10.f, 1.f}); }));  // a smaller level
  }
  set_vector_kernels(true);
}

// The same, with the shipped sprites: the outer ring's glow reaches 4.6 texels from the edge of the
// 512 px sprite, so at mip levels 64 and 32 its annulus (+1.5 texels of margin) passes the sprite's edge. Level
// 64 is sampled by the chroma planes of every shield up to 128 px across (a hand about 64 px from wrist to index
// MCP), so ordinary small shields read past the texel arrays on every frame.
TEST(sprite_reads, real_sprite_reads_stay_inside_the_texel_arrays) {
  const std::string dir = MAGICSHIELD_TEST_SPRITE_DIR;
  const cv::Mat cw = cv::imread(dir + "/shield_outer_cw.png", cv::IMREAD_UNCHANGED);
  const cv::Mat ccw = cv::imread(dir + "/shield_inner_ccw.png", cv::IMREAD_UNCHANGED);
  if (cw.empty() || ccw.empty()) SKIP_WITHOUT_BUILD_ASSET("no shield sprites in " + dir);
  const ShieldSprites sprites = guarded_sprites(cw, ccw);
  for (bool vector_kernels : {false, true}) {
    CONTEXT((vector_kernels ? "vector" : "plain") << " kernels");
    set_vector_kernels(vector_kernels);
    mstest::GuardedI420 f(1280, 720);
    f.fill(100, 128, 128);
    // Shields the size of each mip level, so that every level is sampled (luma at the level, chroma one below).
    for (float diameter : {700.f, 512.f, 256.f, 128.f, 64.f, 32.f, 16.f}) {
      for (float angle : {0.f, 30.f, 45.f, 90.f}) {
        CONTEXT("diameter " << diameter << ", angle " << angle);
        CHECK(!faults([&] { draw_shield(f.image(), sprites, {{640.f, 360.f}, diameter, angle, 1.f}); }));
      }
    }
  }
  set_vector_kernels(true);
}
