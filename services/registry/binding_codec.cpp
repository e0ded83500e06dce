#include "services/registry/binding_codec.hpp"

#include <nlohmann/json.hpp>

namespace tandem::registry {
namespace {

using nlohmann::json;

/// Fills a Binding straight from the parser's events: every Redis reply carries several
/// bindings, and a DOM per binding (a std::map per object) was a tenth of a registry's CPU.
class BindingReader final : public nlohmann::json_sax<json> {
 public:
  explicit BindingReader(Binding& binding) : b_(binding) {}

  bool key(string_t& name) override {
    key_ = name;
    return true;
  }
  bool string(string_t& value) override {
    if (in_path_) {
      b_.path.push_back(std::move(value));
      return true;
    }
    return text_field(value);
  }
  bool number_unsigned(number_unsigned_t value) override {
    return number_field(static_cast<int64_t>(value));
  }
  bool number_integer(number_integer_t value) override { return number_field(value); }
  bool number_float(number_float_t value, const string_t&) override {
    return number_field(static_cast<int64_t>(value));
  }
  bool start_object(std::size_t) override {
    return depth_++ == 0 || key_ == "p" || fail("an object");
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    in_path_ = key_ == "p" && depth_ == 1;
    return in_path_ || fail("a list");
  }
  bool end_array() override {
    in_path_ = false;
    return true;
  }
  bool null() override { return fail("a null"); }
  bool boolean(bool) override { return fail("a boolean"); }
  bool binary(binary_t&) override { return fail("binary data"); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    return fail(e.what());
  }

  /// What was wrong, if parsing stopped early or a field was missing.
  std::string problem() const {
    if (!problem_.empty()) return problem_;
    return seen_ == kAllFields ? "" : "fields are missing";
  }

 private:
  static constexpr uint32_t kAllFields = (1u << 14) - 1;

  bool fail(const std::string& what) {
    if (problem_.empty()) problem_ = "unexpected " + what + " at \"" + key_ + "\"";
    return false;
  }
  void mark(int bit) { seen_ |= 1u << bit; }

  bool text_field(std::string& value) {
    if (key_ == "c")
      b_.contact_uri = std::move(value), mark(0);
    else if (key_ == "i")
      b_.call_id = std::move(value), mark(1);
    else if (key_ == "n")
      b_.instance_id = std::move(value), mark(2);
    else if (key_ == "u")
      b_.user_agent = std::move(value), mark(3);
    else if (key_ == "a")
      b_.source_address = std::move(value), mark(4);
    else if (key_ == "o")
      b_.node_id = std::move(value), mark(5);
    else
      return fail("a string");
    return true;
  }

  bool number_field(int64_t value) {
    if (key_ == "e")
      b_.expires_at_ms = value, mark(6);
    else if (key_ == "q")
      b_.q_milli = static_cast<int32_t>(value), mark(7);
    else if (key_ == "s")
      b_.cseq = static_cast<uint32_t>(value), mark(8);
    else if (key_ == "r")
      b_.reg_id = static_cast<uint32_t>(value), mark(9);
    else if (key_ == "t")
      b_.transport = static_cast<Transport>(value), mark(10);
    else if (key_ == "g")
      b_.registered_at_ms = value, mark(11);
    else if (key_ == "m")
      b_.updated_at_ms = value, mark(12);
    else
      return fail("a number");
    return true;
  }

  Binding& b_;
  std::string key_;
  std::string problem_;
  uint32_t seen_ = 1u << 13;  // the Path list may be absent or come back as {}
  int depth_ = 0;
  bool in_path_ = false;
};

/// Writes the scripts' JSON directly: a DOM per command was half of a Bind's codec time.
/// Strings from gRPC are valid UTF-8 (proto3 parsing checks), so escaping is all they need.
class JsonWriter {
 public:
  JsonWriter& open() { return raw('{'); }
  JsonWriter& close() {
    first_ = false;
    return raw('}');
  }
  JsonWriter& key(std::string_view name) {
    if (!first_) out_ += ',';
    first_ = true;
    text(name);
    return raw(':');
  }
  JsonWriter& value(std::string_view text_value) { return text(text_value).done(); }
  JsonWriter& value(int64_t number) {
    out_ += std::to_string(number);
    return done();
  }
  JsonWriter& value(bool flag) {
    out_ += flag ? "true" : "false";
    return done();
  }
  JsonWriter& value(const std::vector<std::string>& list) {
    raw('[');
    for (size_t i = 0; i < list.size(); ++i) {
      if (i > 0) out_ += ',';
      text(list[i]);
    }
    return raw(']').done();
  }
  JsonWriter& begin_array() {
    first_ = true;
    return raw('[');
  }
  JsonWriter& end_array() {
    first_ = false;
    return raw(']');
  }
  /// Before each element of an array.
  JsonWriter& element() {
    if (!first_) out_ += ',';
    first_ = true;
    return *this;
  }
  std::string take() { return std::move(out_); }

 private:
  JsonWriter& raw(char c) {
    out_ += c;
    return *this;
  }
  JsonWriter& done() {
    first_ = false;
    return *this;
  }
  JsonWriter& text(std::string_view value) {
    static constexpr char hex[] = "0123456789abcdef";
    out_ += '"';
    for (char c : value) {
      const auto byte = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += c;
      } else if (byte < 0x20) {
        out_ += {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 15]};
      } else {
        out_ += c;
      }
    }
    out_ += '"';
    return *this;
  }

  std::string out_;
  bool first_ = true;
};

void write_contact(JsonWriter& json, const ContactChange& contact) {
  json.element().open();
  json.key("key").value(contact.key).key("uri").value(contact.uri);
  json.key("expires").value(contact.expires_seconds).key("q").value(int64_t{contact.q_milli});
  json.key("instance").value(contact.instance_id).key("reg_id").value(int64_t{contact.reg_id});
  json.close();
}

}  // namespace

std::string encode_bind_command(const BindCommand& command) {
  JsonWriter json;
  json.open().key("remove_all").value(command.remove_all);
  json.key("call_id").value(command.call_id).key("cseq").value(int64_t{command.cseq});
  json.key("max_contacts").value(int64_t{command.max_contacts}).key("aor").value(command.aor);
  json.key("shared").open().key("p").value(command.path).key("u").value(command.user_agent);
  json.key("a")
      .value(command.source_address)
      .key("t")
      .value(int64_t{static_cast<int>(command.transport)});
  json.key("o").value(command.node_id).close();
  json.key("contacts").begin_array();
  for (const auto& contact : command.contacts) write_contact(json, contact);
  json.end_array().close();
  return json.take();
}

std::string encode_unbind_command(const UnbindCommand& command) {
  JsonWriter json;
  json.open().key("contact").value(command.contact_uri).key("call_id").value(command.call_id);
  json.key("cseq").value(int64_t{command.cseq}).close();
  return json.take();
}

Result<Binding> decode_binding(std::string_view text, const std::string& aor) {
  Binding binding;
  binding.aor = aor;
  BindingReader reader(binding);
  json::sax_parse(text.begin(), text.end(), &reader, json::input_format_t::json, true);
  if (const auto problem = reader.problem(); !problem.empty()) {
    return internal_error("corrupt binding stored for " + aor + ": " + problem);
  }
  return binding;
}

}  // namespace tandem::registry
