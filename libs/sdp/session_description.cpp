#include "libs/sdp/session_description.hpp"

#include <charconv>

namespace tandem::sdp {
namespace {

/// SDP bodies are small; a larger one is not a session description Tandem can use.
constexpr size_t kMaxLines = 512;

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find(separator, start), text.size());
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

template <class T>
std::optional<T> number(std::string_view text) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<Direction> parse_direction(std::string_view attribute) {
  if (attribute == "sendrecv") return Direction::sendrecv;
  if (attribute == "sendonly") return Direction::sendonly;
  if (attribute == "recvonly") return Direction::recvonly;
  if (attribute == "inactive") return Direction::inactive;
  return std::nullopt;
}

struct Parser {
  SessionDescription out;
  int line_number = 0;

  Failure problem(const std::string& reason) const {
    return invalid_argument("SDP line " + std::to_string(line_number) + ": " + reason);
  }

  std::optional<Failure> origin(std::string_view value) {
    const auto fields = split(value, ' ');
    if (fields.size() != 6 || fields[3] != "IN")
      return problem("o= needs <username> <id> <version> IN <IP4|IP6> <address>");
    out.origin = {std::string(fields[0]), std::string(fields[1]), std::string(fields[2]),
                  std::string(fields[4]), std::string(fields[5])};
    return std::nullopt;
  }

  std::optional<Failure> connection(std::string_view value, std::string& address,
                                    std::string& type) {
    const auto fields = split(value, ' ');
    if (fields.size() != 3 || fields[0] != "IN" || (fields[1] != "IP4" && fields[1] != "IP6"))
      return problem("c= needs IN <IP4|IP6> <address>");
    type = std::string(fields[1]);
    // A multicast address carries /ttl[/count]: the address is what comes before.
    address = std::string(fields[2].substr(0, fields[2].find('/')));
    if (address.empty()) return problem("c= needs an address before any '/'");
    return std::nullopt;
  }

  std::optional<Failure> media(std::string_view value) {
    const auto fields = split(value, ' ');
    if (fields.size() < 4) return problem("m= needs <media> <port> <protocol> <format>...");
    MediaDescription section;
    section.media = std::string(fields[0]);
    const auto port = number<uint32_t>(fields[1].substr(0, fields[1].find('/')));
    if (!port || *port > 65535) return problem("m= port must be 0 to 65535");
    section.port = static_cast<uint16_t>(*port);
    section.protocol = std::string(fields[2]);
    for (size_t i = 3; i < fields.size(); ++i) section.formats.emplace_back(fields[i]);
    out.media.push_back(std::move(section));
    return std::nullopt;
  }

  std::optional<Failure> attribute(std::string_view value) {
    const size_t colon = value.find(':');
    const std::string_view name = value.substr(0, colon);
    const std::string_view rest = colon == std::string_view::npos ? "" : value.substr(colon + 1);
    if (out.media.empty()) {
      if (auto direction = parse_direction(name)) out.direction = direction;
      return std::nullopt;  // other session-level attributes are not used
    }
    auto& section = out.media.back();
    if (auto direction = parse_direction(name)) {
      section.direction = direction;
    } else if (name == "rtpmap" || name == "fmtp") {
      const size_t space = rest.find(' ');
      const auto type = number<int>(rest.substr(0, space));
      if (!type || *type < 0 || *type > 127 || space == std::string_view::npos)
        return problem("a=" + std::string(name) + " needs a payload type 0-127 and a value");
      const std::string_view detail = rest.substr(space + 1);
      if (name == "fmtp") {
        section.fmtps[*type] = std::string(detail);
        return std::nullopt;
      }
      const auto parts = split(detail, '/');
      const auto rate = parts.size() >= 2 ? number<uint32_t>(parts[1]) : std::nullopt;
      if (parts.size() < 2 || !rate)
        return problem("a=rtpmap needs <payload type> <encoding>/<clock rate>");
      Rtpmap map{std::string(parts[0]), *rate, 1};
      if (parts.size() >= 3) map.channels = number<uint32_t>(parts[2]).value_or(1);
      section.rtpmaps[*type] = std::move(map);
    } else if (name == "rtcp-mux") {
      section.rtcp_mux = true;
    } else if (name == "rtcp") {
      const auto port = number<uint32_t>(rest.substr(0, rest.find(' ')));
      if (!port || *port == 0 || *port > 65535) return problem("a=rtcp needs a port 1-65535");
      section.rtcp_port = static_cast<uint16_t>(*port);
    } else if (name == "ptime") {
      const auto ptime = number<uint32_t>(rest);
      if (!ptime || *ptime == 0) return problem("a=ptime needs milliseconds");
      section.ptime = *ptime;
    } else {
      section.other_attributes.emplace_back(value);
    }
    return std::nullopt;
  }

