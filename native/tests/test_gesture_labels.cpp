// The open-hand decision against people's labels (issue 16, "Gesture, against labels"): the shared photos'
// labels.csv (any_open_hand) and the clips' frame annotations in SOURCES.md, run through the whole frame pass. An
// image or frame counts as shown when the pass drew a shield on it. Skipped, loudly, when the data is not there.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "i420_buffer.h"
#include "magicshield/magicshield.h"
#include "model_setup.h"
#include "photo_i420.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::GuardedI420;

namespace {

const std::string kDataDir = MAGICSHIELD_TEST_DATA_DIR;

enum class Label { kOpen, kNotOpen, kAmbiguous };

// Shown (a shield drawn) against labelled, for the open and the not-open images; ambiguous ones are not counted.
struct Tally {
  int open = 0, open_shown = 0, not_open = 0, not_open_shown = 0;
  std::vector<std::string> wrong;

  void add(Label label, bool shown, const std::string& name) {
    if (label == Label::kAmbiguous) return;
    const bool open_label = label == Label::kOpen;
    (open_label ? open : not_open) += 1;
    (open_label ? open_shown : not_open_shown) += shown;
    if (shown != open_label) wrong.push_back(name + (open_label ? " (open, no shield)" : " (not open, shield)"));
  }
  double open_rate() const { return open > 0 ? static_cast<double>(open_shown) / open : 0.0; }
  double not_open_rate() const { return not_open > 0 ? static_cast<double>(not_open_shown) / not_open : 1.0; }
  void print(const char* what) const {
    std::printf("  %s: shield on %d of %d labelled open (%.1f%%), on %d of %d labelled not open (%.1f%%)\n", what,
                open_shown, open, 100.0 * open_rate(), not_open_shown, not_open, 100.0 * not_open_rate());
    for (const std::string& w : wrong) std::printf("    wrong: %s\n", w.c_str());
  }
};

// The hands' open scores, for the margin between the classes.
struct Scores {
  std::vector<float> open, not_open;  // open: the best hand of each image labelled open; not open: every hand
  void add(Label label, const FrameResult& r) {
    if (label == Label::kAmbiguous || r.hand_count == 0) return;
    float best = 0.f;
    for (int i = 0; i < r.hand_count; ++i) {
      best = std::max(best, r.hands[i].open_score);
      if (label == Label::kNotOpen) not_open.push_back(r.hands[i].open_score);
    }
    if (label == Label::kOpen) open.push_back(best);
  }
  void print(const char* what) const {
    auto quantiles = [](std::vector<float> v) {
      if (v.empty()) return std::string("none");
      std::sort(v.begin(), v.end());
      char text[128];
      std::snprintf(text, sizeof text, "min %.2f, p10 %.2f, median %.2f, p90 %.2f, max %.2f (%zu)", v.front(),
                    v[v.size() / 10], v[v.size() / 2], v[v.size() * 9 / 10], v.back(), v.size());
      return std::string(text);
    };
    std::printf("  %s open scores: labelled open (best hand) %s\n", what, quantiles(open).c_str());
    std::printf("  %s open scores: labelled not open (every hand) %s\n", what, quantiles(not_open).c_str());
  }
};

class Session {
 public:
  explicit Session(const EffectOptions& o) : pass_(o) {}
  FrameResult run(const std::string& path, std::int64_t timestamp_us) {
    const cv::Mat bgr = cv::imread(path, cv::IMREAD_COLOR);
    if (bgr.empty()) throw std::runtime_error("cannot read " + path);
    GuardedI420 in = mstest::to_i420(bgr);
    GuardedI420 out(bgr.cols, bgr.rows);
    FrameResult r{};
    pass_.process(in.y_plane(), in.stride_y(), in.u_plane(), in.stride_c(), in.v_plane(), in.stride_c(), in.width(),
                  in.height(), out.y_plane(), out.stride_y(), out.u_plane(), out.stride_c(), out.v_plane(),
                  out.stride_c(), out.width(), out.height(), timestamp_us, &r);
    return r;
  }

 private:
  FramePass pass_;
};

std::string describe(const FrameResult& r) {
  std::string text;
  char hand[64];
  for (int i = 0; i < r.hand_count; ++i) {
    std::snprintf(hand, sizeof hand, " %s%.2f", r.hands[i].state == static_cast<int>(HandState::kShield) ? "open " : "",
                  r.hands[i].open_score);
    text += hand;
  }
  return text;
}

// labels.csv: file,category,num_hands,any_open_hand,... (the notes may hold commas; only the first four count).
std::vector<std::pair<std::string, Label>> photo_labels() {
  std::ifstream in(kDataDir + "/labels.csv");
  std::vector<std::pair<std::string, Label>> labels;
  std::string line;
  std::getline(in, line);
  if (line.rfind("file,category,num_hands,any_open_hand", 0) != 0) throw std::runtime_error("labels.csv: new header");
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string file, category, hands, open;
    if (!std::getline(fields, file, ',') || !std::getline(fields, category, ',') || !std::getline(fields, hands, ',') ||
        !std::getline(fields, open, ','))
      continue;
    labels.emplace_back(file, open == "yes" ? Label::kOpen : open == "no" ? Label::kNotOpen : Label::kAmbiguous);
  }
  return labels;
}

struct ClipAnnotations {
  std::string name;
  std::int64_t frame_us = 0;
  std::map<int, Label> frames;  // frames not listed are not counted
  bool never_open = false;      // "never opens": every frame is not open
};

