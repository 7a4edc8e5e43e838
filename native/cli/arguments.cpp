#include "arguments.h"

#include <cerrno>
#include <cstdlib>

namespace magicshield::cli {

Arguments::Arguments(int argc, char** argv, int first, const std::set<std::string>& valued,
                     const std::set<std::string>& flags) {
  for (int i = first; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) throw UsageError("unexpected argument '" + arg + "' (options start with --)");
    const std::string key = arg.substr(2);
    if (flags.count(key)) {
      flags_.insert(key);
    } else if (valued.count(key)) {
      if (i + 1 >= argc) throw UsageError("option --" + key + " needs a value");
      values_[key] = argv[++i];
    } else {
      throw UsageError("unknown option --" + key);
    }
  }
}

std::string Arguments::text(const std::string& key, const std::string& fallback) const {
  const auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

std::string Arguments::required(const std::string& key) const {
  const auto it = values_.find(key);
  if (it == values_.end()) throw UsageError("option --" + key + " is required");
  return it->second;
}

int Arguments::integer(const std::string& key, int fallback, int min, int max) const {
  const auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  char* end = nullptr;
  errno = 0;
  const long v = std::strtol(it->second.c_str(), &end, 10);
  if (errno != 0 || end == it->second.c_str() || *end != '\0' || v < min || v > max) {
    throw UsageError("--" + key + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                     " (got '" + it->second + "')");
  }
  return static_cast<int>(v);
}

std::string Arguments::choice(const std::string& key, const std::string& fallback,
                              const std::set<std::string>& choices) const {
  const std::string v = text(key, fallback);
  if (!choices.count(v)) {
    std::string list;
    for (const std::string& c : choices) list += (list.empty() ? "" : "|") + c;
    throw UsageError("--" + key + " must be one of " + list + " (got '" + v + "')");
  }
  return v;
}

}  // namespace magicshield::cli