  std::optional<Failure> line(std::string_view text) {
    if (text.size() < 2 || text[1] != '=' || text[0] < 'a' || text[0] > 'z')
      return problem("not a <letter>=<value> line");
    const std::string_view value = text.substr(2);
    switch (text[0]) {
      case 'v':
        if (value != "0") return problem("v= must be 0");
        return std::nullopt;
      case 'o': return origin(value);
      case 's': out.session_name = std::string(value); return std::nullopt;
      case 't': out.timing = std::string(value); return std::nullopt;
      case 'c':
        if (out.media.empty()) {
          std::string address;
          if (auto failure = connection(value, address, out.connection_address_type))
            return failure;
          out.connection_address = address;
        } else {
          std::string address;
          std::string type;
          if (auto failure = connection(value, address, type)) return failure;
          out.media.back().connection_address = address;
        }
        return std::nullopt;
      case 'm': return media(value);
      case 'a': return attribute(value);
      default: return std::nullopt;  // i=, u=, e=, p=, b=, r=, z=, k=: not used
    }
  }
};

}  // namespace

std::string_view direction_name(Direction direction) {
  switch (direction) {
    case Direction::sendonly: return "sendonly";
    case Direction::recvonly: return "recvonly";
    case Direction::inactive: return "inactive";
    case Direction::sendrecv: break;
  }
  return "sendrecv";
}

std::optional<std::string> SessionDescription::address_of(const MediaDescription& section) const {
  if (section.connection_address) return section.connection_address;
  return connection_address;
}

Direction SessionDescription::direction_of(const MediaDescription& section) const {
  return section.direction.value_or(direction.value_or(Direction::sendrecv));
}

Result<SessionDescription> parse(std::string_view text) {
  Parser parser;
  bool seen_version = false;
  bool seen_origin = false;
  bool seen_name = false;
  bool seen_timing = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    start = end + 1;
    ++parser.line_number;
    if (line.empty()) continue;
    if (static_cast<size_t>(parser.line_number) > kMaxLines) {
      return parser.problem("more than " + std::to_string(kMaxLines) + " lines");
    }
    if (parser.line_number == 1 && line.substr(0, 2) != "v=")
      return parser.problem("an SDP body starts with v=0");
    if (auto failure = parser.line(line)) return *failure;
    seen_version |= line[0] == 'v';
    seen_origin |= line[0] == 'o';
    seen_name |= line[0] == 's';
    seen_timing |= line[0] == 't';
  }
  parser.line_number = 0;
  if (!seen_version) return invalid_argument("SDP: no v= line");
  if (!seen_origin) return invalid_argument("SDP: no o= line");
  if (!seen_name) return invalid_argument("SDP: no s= line");
  if (!seen_timing) return invalid_argument("SDP: no t= line");
  return std::move(parser.out);
}

std::string format(const SessionDescription& d) {
  std::string out;
  const auto line = [&out](char type, std::string_view value) {
    out += type;
    out += '=';
    out += value;
    out += "\r\n";
  };
  line('v', "0");
  line('o', d.origin.username + " " + d.origin.session_id + " " + d.origin.session_version +
                " IN " + d.origin.address_type + " " + d.origin.address);
  line('s', d.session_name.empty() ? "-" : d.session_name);
  if (d.connection_address)
    line('c', "IN " + d.connection_address_type + " " + *d.connection_address);
  line('t', d.timing);
  if (d.direction) line('a', direction_name(*d.direction));
  for (const auto& m : d.media) {
    std::string media_line = m.media + " " + std::to_string(m.port) + " " + m.protocol;
    for (const auto& format : m.formats) media_line += " " + format;
    line('m', media_line);
    if (m.connection_address)
      line('c', "IN " + d.connection_address_type + " " + *m.connection_address);
    for (const auto& [type, map] : m.rtpmaps) {
      std::string value = "rtpmap:" + std::to_string(type) + " " + map.encoding + "/" +
                          std::to_string(map.clock_rate);
      if (map.channels != 1) value += "/" + std::to_string(map.channels);
      line('a', value);
    }
    for (const auto& [type, parameters] : m.fmtps)
      line('a', "fmtp:" + std::to_string(type) + " " + parameters);
    if (m.ptime) line('a', "ptime:" + std::to_string(*m.ptime));
    if (m.rtcp_port) line('a', "rtcp:" + std::to_string(*m.rtcp_port));
    if (m.rtcp_mux) line('a', "rtcp-mux");
    for (const auto& attribute : m.other_attributes) line('a', attribute);
    if (m.direction) line('a', direction_name(*m.direction));
  }
  return out;
}

}  // namespace tandem::sdp
