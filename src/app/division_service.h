#pragma once
// Reading the administrative division tree. The tree is public reference data: any
// user with division.read sees all of it (scopes limit records, not geography).

#include <string>
#include <vector>

#include "security/policy.h"
#include "store/store.h"

namespace sixia::app {

class DivisionService {
 public:
  explicit DivisionService(store::Store& store) : store_(store) {}

  // The tree's version: changes whenever any division changes (caches, ETags). One
  // single-row read, so an import by the CLI is visible to the very next request.
  Result<int64_t> TreeVersion(const security::Principal& p);

  // kInvalidArgument for a malformed code, kNotFound for an unknown one.
  Result<domain::Division> Get(const security::Principal& p, const std::string& code);
  Result<std::vector<domain::Division>> Children(const security::Principal& p,
                                                 const std::string& code);
  // From the nation down to the division itself.
  Result<std::vector<domain::Division>> Path(const security::Principal& p, const std::string& code);
  // Name contains `q` (1–32 characters) within the subtree of `root`; at most `limit` (1–200).
  Result<std::vector<domain::Division>> Search(const security::Principal& p,
                                               const std::string& root, const std::string& q,
                                               int limit);

 private:
  store::Store& store_;
};

}  // namespace sixia::app
