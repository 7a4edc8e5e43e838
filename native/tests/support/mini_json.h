// A minimal JSON reader for the test data's reference files (objects, arrays, strings, numbers, literals).
// Not a general-purpose parser: no \u escapes beyond skipping them, throws std::runtime_error on malformed input.
#pragma once

#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace mstest {

struct Json {
  enum Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Json> array;
  std::map<std::string, Json> object;

  const Json& operator[](const std::string& key) const {
    const auto it = object.find(key);
    if (kind != kObject || it == object.end()) throw std::runtime_error("json: no key " + key);
    return it->second;
  }
  const Json& operator[](std::size_t i) const {
    if (kind != kArray || i >= array.size()) throw std::runtime_error("json: bad index");
    return array[i];
  }
  bool has(const std::string& key) const { return kind == kObject && object.count(key) > 0; }

  static Json parse(const std::string& text) {
    std::size_t pos = 0;
    Json j = value(text, pos);
    return j;
  }

 private:
  static void skip(const std::string& s, std::size_t& p) {
    while (p < s.size() && (s[p] == ' ' || s[p] == '\n' || s[p] == '\r' || s[p] == '\t')) ++p;
  }
  static std::string str(const std::string& s, std::size_t& p) {
    if (s[p] != '"') throw std::runtime_error("json: expected string");
    std::string out;
    for (++p; p < s.size() && s[p] != '"'; ++p) {
      if (s[p] == '\\') {
        ++p;
        if (s[p] == 'u') {
          p += 4;
          out += '?';
          continue;
        }
        out += s[p] == 'n' ? '\n' : s[p] == 't' ? '\t' : s[p];
      } else {
        out += s[p];
      }
    }
    ++p;
    return out;
  }
  static Json value(const std::string& s, std::size_t& p) {
    skip(s, p);
    if (p >= s.size()) throw std::runtime_error("json: unexpected end");
    Json j;
    const char c = s[p];
    if (c == '{') {
      j.kind = kObject;
      ++p;
      skip(s, p);
      if (s[p] == '}') return ++p, j;
      for (;;) {
        skip(s, p);
        const std::string key = str(s, p);
        skip(s, p);
        if (s[p++] != ':') throw std::runtime_error("json: expected ':'");
        j.object[key] = value(s, p);
        skip(s, p);
        if (s[p] == ',') {
          ++p;
          continue;
        }
        if (s[p] == '}') {
          ++p;
          return j;
        }
        throw std::runtime_error("json: expected ',' or '}'");
      }
    }
    if (c == '[') {
      j.kind = kArray;
      ++p;
      skip(s, p);
      if (s[p] == ']') return ++p, j;
      for (;;) {
        j.array.push_back(value(s, p));
        skip(s, p);
        if (s[p] == ',') {
          ++p;
          continue;
        }
        if (s[p] == ']') {
          ++p;
          return j;
        }
        throw std::runtime_error("json: expected ',' or ']'");
      }
    }
    if (c == '"') {
      j.kind = kString;
      j.string = str(s, p);
      return j;
    }
    if (s.compare(p, 4, "true") == 0) {
      p += 4;
      j.kind = kBool;
      j.boolean = true;
      return j;
    }
    if (s.compare(p, 5, "false") == 0) {
      p += 5;
      j.kind = kBool;
      return j;
    }
    if (s.compare(p, 4, "null") == 0) {
      p += 4;
      return j;
    }
    char* end = nullptr;
    j.number = std::strtod(s.c_str() + p, &end);
    if (end == s.c_str() + p) throw std::runtime_error("json: bad value at " + std::to_string(p));
    p = static_cast<std::size_t>(end - s.c_str());
    j.kind = kNumber;
    return j;
  }
};

}  // namespace mstest
