// Build-time tool: converts docs/openapi.yaml into a C++ source defining
// `extern const char sixia::http::kOpenApiJson[]` (compact JSON). Fails the build on
// invalid YAML, so the served description is always parseable.
#include <algorithm>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace {

nlohmann::json ToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json obj = nlohmann::json::object();
      for (const auto& kv : node) obj[kv.first.as<std::string>()] = ToJson(kv.second);
      return obj;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& item : node) arr.push_back(ToJson(item));
      return arr;
    }
    case YAML::NodeType::Scalar: {
      const std::string s = node.Scalar();
      if (node.Tag() == "!") return s;  // Quoted: always a string.
      if (s == "true") return true;
      if (s == "false") return false;
      if (s == "null" || s == "~") return nullptr;
      try {
        size_t used = 0;
        const long long i = std::stoll(s, &used);
        if (used == s.size()) return i;
        const double d = std::stod(s, &used);
        if (used == s.size()) return d;
      } catch (...) {
      }
      return s;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: sixia_yaml2json IN.yaml OUT.cc\n";
    return 2;
  }
  try {
    const std::string json = ToJson(YAML::LoadFile(argv[1])).dump();
    std::ofstream out(argv[2]);
    out << "// Generated from docs/openapi.yaml by src/tools/yaml2json.cc. Do not edit.\n"
        << "namespace sixia::http {\nextern const char kOpenApiJson[];\nconst char kOpenApiJson[] = ";
    // Raw string chunks keep each literal under compiler limits; cut only between UTF-8
    // characters so that every chunk of the generated source is valid UTF-8.
    for (size_t i = 0; i < json.size();) {
      size_t n = std::min<size_t>(8000, json.size() - i);
      while (i + n < json.size() && (static_cast<unsigned char>(json[i + n]) & 0xC0) == 0x80) --n;
      out << "R\"sixia_json(" << json.substr(i, n) << ")sixia_json\"\n";
      i += n;
    }
    out << ";\n}  // namespace sixia::http\n";
    return out ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << argv[1] << ": " << e.what() << "\n";
    return 1;
  }
}
