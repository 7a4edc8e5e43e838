// A small streaming JSON writer (objects, arrays, strings, numbers, booleans) with correct escaping.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace magicshield::cli {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(const std::string& name);
  JsonWriter& value(const std::string& s);
  JsonWriter& value(const char* s) { return value(std::string(s)); }
  JsonWriter& value(double number);
  JsonWriter& value(int number);
  JsonWriter& value(bool flag);

 private:
  void separate();
  std::ostream& out_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace magicshield::cli
