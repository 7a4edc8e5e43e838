// A tiny self-contained unit-test harness (no GoogleTest download here): TEST registration, checks that report
// file:line, and a main (test_main.cpp) that runs every test or only the suites/tests named on the command line.
//
//   TEST(suite, name) { CHECK(x == 1); CHECK_NEAR(f, 0.5, 1e-6); CHECK_THROWS(g(), std::invalid_argument); }
//
// CHECK* record a failure and go on; REQUIRE* stop the test. SKIP("why") ends a test as skipped (it passes,
// loudly). CONTEXT(stream expression) labels every failure reported while it is in scope (useful in loops).
#pragma once

#include <cmath>
#include <cstdint>
#include <exception>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace mstest {

struct TestCase {
  const char* suite;
  const char* name;
  void (*fn)();
  const char* file;
  int line;
};

std::vector<TestCase>& registry();

struct Registrar {
  Registrar(const char* suite, const char* name, void (*fn)(), const char* file, int line) {
    registry().push_back({suite, name, fn, file, line});
  }
};

// Thrown by REQUIRE* after reporting, to end the current test.
struct AbortTest {};
// Thrown by SKIP.
struct SkipTest {
  std::string reason;
};

void fail(const char* file, int line, const std::string& message);

// Labels failures while alive.
class Context {
 public:
  explicit Context(std::string text);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
};

// Printable form of a value: small integer types print as numbers, not characters.
template <typename T>
std::string show(const T& value) {
  std::ostringstream out;
  if constexpr (std::is_same_v<T, bool>) {
    out << (value ? "true" : "false");
  } else if constexpr (std::is_integral_v<T> && sizeof(T) == 1) {
    out << static_cast<int>(value);
  } else if constexpr (std::is_floating_point_v<T>) {
    out.precision(9);
    out << value;
  } else {
    out << value;
  }
  return out.str();
}

template <typename A, typename B>
bool check_eq(const A& a, const B& b, const char* ea, const char* eb, const char* file, int line) {
  if (a == b) return true;
  fail(file, line, std::string("CHECK_EQ(") + ea + ", " + eb + "): " + show(a) + " != " + show(b));
  return false;
}

inline bool check_near(double a, double b, double tolerance, const char* ea, const char* eb, const char* file,
                       int line) {
  if (std::fabs(a - b) <= tolerance) return true;  // false for NaN
  std::ostringstream out;
  out.precision(9);
  out << "CHECK_NEAR(" << ea << ", " << eb << "): " << a << " vs " << b << " differ by " << std::fabs(a - b) << " > "
      << tolerance;
  fail(file, line, out.str());
  return false;
}

}  // namespace mstest

#define MSTEST_CAT2(a, b) a##b
#define MSTEST_CAT(a, b) MSTEST_CAT2(a, b)

#define TEST(suite, name)                                                                                              \
  static void suite##__##name();                                                                                       \
  static const ::mstest::Registrar MSTEST_CAT(suite##__##name##_registrar_, __LINE__)(#suite, #name, &suite##__##name, \
                                                                                      __FILE__, __LINE__);             \
  static void suite##__##name()

#define CHECK(cond)                                                             \
  do {                                                                          \
    if (!(cond)) ::mstest::fail(__FILE__, __LINE__, "CHECK(" #cond ") failed"); \
  } while (0)

#define REQUIRE(cond)                                                  \
  do {                                                                 \
    if (!(cond)) {                                                     \
      ::mstest::fail(__FILE__, __LINE__, "REQUIRE(" #cond ") failed"); \
      throw ::mstest::AbortTest{};                                     \
    }                                                                  \
  } while (0)

#define CHECK_EQ(a, b) ((void)::mstest::check_eq((a), (b), #a, #b, __FILE__, __LINE__))
#define REQUIRE_EQ(a, b)                                                                        \
  do {                                                                                          \
    if (!::mstest::check_eq((a), (b), #a, #b, __FILE__, __LINE__)) throw ::mstest::AbortTest{}; \
  } while (0)

#define CHECK_NEAR(a, b, tol)                                                                                   \
  ((void)::mstest::check_near(static_cast<double>(a), static_cast<double>(b), static_cast<double>(tol), #a, #b, \
                              __FILE__, __LINE__))

// Checks that `expr` throws `type` (and, for the _WITH form, that what() contains `text`).
#define CHECK_THROWS_WITH(expr, type, text)                                                                         \
  do {                                                                                                              \
    bool mstest_caught_ = false;                                                                                    \
    try {                                                                                                           \
      (void)(expr);                                                                                                 \
    } catch (const type& mstest_e_) {                                                                               \
      mstest_caught_ = true;                                                                                        \
      const std::string mstest_what_ = mstest_e_.what();                                                            \
      const std::string mstest_text_ = (text);                                                                      \
      if (mstest_what_.find(mstest_text_) == std::string::npos) {                                                   \
        ::mstest::fail(__FILE__, __LINE__,                                                                          \
                       "CHECK_THROWS(" #expr "): message \"" + mstest_what_ + "\" lacks \"" + mstest_text_ + "\""); \
      }                                                                                                             \
    } catch (const std::exception& mstest_e_) {                                                                     \
      mstest_caught_ = true;                                                                                        \
      ::mstest::fail(__FILE__, __LINE__,                                                                            \
                     std::string("CHECK_THROWS(" #expr "): threw another exception: ") + mstest_e_.what());         \
    }                                                                                                               \
    if (!mstest_caught_) ::mstest::fail(__FILE__, __LINE__, "CHECK_THROWS(" #expr ", " #type "): did not throw");   \
  } while (0)

#define CHECK_THROWS(expr, type) CHECK_THROWS_WITH(expr, type, "")

#define CHECK_NOTHROW(expr)                                                                                    \
  do {                                                                                                         \
    try {                                                                                                      \
      (void)(expr);                                                                                            \
    } catch (const std::exception& mstest_e_) {                                                                \
      ::mstest::fail(__FILE__, __LINE__, std::string("CHECK_NOTHROW(" #expr "): threw: ") + mstest_e_.what()); \
    }                                                                                                          \
  } while (0)

#define SKIP(reason) \
  throw ::mstest::SkipTest { reason }

// The models and sprites come from the build: missing under Maven (MAGICSHIELD_TEST_ASSETS_REQUIRED) is a
// failure, missing in a bare CMake build a skip.
#ifdef MAGICSHIELD_TEST_ASSETS_REQUIRED
#define SKIP_WITHOUT_BUILD_ASSET(reason)                                     \
  do {                                                                       \
    ::mstest::fail(__FILE__, __LINE__, std::string("missing: ") + (reason)); \
    throw ::mstest::AbortTest{};                                             \
  } while (0)
#else
#define SKIP_WITHOUT_BUILD_ASSET(reason) SKIP(reason)
#endif

#define CONTEXT(stream_expr)          \
  const ::mstest::Context MSTEST_CAT( \
      mstest_context_, __LINE__)(static_cast<const std::ostringstream&>(std::ostringstream() << stream_expr).str())
