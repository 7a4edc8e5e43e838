// Command-line arguments: `magicshield-cli <command> --key value ... --flag`, with clear errors.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>

namespace magicshield::cli {

// A mistake in how the program was called: reported with the usage, exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Arguments {
 public:
  // `valued` lists the options that take a value, `flags` those that do not; anything else is an error.
  Arguments(int argc, char** argv, int first, const std::set<std::string>& valued, const std::set<std::string>& flags);

  bool has(const std::string& key) const { return values_.count(key) > 0 || flags_.count(key) > 0; }
  std::string text(const std::string& key, const std::string& fallback) const;
  std::string required(const std::string& key) const;
  int integer(const std::string& key, int fallback, int min, int max) const;
  // One of `choices`, e.g. "image" or "video".
  std::string choice(const std::string& key, const std::string& fallback, const std::set<std::string>& choices) const;

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
};

}  // namespace magicshield::cli