// The clips' sections of SOURCES.md ("### clipNN: ..."): the frame interval ("... 133 ms"), and either frame
// ranges ("- 0008–0022: open palm"; the open ranges are the bold ones, ranges of a hand entering, leaving, opening
// or closing are transitions and not counted, the rest are not open) or a heading that says the hand never opens.
std::vector<ClipAnnotations> clip_annotations() {
  std::ifstream in(kDataDir + "/SOURCES.md");
  std::vector<ClipAnnotations> clips;
  const std::regex heading(R"(^### (clip\d+):(.*)$)");
  const std::regex range(R"(^\s*- (\*\*)?(\d{4})(?:(?:–|-)(\d{4}))?: (.*)$)");
  const std::regex interval(R"((\d+) ms\b)");
  const std::regex transition("entering|leaving|opening|closing|transition");
  std::string line;
  std::smatch m;
  bool in_clip = false;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, heading)) {
      ClipAnnotations clip;
      clip.name = m[1].str();
      clip.never_open = m[2].str().find("never opens") != std::string::npos;
      clips.push_back(clip);
      in_clip = true;
    } else if (line.rfind("#", 0) == 0) {
      in_clip = false;
    } else if (in_clip) {
      ClipAnnotations& clip = clips.back();
      if (clip.frame_us == 0 && std::regex_search(line, m, interval)) clip.frame_us = std::stoll(m[1].str()) * 1000;
      if (std::regex_match(line, m, range)) {
        const int first = std::stoi(m[2].str());
        const int last = m[3].matched ? std::stoi(m[3].str()) : first;
        const Label label = m[1].matched                                ? Label::kOpen
                            : std::regex_search(m[4].str(), transition) ? Label::kAmbiguous
                                                                        : Label::kNotOpen;
        for (int f = first; f <= last; ++f) clip.frames[f] = label;
      }
    }
  }
  return clips;
}

void require_data() {
  if (!std::filesystem::exists(kDataDir + "/labels.csv") || !std::filesystem::exists(kDataDir + "/SOURCES.md")) {
    SKIP("no labelled hand photos (labels.csv, SOURCES.md) in " + kDataDir +
         " (set MAGICSHIELD_TESTDATA_DIR to the shared test data)");
  }
}

}  // namespace

// Every labelled photo alone (image mode, as a still would be judged): a shield on at least 95% of those labelled
// open, on at most 2% of those labelled not open.
TEST(gesture_labels, photos) {
  require_data();
  mstest::require_models();
  mstest::require_sprites();
  EffectOptions o;
  o.tracking = false;
  o.smoothing = false;
  o.fade_ms = 0.f;
  o.mirror = false;
  Tally tally;
  Scores scores;
  for (const auto& [file, label] : photo_labels()) {
    const FrameResult r = Session(o).run(kDataDir + "/" + file, 0);
    const bool shown = r.shields_drawn > 0;
    std::printf("  %-22s %-9s shield %d; hands:%s\n", file.c_str(),
                label == Label::kOpen      ? "open"
                : label == Label::kNotOpen ? "not open"
                                           : "ambiguous",
                shown, describe(r).c_str());
    tally.add(label, shown, file);
    scores.add(label, r);
  }
  tally.print("photos");
  scores.print("photos");
  CHECK(tally.open >= 15);
  CHECK(tally.not_open >= 15);
  CHECK(tally.open_rate() >= 0.95);
  CHECK(tally.not_open_rate() <= 0.02);
}

// The annotated clips frame by frame through one pass each, as a video session (tracking, smoothing, fade): the same
// rates over all their labelled frames.
TEST(gesture_labels, clips) {
  require_data();
  mstest::require_models();
  mstest::require_sprites();
  const std::vector<ClipAnnotations> clips = clip_annotations();
  Tally all;
  Scores scores;
  for (const ClipAnnotations& clip : clips) {
    CONTEXT(clip.name);
    const std::string dir = kDataDir + "/" + clip.name;
    if (!std::filesystem::is_directory(dir)) SKIP("no frames of " + clip.name + " in " + dir);
    REQUIRE(clip.frame_us > 0);
    REQUIRE(clip.never_open || !clip.frames.empty());
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    EffectOptions o;
    o.mirror = false;
    Session session(o);
    Tally tally;
    std::string
        strip;  // one character a frame: O/o open with/without shield, X/. not open with/without, ?/! unlabelled
    for (std::size_t k = 0; k < files.size(); ++k) {
      const std::string stem = files[k].stem().string();
      const int number = std::stoi(stem.substr(stem.find_last_of('_') + 1));
      const auto it = clip.frames.find(number);
      const Label label = clip.never_open ? Label::kNotOpen : it != clip.frames.end() ? it->second : Label::kAmbiguous;
      const FrameResult r = session.run(files[k].string(), static_cast<std::int64_t>(k) * clip.frame_us);
      const bool shown = r.shields_drawn > 0;
      tally.add(label, shown, files[k].filename().string() + describe(r));
      all.add(label, shown, files[k].filename().string());
      scores.add(label, r);
      strip += label == Label::kOpen      ? (shown ? 'O' : 'o')
               : label == Label::kNotOpen ? (shown ? 'X' : '.')
                                          : (shown ? '!' : '?');
    }
    std::printf("  %s (O/o open with/without shield, X/. not open with/without, !/? unlabelled):\n    %s\n",
                clip.name.c_str(), strip.c_str());
    tally.print(clip.name.c_str());
  }
  all.print("clips");
  scores.print("clips");
  CHECK(all.open >= 20);
  CHECK(all.not_open >= 50);
  CHECK(all.open_rate() >= 0.95);
  CHECK(all.not_open_rate() <= 0.02);
}
