// The harness's runner: `exe` runs every test, `exe SUITE...` or `exe SUITE.NAME...` only those, `exe --list`
// lists them. Exit status: 0 all passed (skips count as passes), 1 a test failed, 2 a filter matched nothing
// (so a misspelt suite in CMakeLists.txt cannot pass silently).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "magicshield/magicshield.h"
#include "test_harness.h"

namespace mstest {
namespace {

int g_failures = 0;               // failures of the running test
constexpr int kMaxReported = 25;  // per test; a broken pixel loop should not print a million lines
std::vector<std::string>& contexts() {
  static std::vector<std::string> stack;
  return stack;
}

bool matches(const TestCase& t, const std::string& filter) {
  if (filter == t.suite) return true;
  return filter == std::string(t.suite) + "." + t.name;
}

}  // namespace

std::vector<TestCase>& registry() {
  static std::vector<TestCase> tests;
  return tests;
}

void fail(const char* file, int line, const std::string& message) {
  ++g_failures;
  if (g_failures > kMaxReported) {
    if (g_failures == kMaxReported + 1) std::cout << "    ... further failures of this test not shown\n";
    return;
  }
  std::cout << file << ":" << line << ": FAILED: " << message << "\n";
  for (const std::string& c : contexts()) std::cout << "    while: " << c << "\n";
}

Context::Context(std::string text) { contexts().push_back(std::move(text)); }
Context::~Context() { contexts().pop_back(); }

}  // namespace mstest

int main(int argc, char** argv) {
  using namespace mstest;
  // The models on TFLite for this run (tests/CMakeLists.txt runs the real-photo and segmentation suites so again,
  // against the same MediaPipe references): MAGICSHIELD_TEST_TFLITE_ENGINE is the path of libjnitensorflowlite.so.
  if (const char* library = std::getenv("MAGICSHIELD_TEST_TFLITE_ENGINE")) {
    magicshield::Engine::set_inference_engine("tflite", library, 1);
    std::cout << "inference engine: " << magicshield::Engine::inference_engine() << " (" << library << ")\n";
  }
  std::vector<std::string> filters;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--list") == 0) {
      for (const TestCase& t : registry()) std::cout << t.suite << "." << t.name << "\n";
      return 0;
    }
    filters.emplace_back(argv[i]);
  }
  for (const std::string& f : filters) {
    bool any = false;
    for (const TestCase& t : registry()) any = any || matches(t, f);
    if (!any) {
      std::cout << "no test matches '" << f << "'\n";
      return 2;
    }
  }

  int run = 0, failed = 0, skipped = 0;
  std::vector<std::string> failed_names;
  const auto all_start = std::chrono::steady_clock::now();
  for (const TestCase& t : registry()) {
    if (!filters.empty()) {
      bool selected = false;
      for (const std::string& f : filters) selected = selected || matches(t, f);
      if (!selected) continue;
    }
    const std::string full = std::string(t.suite) + "." + t.name;
    std::cout << "[ RUN      ] " << full << std::endl;
    g_failures = 0;
    bool was_skipped = false;
    const auto start = std::chrono::steady_clock::now();
    try {
      t.fn();
    } catch (const AbortTest&) {
      // already reported
    } catch (const SkipTest& s) {
      was_skipped = true;
      std::cout << "SKIPPED: " << full << ": " << s.reason << "\n";
    } catch (const std::exception& e) {
      fail(t.file, t.line, std::string("unexpected exception: ") + e.what());
    } catch (...) {
      fail(t.file, t.line, "unexpected non-standard exception");
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ++run;
    char timing[32];
    std::snprintf(timing, sizeof timing, " (%.1f ms)", ms);
    if (g_failures > 0) {
      ++failed;
      failed_names.push_back(full);
      std::cout << "[  FAILED  ] " << full << timing << " - " << g_failures << " failed check(s)" << std::endl;
    } else if (was_skipped) {
      ++skipped;
      std::cout << "[ SKIPPED  ] " << full << timing << std::endl;
    } else {
      std::cout << "[       OK ] " << full << timing << std::endl;
    }
  }
  const double all_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - all_start).count();
  std::cout << run << " test(s), " << failed << " failed, " << skipped << " skipped, " << all_ms << " ms\n";
  for (const std::string& n : failed_names) std::cout << "  FAILED: " << n << "\n";
  return failed > 0 ? 1 : 0;
}
