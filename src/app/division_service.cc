#include "app/division_service.h"

#include "common/utf8.h"

namespace sixia::app {
namespace {

using security::AccessPolicy;
using security::Permission;

Status DivisionNotFound(const std::string& code) {
  return NotFound("division " + code + " not found", "行政区划不存在：" + code, "code");
}

Result<domain::Division> Load(store::Tx& tx, const std::string& code) {
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(code));
  SIXIA_ASSIGN_OR_RETURN(auto d, tx.divisions().Get(code));
  if (!d) return DivisionNotFound(code);
  return *d;
}

}  // namespace

Result<int64_t> DivisionService::TreeVersion(const security::Principal& p) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kDivisionRead));
  int64_t version = 0;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(version, tx.divisions().Version());
    return Status::Ok();
  }));
  return version;
}

Result<domain::Division> DivisionService::Get(const security::Principal& p, const std::string& code) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kDivisionRead));
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(code));
  domain::Division out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(out, Load(tx, code));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<domain::Division>> DivisionService::Children(const security::Principal& p,
                                                                const std::string& code) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kDivisionRead));
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(code));
  std::vector<domain::Division> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(out, tx.divisions().Children(code));
    if (out.empty()) SIXIA_RETURN_IF_ERROR(Load(tx, code).status());  // Leaf or unknown?
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<domain::Division>> DivisionService::Path(const security::Principal& p,
                                                            const std::string& code) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kDivisionRead));
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(code));
  std::vector<domain::Division> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto self, Load(tx, code));
    // Walk parent links (not code arithmetic): some real divisions skip a level.
    std::vector<domain::Division> chain{self};
    while (!chain.back().parent_code.empty() && chain.size() < 8) {
      SIXIA_ASSIGN_OR_RETURN(auto parent, tx.divisions().Get(chain.back().parent_code));
      if (!parent) break;
      chain.push_back(*parent);
    }
    out.assign(chain.rbegin(), chain.rend());
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<domain::Division>> DivisionService::Search(const security::Principal& p,
                                                              const std::string& root,
                                                              const std::string& q, int limit) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kDivisionRead));
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(root));
  if (!IsValidUtf8(q) || Utf8Length(q) < 1 || Utf8Length(q) > 32)
    return InvalidArgument("q must have 1 to 32 characters", "搜索词应为1至32个字符", "q");
  if (limit < 1 || limit > 200)
    return InvalidArgument("limit must be between 1 and 200", "limit 应在1至200之间", "limit");
  std::vector<domain::Division> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto r, Load(tx, root));
    SIXIA_ASSIGN_OR_RETURN(out, tx.divisions().Search(domain::SubtreeRange(r.code, r.level), q, limit));
    return Status::Ok();
  }));
  return out;
}

}  // namespace sixia::app
