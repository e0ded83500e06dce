#include "cmd/tandemctl/registrations_command.hpp"

#include <iomanip>
#include <iostream>
#include <sstream>

#include "cmd/tandemctl/table.hpp"
#include "tandem/v1/registry.grpc.pb.h"

namespace tandem::ctl {
namespace {

std::string transport_name(v1::Transport transport) {
  if (transport == v1::TRANSPORT_UNSPECIFIED) return "-";
  std::string name = v1::Transport_Name(transport);
  return name.substr(name.find('_') + 1);
}

std::string q_text(double q) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(2) << q;
  return out.str();
}

void add_rows(Table& table, const v1::Registration& registration) {
  for (const auto& b : registration.bindings()) {
    table.add({registration.aor(), b.contact_uri(), std::to_string(b.expires_seconds()),
               q_text(b.q()), transport_name(b.transport()),
               b.source_address().empty() ? "-" : b.source_address(),
               b.user_agent().empty() ? "-" : b.user_agent()});
  }
}

void print(const Options& options, const v1::ListRegistrationsResponse& all) {
  if (options.output == "json") {
    std::cout << to_json(all);
    return;
  }
  if (all.registrations().empty()) {
    std::cout << "No registrations.\n";
    return;
  }
  Table table({"AOR", "CONTACT", "EXPIRES", "Q", "TRANSPORT", "SOURCE", "USER AGENT"});
  for (const auto& registration : all.registrations()) add_rows(table, registration);
  table.print(std::cout);
}

void list(const Options& options, const std::string& prefix, uint32_t limit) {
  auto stub = v1::Registry::NewStub(connect(options));
  v1::ListRegistrationsResponse all;
  v1::ListRegistrationsRequest request;
  request.set_prefix(prefix);
  do {
    request.set_page_size(limit == 0 ? 500
                                     : std::min<uint32_t>(500, limit - all.registrations_size()));
    v1::ListRegistrationsResponse page;
    auto status = stub->List(call_context(options).get(), request, &page);
    if (!status.ok()) fail(options, "registrations list", status);
    for (auto& registration : *page.mutable_registrations()) {
      *all.add_registrations() = std::move(registration);
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty() &&
           (limit == 0 || static_cast<uint32_t>(all.registrations_size()) < limit));
  print(options, all);
}

void get(const Options& options, const std::string& aor) {
  auto stub = v1::Registry::NewStub(connect(options));
  v1::LookupRequest request;
  request.set_aor(aor);
  v1::LookupResponse response;
  auto status = stub->Lookup(call_context(options).get(), request, &response);
  if (!status.ok()) fail(options, "registrations get", status);
  if (response.bindings().empty() && options.output != "json") {
    std::cerr << "tandemctl: " << aor << " is not registered\n";
    std::exit(1);
  }
  v1::ListRegistrationsResponse shaped;
  auto* registration = shaped.add_registrations();
  registration->set_aor(response.bindings().empty() ? aor : response.bindings(0).aor());
  *registration->mutable_bindings() = response.bindings();
  print(options, shaped);
}

void remove(const Options& options, const std::string& aor, const std::string& contact) {
  auto stub = v1::Registry::NewStub(connect(options));
  v1::UnbindRequest request;
  request.set_aor(aor);
  request.set_contact_uri(contact);
  v1::UnbindResponse response;
  auto status = stub->Unbind(call_context(options).get(), request, &response);
  if (!status.ok()) fail(options, "registrations delete", status);
  if (options.output == "json") {
    std::cout << to_json(response);
    return;
  }
  if (response.removed() == 0) {
    std::cerr << "tandemctl: " << aor << " has no binding"
              << (contact == "*" ? "" : " for " + contact) << "; nothing deleted\n";
    std::exit(1);
  }
  std::cout << "Deleted " << response.removed() << " binding(s) of " << aor << "; "
            << response.bindings_size() << " left.\n";
}

}  // namespace

void add_registrations_command(CLI::App& app, Options& options) {
  auto* command = app.add_subcommand("registrations", "AOR -> contact bindings in the registry");
  command->require_subcommand(1);

  auto* list_command = command->add_subcommand("list", "list registrations");
  auto prefix = std::make_shared<std::string>();
  auto limit = std::make_shared<uint32_t>(0);
  list_command->add_option("--prefix", *prefix, "only AORs starting with this, e.g. sip:al");
  list_command->add_option("--limit", *limit, "at most this many AORs (0: all)");
  list_command->callback([&options, prefix, limit] { list(options, *prefix, *limit); });

  auto* get_command = command->add_subcommand("get", "show one AOR's contacts");
  auto aor = std::make_shared<std::string>();
  get_command->add_option("AOR", *aor, "e.g. sip:alice@example.com")->required();
  get_command->callback([&options, aor] { get(options, *aor); });

  auto* delete_command = command->add_subcommand("delete", "remove an AOR's contacts");
  auto delete_aor = std::make_shared<std::string>();
  auto contact = std::make_shared<std::string>("*");
  delete_command->add_option("AOR", *delete_aor, "e.g. sip:alice@example.com")->required();
  delete_command->add_option("--contact", *contact, "only this contact URI (default: all)");
  delete_command->callback(
      [&options, delete_aor, contact] { remove(options, *delete_aor, *contact); });
}

}  // namespace tandem::ctl
