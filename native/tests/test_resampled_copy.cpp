// resampled_copy.h: the output written at a smaller size than the input (area average, mirrored when asked), and
// which sizes the frame pass takes.
#include <cstdlib>

#include "i420_buffer.h"
#include "resampled_copy.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::GuardedI420;

namespace {

// Left half dark, right half bright, in every plane; a 2x2 block of another value at the top left.
void paint(GuardedI420& f) {
  for (int y = 0; y < f.height(); ++y)
    for (int x = 0; x < f.width(); ++x) f.Y(x, y) = x < f.width() / 2 ? 40 : 200;
  for (int y = 0; y < f.chroma_height(); ++y)
    for (int x = 0; x < f.chroma_width(); ++x) {
      f.U(x, y) = x < f.chroma_width() / 2 ? 90 : 160;
      f.V(x, y) = x < f.chroma_width() / 2 ? 100 : 150;
    }
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) f.Y(x, y) = 120;
}

}  // namespace

TEST(resampled_copy, output_sizes_the_pass_takes) {
  CHECK(valid_output_size(640, 480, 640, 480));
  CHECK(valid_output_size(640, 480, 320, 240));
  CHECK(valid_output_size(640, 480, 480, 360));
  CHECK(valid_output_size(1280, 720, 426, 240));  // 426.67 rounded down
  CHECK(valid_output_size(1280, 720, 428, 240));  // and up, within a pixel's rounding of the shape
  CHECK(!valid_output_size(640, 480, 642, 482));  // larger
  CHECK(!valid_output_size(640, 480, 640, 482));
  CHECK(valid_output_size(638, 478, 320, 238));   // each side rounded the other way
  CHECK(!valid_output_size(640, 480, 320, 320));  // another shape
  CHECK(!valid_output_size(640, 480, 320, 244));
  CHECK(!valid_output_size(640, 480, 1, 1));
  CHECK(!valid_output_size(640, 480, 0, 0));
  CHECK(!valid_output_size(640, 480, -320, -240));
}

TEST(resampled_copy, half_size_averages_each_2x2_block) {
  GuardedI420 in(64, 48), out(32, 24);
  paint(in);
  resample_i420(in.view(), out.image(), false);
  CHECK_EQ(out.Y(0, 0), 120);  // the 4x4 block became 2x2
  CHECK_EQ(out.Y(1, 1), 120);
  CHECK_EQ(out.Y(2, 2), 40);
  CHECK_EQ(out.Y(15, 10), 40);
  CHECK_EQ(out.Y(16, 10), 200);
  CHECK_EQ(out.Y(31, 23), 200);
  CHECK_EQ(out.U(0, 5), 90);
  CHECK_EQ(out.U(15, 5), 160);
  CHECK_EQ(out.V(15, 11), 150);
  CHECK(out.guard_damage().empty());
}

TEST(resampled_copy, mirrored_smaller_output_is_the_smaller_picture_flipped) {
  GuardedI420 in(64, 48), plain(48, 36), mirrored(48, 36);
  paint(in);
  resample_i420(in.view(), plain.image(), false);
  resample_i420(in.view(), mirrored.image(), true);
  for (int y = 0; y < 36; ++y)
    for (int x = 0; x < 48; ++x) REQUIRE_EQ(mirrored.Y(x, y), plain.Y(47 - x, y));
  for (int y = 0; y < 18; ++y)
    for (int x = 0; x < 24; ++x) {
      REQUIRE_EQ(mirrored.U(x, y), plain.U(23 - x, y));
      REQUIRE_EQ(mirrored.V(x, y), plain.V(23 - x, y));
    }
  // three quarters of a 64-wide picture: the dark half is 24 pixels wide, with one blended pixel at most
  CHECK_EQ(plain.Y(22, 20), 40);
  CHECK_EQ(plain.Y(25, 20), 200);
  CHECK(mirrored.guard_damage().empty());
}

TEST(resampled_copy, same_size_is_an_exact_copy) {
  GuardedI420 in(63, 47), out(63, 47);
  paint(in);
  resample_i420(in.view(), out.image(), false);
  CHECK(out.same_pixels(in));
}
