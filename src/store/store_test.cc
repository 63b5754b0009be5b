// The store suite: every repository on SQLite, PostgreSQL and the in-memory fake
// (fixture in store/testing/store_fixture.h).

#include "store/testing/store_fixture.h"

#include "store/sqlite_wal_vfs.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace sixia::store {

// Names the backend in gtest's failure messages (found by ADL).
[[maybe_unused]] static void PrintTo(Backend b, std::ostream* os) { *os << fixture::BackendName(b); }

namespace {

using namespace fixture;  // NOLINT: the suite's vocabulary.

// ---- Divisions ------------------------------------------------------------------------

TEST_P(StoreTest, NationRootExistsFromTheStart) {
  // Given a new store
  // When the nation root is read
  auto nation = ReadValue([](Tx& tx) { return tx.divisions().Get(domain::kNationCode); });
  // Then it is there at level 0 without a parent, and is not counted as imported data
  ASSERT_TRUE(nation.has_value());
  EXPECT_EQ(nation->name, "中华人民共和国");
  EXPECT_EQ(nation->level, DivisionLevel::kNation);
  EXPECT_EQ(nation->parent_code, "");
  EXPECT_EQ(ReadValue([](Tx& tx) { return tx.divisions().Count(); }), 0);
  EXPECT_EQ(store().backend(), GetParam());
}

TEST_P(StoreTest, DivisionUpsertInsertsThenReplaces) {
  // Given the sample divisions
  SeedDivisions();
  // When one of them is upserted again with a new name
  Division renamed{kXiapu, "霞浦縣", DivisionLevel::kCounty, kNingde};
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.divisions().Upsert({renamed}); }));
  // Then it is replaced, not added
  auto got = ReadValue([](Tx& tx) { return tx.divisions().Get(kXiapu); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->name, "霞浦縣");
  EXPECT_EQ(got->level, DivisionLevel::kCounty);
  EXPECT_EQ(got->parent_code, kNingde);
  EXPECT_EQ(ReadValue([](Tx& tx) { return tx.divisions().Count(); }),
            static_cast<int64_t>(SampleDivisions().size()));
  EXPECT_FALSE(ReadValue([](Tx& tx) { return tx.divisions().Get("350921999000"); }).has_value());
}

TEST_P(StoreTest, DivisionGetManyKeepsRequestOrderAndSkipsUnknownCodes) {
  SeedDivisions();
  auto got = ReadValue([](Tx& tx) {
    return tx.divisions().GetMany({kXiapu, "999999999999", kBeijing, domain::kNationCode});
  });
  EXPECT_EQ(Codes(got), (std::vector<std::string>{kXiapu, kBeijing, domain::kNationCode}));
}

TEST_P(StoreTest, DivisionChildrenAreDirectOnesOrderedByCode) {
  SeedDivisions();
  EXPECT_EQ(Codes(ReadValue([](Tx& tx) { return tx.divisions().Children(domain::kNationCode); })),
            (std::vector<std::string>{kBeijing, kFujian, "500000000000"}));
  EXPECT_EQ(Codes(ReadValue([](Tx& tx) { return tx.divisions().Children(kNingde); })),
            (std::vector<std::string>{kXiapu, kGutian}));
  EXPECT_TRUE(ReadValue([](Tx& tx) { return tx.divisions().Children(kSongcheng); }).empty());
  EXPECT_TRUE(ReadValue([](Tx& tx) { return tx.divisions().Children(""); }).empty());
}

TEST_P(StoreTest, DivisionSearchOrdersByLevelThenCodeWithinTheRange) {
  // Given provinces and cities whose names hold 市, with a province coded after the cities
  SeedDivisions();
  // When searching the whole nation
  auto all = ReadValue([](Tx& tx) { return tx.divisions().Search(kNationRange, "市", 10); });
  // Then provinces come first, each level in code order
  EXPECT_EQ(Codes(all),
            (std::vector<std::string>{kBeijing, "500000000000", "110100000000", kNingde}));
  // And the limit and the range are kept
  EXPECT_EQ(Codes(ReadValue([](Tx& tx) { return tx.divisions().Search(kNationRange, "市", 2); })),
            (std::vector<std::string>{kBeijing, "500000000000"}));
  EXPECT_EQ(Codes(ReadValue([](Tx& tx) { return tx.divisions().Search(kFujianRange, "市", 10); })),
            (std::vector<std::string>{kNingde}));
  EXPECT_EQ(Codes(ReadValue([](Tx& tx) { return tx.divisions().Search(kFujianRange, "县", 10); })),
            (std::vector<std::string>{kXiapu, kGutian}));
}

TEST_P(StoreTest, DivisionSearchTreatsLikeWildcardsLiterally) {
  // Given villages whose names hold %, _ and a backslash
  SeedDivisions();
  using L = DivisionLevel;
  ASSERT_OK(WriteStatus([](Tx& tx) {
    return tx.divisions().Upsert({{"350921101001", "百分之百%村", L::kVillage, kSongcheng},
                                  {"350921101002", "下划_线村", L::kVillage, kSongcheng},
                                  {"350921101003", "反斜\\杠村", L::kVillage, kSongcheng},
                                  {"350921101004", "普通村", L::kVillage, kSongcheng}});
  }));
  auto search = [&](const std::string& part) {
    return Codes(ReadValue([&](Tx& tx) { return tx.divisions().Search(kFujianRange, part, 10); }));
  };
  // When searching for each special character, Then only the name holding it matches
  EXPECT_EQ(search("%"), (std::vector<std::string>{"350921101001"}));
  EXPECT_EQ(search("_"), (std::vector<std::string>{"350921101002"}));
  EXPECT_EQ(search("\\"), (std::vector<std::string>{"350921101003"}));
  EXPECT_EQ(search("%村"), (std::vector<std::string>{"350921101001"}));
  EXPECT_EQ(search("村").size(), 4u);
}

TEST_P(StoreTest, DivisionCountAndForEachSkipTheNation) {
  SeedDivisions();
  EXPECT_EQ(ReadValue([](Tx& tx) { return tx.divisions().Count(); }),
            static_cast<int64_t>(SampleDivisions().size()));
  // ForEach visits every imported division once (order unspecified).
  std::vector<std::string> seen;
  ASSERT_OK(store().Read([&](Tx& tx) {
    return tx.divisions().ForEach([&](const Division& d) {
      seen.push_back(d.code);
      return true;
    });
  }));
  auto expected = Codes(SampleDivisions());
  std::sort(seen.begin(), seen.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(seen, expected);
  // And stops when told to.
  int calls = 0;
  ASSERT_OK(store().Read([&](Tx& tx) {
    return tx.divisions().ForEach([&](const Division&) {
      ++calls;
      return false;
    });
  }));
  EXPECT_EQ(calls, 1);
}

// ---- Units ----------------------------------------------------------------------------

TEST_P(StoreTest, UnitRoundTripsThroughCreateGetAndUpdate) {
  SeedDivisions();
  // Given a county government and its petition bureau
  const int64_t gov = CreateUnit(MakeUnit("霞浦县人民政府", kXiapu));
  auto bureau = MakeUnit("霞浦县信访局", kXiapu);
  bureau.kind = domain::UnitKind::kPetitionBureau;
  bureau.parent_id = gov;
  const int64_t id = CreateUnit(bureau);
  // When it is read back
  auto got = ReadValue([&](Tx& tx) { return tx.directory().GetUnit(id); });
  // Then every field is kept
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, id);
  EXPECT_EQ(got->name, "霞浦县信访局");
  EXPECT_EQ(got->kind, domain::UnitKind::kPetitionBureau);
  EXPECT_EQ(got->division_code, kXiapu);
  EXPECT_EQ(got->county_code, kXiapu);
  EXPECT_EQ(got->parent_id, std::optional<int64_t>(gov));
  EXPECT_FALSE(got->disabled);
  EXPECT_EQ(got->created_at_ms, kT0);
  // When it is renamed, moved, detached and disabled
  domain::Unit changed = *got;
  changed.name = "古田县信访局";
  changed.division_code = kGutian;
  changed.county_code = kGutian;
  changed.parent_id.reset();
  changed.disabled = true;
  changed.created_at_ms = 1;  // Not updatable.
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.directory().UpdateUnit(changed); }));
  // Then the update is visible
  got = ReadValue([&](Tx& tx) { return tx.directory().GetUnit(id); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->name, "古田县信访局");
  EXPECT_EQ(got->division_code, kGutian);
  EXPECT_FALSE(got->parent_id.has_value());
  EXPECT_TRUE(got->disabled);
  EXPECT_EQ(got->created_at_ms, kT0);
  EXPECT_FALSE(ReadValue([](Tx& tx) { return tx.directory().GetUnit(9999); }).has_value());
}

TEST_P(StoreTest, UnitNameIsUniqueWithinItsDivision) {
  SeedDivisions();
  CreateUnit(MakeUnit("民政局", kXiapu));
  // When the same name is used again in the same division, Then it conflicts
  EXPECT_EQ(CodeOf(WriteStatus(
                [](Tx& tx) { return tx.directory().CreateUnit(MakeUnit("民政局", kXiapu)); })),
            "conflict");
  // When it is used in another division, Then it is accepted
  const int64_t other = CreateUnit(MakeUnit("民政局", kGutian));
  EXPECT_GT(other, 0);
  // When that one is moved next to its namesake, Then it conflicts
  auto moved = MakeUnit("民政局", kXiapu);
  moved.id = other;
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.directory().UpdateUnit(moved); })),
            "conflict");
}

TEST_P(StoreTest, UnitNeedsAKnownDivisionAndParent) {
  SeedDivisions();
  EXPECT_EQ(CodeOf(WriteStatus([](Tx& tx) {
              return tx.directory().CreateUnit(MakeUnit("无处单位", "350921999000"));
            })),
            "conflict");
  auto orphan = MakeUnit("孤儿单位", kXiapu);
  orphan.parent_id = 9999;
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.directory().CreateUnit(orphan); })),
            "conflict");
}

TEST_P(StoreTest, UpdatingAMissingUnitIsNotFound) {
  SeedDivisions();
  auto ghost = MakeUnit("不存在", kXiapu);
  ghost.id = 9999;
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.directory().UpdateUnit(ghost); })),
            "not_found");
}

TEST_P(StoreTest, UnitListFollowsRangesInIdOrderWithKeysetPages) {
  // Given units alternating between Fujian and Beijing
  SeedDivisions();
  std::vector<int64_t> fujian, all;
  for (int i = 0; i < 5; ++i) {
    const bool in_fujian = i % 2 == 0;
    const int64_t id =
        CreateUnit(MakeUnit("单位" + std::to_string(i), in_fujian ? kXiapu : kDongcheng));
    all.push_back(id);
    if (in_fujian) fujian.push_back(id);
  }
  // Then a range lists only its own units, several ranges merge in id order
  EXPECT_EQ(Ids(ListUnits({kFujianRange}, 100)), fujian);
  EXPECT_EQ(Ids(ListUnits({kBeijingRange, kFujianRange}, 100)), all);
  EXPECT_EQ(Ids(ListUnits({RangeOf(kGutian, DivisionLevel::kCounty)}, 100)),
            std::vector<int64_t>{});
  EXPECT_TRUE(ListUnits({}, 100).empty());
  // And pages continue after the last id seen
  EXPECT_EQ(Ids(ListUnits({kFujianRange}, 2)), (std::vector<int64_t>{fujian[0], fujian[1]}));
  EXPECT_EQ(Ids(ListUnits({kFujianRange}, 2, fujian[1])), (std::vector<int64_t>{fujian[2]}));
  EXPECT_EQ(Ids(ListUnits({kBeijingRange, kFujianRange}, 3, all[1])),
            (std::vector<int64_t>{all[2], all[3], all[4]}));
}

// ---- Users ----------------------------------------------------------------------------

TEST_P(StoreTest, UserRoundTripsThroughCreateGetAndCredentials) {
  SeedDivisions();
  const int64_t unit = CreateUnit(MakeUnit("霞浦县信访局", kXiapu));
  // Given a user created with a password hash
  auto input = MakeUser("xp.clerk", unit);
  input.disabled = true;
  const int64_t id = CreateUser(input, "argon2id$hash");
  // When read by id, Then the fields are kept and the login state starts clean
  auto user = GetUser(id);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->id, id);
  EXPECT_EQ(user->username, "xp.clerk");
  EXPECT_EQ(user->display_name, "用户 xp.clerk");
  EXPECT_EQ(user->unit_id, unit);
  EXPECT_TRUE(user->disabled);
  EXPECT_EQ(user->failed_logins, 0);
  EXPECT_EQ(user->locked_until_ms, 0);
  EXPECT_EQ(user->created_at_ms, kT0);
  EXPECT_TRUE(user->roles.empty());
  EXPECT_TRUE(user->scope_codes.empty());
  // When read by name for authentication, Then the hash comes along
  auto creds = ReadValue([](Tx& tx) { return tx.directory().GetCredentials("xp.clerk"); });
  ASSERT_TRUE(creds.has_value());
  EXPECT_EQ(creds->user.id, id);
  EXPECT_EQ(creds->password_hash, "argon2id$hash");
  // And unknown users are absent, not errors
  EXPECT_FALSE(
      ReadValue([](Tx& tx) { return tx.directory().GetCredentials("nobody"); }).has_value());
  EXPECT_FALSE(GetUser(9999).has_value());
}

TEST_P(StoreTest, UsernameIsUnique) {
  CreateUser(MakeUser("admin", 0));
  EXPECT_EQ(CodeOf(WriteStatus(
                [](Tx& tx) { return tx.directory().CreateUser(MakeUser("admin", 0), "other"); })),
            "conflict");
}

TEST_P(StoreTest, UserNeedsAKnownUnit) {
  EXPECT_EQ(CodeOf(WriteStatus(
                [](Tx& tx) { return tx.directory().CreateUser(MakeUser("lost", 9999), "hash"); })),
            "conflict");
}

TEST_P(StoreTest, UserListByRangesAddsNationWideUsersOnlyForTheNationRange) {
  // Given a user in Fujian, one in Beijing and a nation-wide one without a unit
  SeedDivisions();
  const int64_t a = CreateUser(MakeUser("fujian", CreateUnit(MakeUnit("霞浦县政府", kXiapu))));
  const int64_t b = CreateUser(MakeUser("beijing", CreateUnit(MakeUnit("东城区政府", kDongcheng))));
  const int64_t c = CreateUser(MakeUser("nation", 0));
  UserFilter f;
  // Then each range lists its own users
  f.ranges = {kFujianRange};
  EXPECT_EQ(Ids(ListUsers(f)), std::vector<int64_t>{a});
  f.ranges = {kBeijingRange, kFujianRange};
  EXPECT_EQ(Ids(ListUsers(f)), (std::vector<int64_t>{a, b}));
  // And only the nation range adds the users without a unit
  f.ranges = {kNationRange};
  EXPECT_EQ(Ids(ListUsers(f)), (std::vector<int64_t>{a, b, c}));
  // And pages keep id order across both sources
  f.limit = 2;
  EXPECT_EQ(Ids(ListUsers(f)), (std::vector<int64_t>{a, b}));
  f.after_id = a;
  EXPECT_EQ(Ids(ListUsers(f)), (std::vector<int64_t>{b, c}));
  f.ranges = {};
  EXPECT_TRUE(ListUsers(f).empty());
}

TEST_P(StoreTest, UserListByUnitPagesById) {
  SeedDivisions();
  const int64_t unit = CreateUnit(MakeUnit("霞浦县信访局", kXiapu));
  const int64_t other = CreateUnit(MakeUnit("古田县信访局", kGutian));
  const int64_t u1 = CreateUser(MakeUser("one", unit));
  CreateUser(MakeUser("elsewhere", other));
  const int64_t u2 = CreateUser(MakeUser("two", unit));
  const int64_t u3 = CreateUser(MakeUser("three", unit));
  UserFilter f;
  f.unit_id = unit;
  f.ranges = {kNationRange};  // Ignored when a unit is given.
  f.limit = 2;
  EXPECT_EQ(Ids(ListUsers(f)), (std::vector<int64_t>{u1, u2}));
  f.after_id = u2;
  EXPECT_EQ(Ids(ListUsers(f)), std::vector<int64_t>{u3});
}

TEST_P(StoreTest, UserUpdateChangesNameUnitAndDisabled) {
  SeedDivisions();
  const int64_t unit = CreateUnit(MakeUnit("霞浦县信访局", kXiapu));
  const int64_t other = CreateUnit(MakeUnit("古田县信访局", kGutian));
  const int64_t id = CreateUser(MakeUser("mover", unit));
  // When the user is renamed, moved and disabled
  auto user = *GetUser(id);
  user.display_name = "调动人员";
  user.unit_id = other;
  user.disabled = true;
  user.username = "ignored";  // Login names do not change.
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.directory().UpdateUser(user); }));
  // Then the changes are read back
  auto got = GetUser(id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->display_name, "调动人员");
  EXPECT_EQ(got->unit_id, other);
  EXPECT_TRUE(got->disabled);
  EXPECT_EQ(got->username, "mover");
  // When the unit is removed, Then the user becomes nation-wide
  user.unit_id = 0;
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.directory().UpdateUser(user); }));
  EXPECT_EQ(GetUser(id)->unit_id, 0);
  UserFilter nation;
  nation.ranges = {kNationRange};
  EXPECT_EQ(Ids(ListUsers(nation)), std::vector<int64_t>{id});
  // And a missing user is not found
  user.id = 9999;
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.directory().UpdateUser(user); })),
            "not_found");
}

TEST_P(StoreTest, LoginFailuresAreStoredAndSetPasswordClearsTheLock) {
  const int64_t id = CreateUser(MakeUser("locked", 0), "old");
  // Given a user locked after failures
  ASSERT_OK(WriteStatus(
      [&](Tx& tx) { return tx.directory().SetLoginFailures(id, 5, kT0, kT0 + 900'000); }));
  auto user = GetUser(id);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->failed_logins, 5);
  EXPECT_EQ(user->failure_window_start_ms, kT0);
  EXPECT_EQ(user->locked_until_ms, kT0 + 900'000);
  // When the password is reset
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.directory().SetPassword(id, "new", kT0 + 1); }));
  // Then the new hash is used and the lock is gone
  auto creds = ReadValue([](Tx& tx) { return tx.directory().GetCredentials("locked"); });
  ASSERT_TRUE(creds.has_value());
  EXPECT_EQ(creds->password_hash, "new");
  EXPECT_EQ(creds->user.failed_logins, 0);
  EXPECT_EQ(creds->user.locked_until_ms, 0);
  // And a missing user is not found
  EXPECT_EQ(CodeOf(WriteStatus([](Tx& tx) { return tx.directory().SetPassword(9999, "x", 0); })),
            "not_found");
}

// ---- Roles and grants -----------------------------------------------------------------

TEST_P(StoreTest, RolesAreListedByIdAndUpdatedByName) {
  // Given two roles
  const int64_t clerk = CreateRole(MakeRole("clerk", {"petition.read", "petition.write"}));
  auto auditor_in = MakeRole("auditor", {"audit.read"});
  auditor_in.builtin = true;
  const int64_t auditor = CreateRole(auditor_in);
  // Then they are listed in creation order and read back by name
  auto roles = ReadValue([](Tx& tx) { return tx.directory().ListRoles(); });
  EXPECT_EQ(Ids(roles), (std::vector<int64_t>{clerk, auditor}));
  auto got = ReadValue([](Tx& tx) { return tx.directory().GetRole("auditor"); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, auditor);
  EXPECT_EQ(got->title_zh, "角色 auditor");
  EXPECT_EQ(got->permissions, std::vector<std::string>{"audit.read"});
  EXPECT_TRUE(got->builtin);
  EXPECT_FALSE(ReadValue([](Tx& tx) { return tx.directory().GetRole("ghost"); }).has_value());
  // When a name is reused, Then it conflicts
  EXPECT_EQ(
      CodeOf(WriteStatus([](Tx& tx) { return tx.directory().CreateRole(MakeRole("clerk", {})); })),
      "conflict");
  // When a role is updated by name, Then title, permissions and flag change
  auto update = MakeRole("clerk", {"petition.read"});
  update.title_zh = "办事员";
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.directory().UpdateRole(update); }));
  got = ReadValue([](Tx& tx) { return tx.directory().GetRole("clerk"); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, clerk);
  EXPECT_EQ(got->title_zh, "办事员");
  EXPECT_EQ(got->permissions, std::vector<std::string>{"petition.read"});
  EXPECT_FALSE(got->builtin);
  // And updating a missing role is not found
  EXPECT_EQ(
      CodeOf(WriteStatus([](Tx& tx) { return tx.directory().UpdateRole(MakeRole("ghost", {})); })),
      "not_found");
}

TEST_P(StoreTest, RoleCannotBeDeletedWhileGranted) {
  // Given a role granted to a user
  CreateRole(MakeRole("clerk", {"petition.read"}));
  const int64_t user = CreateUser(MakeUser("holder", 0));
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.directory().SetUserRoles(user, {"clerk"}); }));
  // When deleting it, Then it conflicts
  EXPECT_EQ(CodeOf(WriteStatus([](Tx& tx) { return tx.directory().DeleteRole("clerk"); })),
            "conflict");
  // When the grant is withdrawn, Then it can be deleted, once
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.directory().SetUserRoles(user, {}); }));
  EXPECT_OK(WriteStatus([](Tx& tx) { return tx.directory().DeleteRole("clerk"); }));
  EXPECT_FALSE(ReadValue([](Tx& tx) { return tx.directory().GetRole("clerk"); }).has_value());
  EXPECT_EQ(CodeOf(WriteStatus([](Tx& tx) { return tx.directory().DeleteRole("clerk"); })),
            "not_found");
}

TEST_P(StoreTest, GrantsReplacePreviousOnesAndReadBackSorted) {
  SeedDivisions();
  CreateRole(MakeRole("leader", {"petition.assign"}));
  CreateRole(MakeRole("clerk", {"petition.read"}));
  CreateRole(MakeRole("auditor", {"audit.read"}));
  const int64_t user = CreateUser(MakeUser("granted", 0));
  // When roles and scopes are set
  ASSERT_OK(WriteStatus([&](Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(tx.directory().SetUserRoles(user, {"leader", "auditor"}));
    return tx.directory().SetUserScopes(user, {kXiapu, kBeijing});
  }));
  // Then grants come back sorted by role name and by code, with their details
  auto grants = ReadValue([&](Tx& tx) { return tx.directory().GetGrants(user); });
  ASSERT_EQ(grants.roles.size(), 2u);
  EXPECT_EQ(grants.roles[0].name, "auditor");
  EXPECT_EQ(grants.roles[0].permissions, std::vector<std::string>{"audit.read"});
  EXPECT_EQ(grants.roles[1].name, "leader");
  EXPECT_EQ(Codes(grants.scopes), (std::vector<std::string>{kBeijing, kXiapu}));
  EXPECT_EQ(grants.scopes[1].name, "霞浦县");
  // And reads of the user carry them
  auto got = GetUser(user);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->roles, (std::vector<std::string>{"auditor", "leader"}));
  EXPECT_EQ(got->scope_codes, (std::vector<std::string>{kBeijing, kXiapu}));
  UserFilter nation;
  nation.ranges = {kNationRange};
  EXPECT_EQ(ListUsers(nation).at(0).roles, (std::vector<std::string>{"auditor", "leader"}));
  // When they are set again, Then the old ones are gone
  ASSERT_OK(WriteStatus([&](Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(tx.directory().SetUserRoles(user, {"clerk"}));
    return tx.directory().SetUserScopes(user, {kGutian});
  }));
  grants = ReadValue([&](Tx& tx) { return tx.directory().GetGrants(user); });
  ASSERT_EQ(grants.roles.size(), 1u);
  EXPECT_EQ(grants.roles[0].name, "clerk");
  EXPECT_EQ(Codes(grants.scopes), std::vector<std::string>{kGutian});
  // And an unknown role is not found, leaving the grants as they were
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) {
              return tx.directory().SetUserRoles(user, {"auditor", "ghost"});
            })),
            "not_found");
  EXPECT_EQ(GetUser(user)->roles, std::vector<std::string>{"clerk"});
  // And an unknown scope division conflicts
  EXPECT_EQ(CodeOf(WriteStatus(
                [&](Tx& tx) { return tx.directory().SetUserScopes(user, {"350921999000"}); })),
            "conflict");
  // And a user without grants has none
  const int64_t plain = CreateUser(MakeUser("plain", 0));
  grants = ReadValue([&](Tx& tx) { return tx.directory().GetGrants(plain); });
  EXPECT_TRUE(grants.roles.empty());
  EXPECT_TRUE(grants.scopes.empty());
}

// ---- Sessions and tokens --------------------------------------------------------------

TEST_P(StoreTest, SessionIsCreatedTouchedAndDeleted) {
  const int64_t user = CreateUser(MakeUser("sessioned", 0));
  // Given a session
  const SessionRow s{"sess-hash", user, "csrf-hash", kT0, kT0};
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.auth().CreateSession(s); }));
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.auth().CreateSession(s); })), "conflict");
  auto got = GetSession("sess-hash");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->user_id, user);
  EXPECT_EQ(got->csrf_hash, "csrf-hash");
  EXPECT_EQ(got->created_at_ms, kT0);
  EXPECT_EQ(got->last_seen_ms, kT0);
  // When it is touched, Then only last_seen moves
  ASSERT_OK(WriteStatus([](Tx& tx) { return tx.auth().TouchSession("sess-hash", kT0 + 5000); }));
  got = GetSession("sess-hash");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->last_seen_ms, kT0 + 5000);
  EXPECT_EQ(got->created_at_ms, kT0);
  // When it is deleted, Then it is gone
  ASSERT_OK(WriteStatus([](Tx& tx) { return tx.auth().DeleteSession("sess-hash"); }));
  EXPECT_FALSE(GetSession("sess-hash").has_value());
  EXPECT_FALSE(GetSession("never").has_value());
}

TEST_P(StoreTest, SessionsAreDeletedPerUserAndWhenExpired) {
  const int64_t u1 = CreateUser(MakeUser("first", 0));
  const int64_t u2 = CreateUser(MakeUser("second", 0));
  // Given sessions of two users: a fresh, b idle, c fresh, d too old
  ASSERT_OK(WriteStatus([&](Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(tx.auth().CreateSession({"a", u1, "ca", 1000, 9000}));
    SIXIA_RETURN_IF_ERROR(tx.auth().CreateSession({"b", u1, "cb", 5000, 5000}));
    SIXIA_RETURN_IF_ERROR(tx.auth().CreateSession({"c", u2, "cc", 8000, 8000}));
    return tx.auth().CreateSession({"d", u2, "cd", 100, 9500});
  }));
  // When expired sessions are removed (idle before 6000 or created before 500)
  ASSERT_OK(WriteStatus([](Tx& tx) { return tx.auth().DeleteExpiredSessions(6000, 500); }));
  // Then only the idle and the old one are gone
  EXPECT_TRUE(GetSession("a").has_value());
  EXPECT_FALSE(GetSession("b").has_value());
  EXPECT_TRUE(GetSession("c").has_value());
  EXPECT_FALSE(GetSession("d").has_value());
  // When the first user's sessions are removed, Then the second user's stay
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.auth().DeleteUserSessions(u1); }));
  EXPECT_FALSE(GetSession("a").has_value());
  EXPECT_TRUE(GetSession("c").has_value());
}

TEST_P(StoreTest, AuthEpochMovesWhenWhatCallersDependOnChanges) {
  auto epoch = [&] { return ReadValue([](Tx& tx) { return tx.auth().Epoch(); }); };
  SeedDivisions();
  const int64_t user = CreateUser(MakeUser("watched", 0));
  CreateRole({0, "helper_role", "助手", {"unit.read"}, false});
  ApiToken t;
  t.user_id = user;
  t.name = "t";
  t.token_hash = "epoch-hash";
  t.created_at_ms = kT0;
  t.expires_at_ms = kT0 + 1000;
  const int64_t token = WriteValue([&](Tx& tx) { return tx.auth().CreateToken(t); });
  ASSERT_OK(WriteStatus([&](Tx& tx) {
    return tx.auth().CreateSession({"epoch-session", user, "csrf", kT0, kT0});
  }));
  // Each change below must move the epoch; reads and login bookkeeping must not.
  const std::vector<std::pair<const char*, std::function<Status(Tx&)>>> changes = {
      {"grant role", [&](Tx& tx) { return tx.directory().SetUserRoles(user, {"helper_role"}); }},
      {"grant scope", [&](Tx& tx) { return tx.directory().SetUserScopes(user, {kXiapu}); }},
      {"role change", [&](Tx& tx) { return tx.directory().UpdateRole({0, "helper_role", "助手", {"unit.read", "user.read"}, false}); }},
      {"disable", [&](Tx& tx) {
         auto u = *tx.directory().GetUser(user).value();
         u.disabled = true;
         return tx.directory().UpdateUser(u);
       }},
      {"password", [&](Tx& tx) { return tx.directory().SetPassword(user, "new-hash", kT0); }},
      {"logout", [&](Tx& tx) { return tx.auth().DeleteSession("epoch-session"); }},
      {"revoke", [&](Tx& tx) { return tx.auth().RevokeToken(token, kT0); }},
  };
  for (const auto& [what, change] : changes) {
    const int64_t before = epoch();
    ASSERT_OK(store().Write(change));
    EXPECT_GT(epoch(), before) << what;
  }
  const int64_t before = epoch();
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.directory().SetLoginFailures(user, 1, kT0, 0); }));
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.auth().TouchSession("none", kT0); }));
  EXPECT_EQ(epoch(), before);
}

TEST_P(StoreTest, DivisionVersionMovesOnlyWhenTheTreeChanges) {
  auto version = [&] { return ReadValue([](Tx& tx) { return tx.divisions().Version(); }); };
  const int64_t v0 = version();
  SeedDivisions();
  const int64_t v1 = version();
  EXPECT_GT(v1, v0);
  ASSERT_OK(WriteStatus([](Tx& tx) { return tx.divisions().Upsert({}); }));
  EXPECT_EQ(version(), v1);
}

TEST_P(StoreTest, TokenIsFoundByHashListedAndRevokedOnce) {
  const int64_t u1 = CreateUser(MakeUser("first", 0));
  const int64_t u2 = CreateUser(MakeUser("second", 0));
  auto token = [](int64_t user, std::string name, std::string hash) {
    ApiToken t;
    t.user_id = user;
    t.name = std::move(name);
    t.token_hash = std::move(hash);
    t.created_at_ms = kT0;
    t.expires_at_ms = kT0 + 86'400'000;
    t.revoked_at_ms = kT0;  // Ignored on create.
    return t;
  };
  // Given tokens of two users
  const int64_t t1 =
      WriteValue([&](Tx& tx) { return tx.auth().CreateToken(token(u1, "ci", "h1")); });
  const int64_t t2 =
      WriteValue([&](Tx& tx) { return tx.auth().CreateToken(token(u1, "bi", "h2")); });
  WriteValue([&](Tx& tx) { return tx.auth().CreateToken(token(u2, "x", "h3")); });
  EXPECT_EQ(
      CodeOf(WriteStatus([&](Tx& tx) { return tx.auth().CreateToken(token(u2, "y", "h1")); })),
      "conflict");
  // Then a token is found by its hash, and a user's tokens are listed by id
  auto got = ReadValue([](Tx& tx) { return tx.auth().GetTokenByHash("h2"); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, t2);
  EXPECT_EQ(got->user_id, u1);
  EXPECT_EQ(got->name, "bi");
  EXPECT_EQ(got->created_at_ms, kT0);
  EXPECT_EQ(got->expires_at_ms, kT0 + 86'400'000);
  EXPECT_FALSE(got->revoked_at_ms.has_value());
  EXPECT_FALSE(ReadValue([](Tx& tx) { return tx.auth().GetTokenByHash("nope"); }).has_value());
  EXPECT_EQ(Ids(ReadValue([&](Tx& tx) { return tx.auth().ListTokens(u1); })),
            (std::vector<int64_t>{t1, t2}));
  // When a token is revoked, Then it records when
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.auth().RevokeToken(t1, kT0 + 7); }));
  got = ReadValue([](Tx& tx) { return tx.auth().GetTokenByHash("h1"); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->revoked_at_ms, std::optional<int64_t>(kT0 + 7));
  // And a second revocation, or of an unknown token, is not found
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.auth().RevokeToken(t1, kT0 + 8); })),
            "not_found");
  EXPECT_EQ(CodeOf(WriteStatus([](Tx& tx) { return tx.auth().RevokeToken(9999, kT0); })),
            "not_found");
}

// ---- Audit ----------------------------------------------------------------------------

domain::AuditRecord NextRecord(const AuditHead& head, std::string action) {
  domain::AuditRecord r;
  r.seq = head.seq + 1;
  r.at_ms = kT0 + r.seq;
  r.actor_id = 7;
  r.actor = "admin";
  r.action = std::move(action);
  r.object = "user:" + std::to_string(r.seq);
  r.outcome = r.seq == 2 ? domain::AuditOutcome::kDenied : domain::AuditOutcome::kOk;
  r.source = "127.0.0.1";
  r.detail = "{}";
  r.prev_hash = head.hash;
  r.hash = std::string(63, 'a') + std::to_string(r.seq);
  return r;
}

TEST_P(StoreTest, AuditHeadStartsAtSeqZeroWithZeroHash) {
  auto head = ReadValue([](Tx& tx) { return tx.audit().Head(); });
  EXPECT_EQ(head.seq, 0);
  EXPECT_EQ(head.hash, std::string(64, '0'));
  EXPECT_TRUE(ReadValue([](Tx& tx) { return tx.audit().List({}); }).empty());
}

TEST_P(StoreTest, AuditAppendMovesTheHeadAndListsInSeqOrder) {
  // Given three records appended as the application does: lock the head, append after it
  for (const char* action : {"user.create", "session.login", "user.create"}) {
    ASSERT_OK(WriteStatus([&](Tx& tx) -> Status {
      SIXIA_ASSIGN_OR_RETURN(AuditHead head, tx.audit().LockHead());
      return tx.audit().Append(NextRecord(head, action));
    }));
  }
  // Then the head is the last record
  auto head = ReadValue([](Tx& tx) { return tx.audit().Head(); });
  EXPECT_EQ(head.seq, 3);
  EXPECT_EQ(head.hash, std::string(63, 'a') + "3");
  // And records come back whole, in seq order
  auto all = ReadValue([](Tx& tx) { return tx.audit().List({}); });
  ASSERT_EQ(all.size(), 3u);
  const auto& second = all[1];
  EXPECT_EQ(second.seq, 2);
  EXPECT_EQ(second.at_ms, kT0 + 2);
  EXPECT_EQ(second.actor_id, 7);
  EXPECT_EQ(second.actor, "admin");
  EXPECT_EQ(second.action, "session.login");
  EXPECT_EQ(second.object, "user:2");
  EXPECT_EQ(second.outcome, domain::AuditOutcome::kDenied);
  EXPECT_EQ(second.source, "127.0.0.1");
  EXPECT_EQ(second.detail, "{}");
  EXPECT_EQ(second.prev_hash, all[0].hash);
  EXPECT_EQ(second.hash, std::string(63, 'a') + "2");
  auto seqs = [](const std::vector<domain::AuditRecord>& v) {
    std::vector<int64_t> out;
    for (const auto& r : v) out.push_back(r.seq);
    return out;
  };
  // And pages, limits and the action filter hold
  EXPECT_EQ(seqs(ReadValue([](Tx& tx) {
              return tx.audit().List({1, 1, ""});
            })),
            std::vector<int64_t>{2});
  EXPECT_EQ(seqs(ReadValue([](Tx& tx) {
              return tx.audit().List({0, 100, "user.create"});
            })),
            (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(seqs(ReadValue([](Tx& tx) {
              return tx.audit().List({1, 100, "user.create"});
            })),
            std::vector<int64_t>{3});
  EXPECT_TRUE(ReadValue([](Tx& tx) { return tx.audit().List({0, 100, "nothing"}); }).empty());
  // And ForEach visits all in order, or stops early
  std::vector<int64_t> visited;
  ASSERT_OK(store().Read([&](Tx& tx) {
    return tx.audit().ForEach([&](const domain::AuditRecord& r) {
      visited.push_back(r.seq);
      return true;
    });
  }));
  EXPECT_EQ(visited, (std::vector<int64_t>{1, 2, 3}));
  visited.clear();
  ASSERT_OK(store().Read([&](Tx& tx) {
    return tx.audit().ForEach([&](const domain::AuditRecord& r) {
      visited.push_back(r.seq);
      return r.seq < 2;
    });
  }));
  EXPECT_EQ(visited, (std::vector<int64_t>{1, 2}));
}

TEST_P(StoreTest, AuditSeqCannotBeReused) {
  ASSERT_OK(WriteStatus([](Tx& tx) { return tx.audit().Append(NextRecord({0, "0"}, "a")); }));
  // When a record reuses seq 1, Then it conflicts and the head stays
  EXPECT_EQ(CodeOf(WriteStatus([](Tx& tx) {
              return tx.audit().Append(NextRecord({0, "x"}, "b"));
            })),
            "conflict");
  auto head = ReadValue([](Tx& tx) { return tx.audit().Head(); });
  EXPECT_EQ(head.seq, 1);
  EXPECT_EQ(head.hash, std::string(63, 'a') + "1");
}

// ---- Transactions ---------------------------------------------------------------------

TEST_P(StoreTest, FailedWriteLeavesNoTrace) {
  SeedDivisions();
  // When a write changes every repository and then fails
  const Status st = store().Write([](Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(int64_t unit, tx.directory().CreateUnit(MakeUnit("临时单位", kXiapu)));
    SIXIA_ASSIGN_OR_RETURN(int64_t user, tx.directory().CreateUser(MakeUser("temp", unit), "h"));
    SIXIA_RETURN_IF_ERROR(
        tx.divisions().Upsert({{"350921101009", "临时村", DivisionLevel::kVillage, kSongcheng}}));
    SIXIA_RETURN_IF_ERROR(tx.auth().CreateSession({"temp-session", user, "c", kT0, kT0}));
    SIXIA_RETURN_IF_ERROR(tx.audit().Append(NextRecord({0, std::string(64, '0')}, "unit.create")));
    // (The transaction sees its own changes.)
    SIXIA_ASSIGN_OR_RETURN(auto seen, tx.directory().GetUnit(unit));
    EXPECT_TRUE(seen.has_value());
    return InvalidArgument("changed my mind", "改主意了", "name");
  });
  // Then its own error comes back as is
  EXPECT_EQ(CodeOf(st), "invalid_argument");
  EXPECT_EQ(st.message(), "changed my mind");
  EXPECT_EQ(st.field(), "name");
  // And nothing it did is visible
  EXPECT_TRUE(ListUnits({kNationRange}, 100).empty());
  EXPECT_FALSE(ReadValue([](Tx& tx) { return tx.directory().GetCredentials("temp"); }).has_value());
  EXPECT_FALSE(ReadValue([](Tx& tx) { return tx.divisions().Get("350921101009"); }).has_value());
  EXPECT_FALSE(GetSession("temp-session").has_value());
  EXPECT_EQ(ReadValue([](Tx& tx) { return tx.audit().Head(); }).seq, 0);
  // And the store goes on working
  EXPECT_GT(CreateUnit(MakeUnit("临时单位", kXiapu)), 0);
}

TEST_P(StoreTest, ReadCannotWrite) {
  // When a read transaction tries to change data
  const Status st = store().Read([](Tx& tx) {
    return tx.divisions().Upsert(
        {{"350000000000", "福建省", DivisionLevel::kProvince, domain::kNationCode}});
  });
  // Then it fails and nothing changes
  EXPECT_FALSE(st.ok());
  EXPECT_FALSE(ReadValue([](Tx& tx) { return tx.divisions().Get(kFujian); }).has_value());
  // And the store still serves reads and writes afterwards
  SeedDivisions();
  EXPECT_TRUE(ReadValue([](Tx& tx) { return tx.divisions().Get(kFujian); }).has_value());
}

TEST_P(StoreTest, ConcurrentWritesAllCommit) {
  // Given 8 threads each writing 50 units in separate transactions
  SeedDivisions();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const auto unit = MakeUnit("单位-" + std::to_string(t) + "-" + std::to_string(i), kXiapu);
        const Status st =
            store().Write([&](Tx& tx) { return tx.directory().CreateUnit(unit).status(); });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  // Then every write succeeded and every unit is visible once
  EXPECT_EQ(failures.load(), 0);
  const auto units = ListUnits({kNationRange}, 1000);
  EXPECT_EQ(units.size(), static_cast<size_t>(kThreads * kPerThread));
  const auto ids = Ids(units);
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), ids.size());
}

TEST_P(StoreTest, AsyncWritesEachGetTheirOwnOutcomeOnceDurable) {
  // Given 200 writes queued without waiting, every fourth failing after its insert
  SeedDivisions();
  constexpr int kWrites = 200;
  std::mutex mu;
  std::condition_variable cv;
  int answered = 0;
  std::vector<std::optional<Status>> outcomes(kWrites);
  for (int i = 0; i < kWrites; ++i) {
    const bool fail = i % 4 == 0;
    const auto unit = MakeUnit("异步单位-" + std::to_string(i), kXiapu);
    store().WriteAsync(
        [unit, fail](Tx& tx) -> Status {
          SIXIA_RETURN_IF_ERROR(tx.directory().CreateUnit(unit).status());
          if (fail) return Conflict("deliberate", "故意失败");
          return Status::Ok();
        },
        [&, i](Status st) {
          std::lock_guard lock(mu);
          outcomes[i] = std::move(st);
          ++answered;
          cv.notify_all();
        });
  }
  // When every completion has run
  std::unique_lock lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return answered == kWrites; }));
  // Then each write got its own outcome, exactly once, and exactly the good ones are visible
  EXPECT_EQ(answered, kWrites);
  for (int i = 0; i < kWrites; ++i) {
    ASSERT_TRUE(outcomes[i].has_value()) << i;
    EXPECT_EQ(outcomes[i]->ok(), i % 4 != 0) << i;
    if (i % 4 == 0) {
      EXPECT_EQ(outcomes[i]->code(), ErrorCode::kConflict) << i;
    }
  }
  lock.unlock();
  EXPECT_EQ(ListUnits({kNationRange}, 1000).size(), static_cast<size_t>(kWrites - kWrites / 4));
}

TEST_P(StoreTest, ConcurrentFailedWritesDoNotUndoTheirNeighbours) {
  // Given 8 threads whose every third write inserts a unit and then fails
  SeedDivisions();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 30;
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const bool fail = i % 3 == 0;
        const auto unit = MakeUnit("单位-" + std::to_string(t) + "-" + std::to_string(i), kXiapu);
        const Status st = store().Write([&](Tx& tx) -> Status {
          SIXIA_RETURN_IF_ERROR(tx.directory().CreateUnit(unit).status());
          if (fail) return Conflict("deliberate", "故意失败");
          return Status::Ok();
        });
        if (st.ok() == fail) ++unexpected;
      }
    });
  }
  for (auto& th : threads) th.join();
  // Then exactly the successful writes are visible
  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_EQ(ListUnits({kNationRange}, 1000).size(),
            static_cast<size_t>(kThreads * (kPerThread - kPerThread / 3)));
}

TEST_P(StoreTest, ConcurrentAuditAppendsKeepTheChainGapless) {
  // Given 8 threads each appending 20 records after the head they lock
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        const Status st = store().Write([](Tx& tx) -> Status {
          SIXIA_ASSIGN_OR_RETURN(AuditHead head, tx.audit().LockHead());
          return tx.audit().Append(NextRecord(head, "concurrent"));
        });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  // Then every append succeeded, seqs have no gaps and each record links to the previous
  EXPECT_EQ(failures.load(), 0);
  std::vector<domain::AuditRecord> all;
  ASSERT_OK(store().Read([&](Tx& tx) {
    return tx.audit().ForEach([&](const domain::AuditRecord& r) {
      all.push_back(r);
      return true;
    });
  }));
  ASSERT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  std::string prev(64, '0');
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(all[i].prev_hash, prev);
    prev = all[i].hash;
  }
  EXPECT_EQ(ReadValue([](Tx& tx) { return tx.audit().Head(); }).seq, kThreads * kPerThread);
}

TEST_P(StoreTest, ReadReturnsTheCallbackStatusAsIs) {
  const Status st = store().Read([](Tx&) { return NotFound("absent", "不存在", "id"); });
  EXPECT_EQ(CodeOf(st), "not_found");
  EXPECT_EQ(st.message(), "absent");
  EXPECT_EQ(st.field(), "id");
}

TEST_P(StoreTest, OnlineBackupIsForSqliteOnly) {
  const std::string target =
      (fs::temp_directory_path() / ("sixia-store-backup-" + RandomHex(16) + ".db")).string();
  const Status st = store().BackupTo(target);
  if (GetParam() == Backend::kSqlite) {
    EXPECT_OK(st);
    EXPECT_TRUE(fs::exists(target));
    // A second backup to the same file is refused.
    EXPECT_EQ(CodeOf(store().BackupTo(target)), "conflict");
  } else {
    EXPECT_EQ(CodeOf(st), "unprocessable");
    EXPECT_FALSE(fs::exists(target));
  }
  std::error_code ec;
  fs::remove(target, ec);
}

// The audit chain's head seq as a new read sees it; -1 when the read fails.
int64_t HeadSeq(Store& store) {
  int64_t seq = -1;
  const Status st = store.Read([&](Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(AuditHead head, tx.audit().Head());
    seq = head.seq;
    return Status::Ok();
  });
  return st.ok() ? seq : -1;
}

// SQLite only: the writer leaves copying the WAL back to a checkpointer thread, and restarts
// the WAL itself once it holds wal_restart_frames pages (see sqlite_store.cc).
TEST(SqliteCheckpointTest, WalStaysBoundedUnderASteadyLoadAndKeepsEveryWrite) {
  const std::string path =
      (fs::temp_directory_path() / ("sixia-ckpt-test-" + RandomHex(16) + ".db")).string();
  constexpr int kWrites = 2000;
  constexpr int kWriters = 4;  // At most 4 writes per commit, as under a steady load.
  constexpr int kRestartFrames = 64;
  {
    auto opened = OpenSqliteStore({.path = path, .checkpoint_frames = 8,
                                   .wal_restart_frames = kRestartFrames});
    ASSERT_OK(opened.status());
    std::unique_ptr<Store> store = std::move(opened).value();
    // Given a steady stream of writes, each of more than a page (≈ kWrites pages if the WAL
    // were never restarted), with a reader checking that the chain only grows meanwhile
    std::atomic<bool> done{false};
    std::atomic<int> reader_errors{0};
    std::thread reader([&] {
      int64_t last = 0;
      while (!done.load()) {
        const int64_t seq = HeadSeq(*store);
        if (seq < last) ++reader_errors;  // Also a failed read (-1).
        last = seq;
      }
    });
    std::atomic<int> failed{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < kWriters; ++t)
      writers.emplace_back([&] {
        for (int i = 0; i < kWrites / kWriters; ++i) {
          const Status st = store->Write([](Tx& tx) -> Status {
            SIXIA_ASSIGN_OR_RETURN(AuditHead head, tx.audit().LockHead());
            domain::AuditRecord r = NextRecord(head, "wal");
            r.detail = std::string(5000, 'x');
            return tx.audit().Append(r);
          });
          if (!st.ok()) ++failed;
        }
      });
    for (auto& w : writers) w.join();
    done = true;
    reader.join();
    // Then every write is there, the reader never saw the chain go back, and the WAL file
    // stayed within a few passes of the restart point (its size is its high-water mark)
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(reader_errors.load(), 0);
    EXPECT_EQ(HeadSeq(*store), kWrites);
    const auto wal_pages = fs::file_size(path + "-wal") / 4096;
    // (Past the restart point the writer waits for one more background pass, two fsyncs
    // long, while the four writers go on; without the restart the WAL reaches ~4,600 pages.)
    EXPECT_LT(wal_pages, static_cast<uintmax_t>(8 * kRestartFrames)) << "the WAL was not restarted";
  }
  // And a reopened store reads them all
  {
    auto reopened = OpenSqliteStore({.path = path});
    ASSERT_OK(reopened.status());
    int64_t count = 0;
    ASSERT_OK((*reopened)->Read([&](Tx& tx) -> Status {
      return tx.audit().ForEach([&](const domain::AuditRecord&) {
        ++count;
        return true;
      });
    }));
    EXPECT_EQ(count, kWrites);
  }
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix, ec);
}

// SQLite only: the writer's WAL frames of one commit reach the file in one write
// (sqlite_wal_vfs.h), and before any other connection can see the commit.
TEST(SqliteWalVfsTest, EachCommitIsOneWriteAndVisibleToReadersAtOnce) {
  const std::string path =
      (fs::temp_directory_path() / ("sixia-walvfs-test-" + RandomHex(16) + ".db")).string();
  constexpr int kWrites = 300;
  {
    auto opened = OpenSqliteStore({.path = path});
    ASSERT_OK(opened.status());
    std::unique_ptr<Store> store = std::move(opened).value();
    const detail::WalWriteCounts before = detail::WalWriteCountsSoFar();
    // Given commits of two pages and more each (a record of 5,000 bytes and its head)
    for (int i = 1; i <= kWrites; ++i) {
      ASSERT_OK(store->Write([](Tx& tx) -> Status {
        SIXIA_ASSIGN_OR_RETURN(AuditHead head, tx.audit().LockHead());
        domain::AuditRecord r = NextRecord(head, "vfs");
        r.detail = std::string(5000, 'v');
        return tx.audit().Append(r);
      }));
      // Then a reader (another connection) sees each as soon as its write returns
      ASSERT_EQ(HeadSeq(*store), i);
    }
    // And SQLite's two writes per frame became about one write per commit
    const detail::WalWriteCounts after = detail::WalWriteCountsSoFar();
    const uint64_t received = after.writes_received - before.writes_received;
    const uint64_t issued = after.writes_issued - before.writes_issued;
    EXPECT_GE(received, static_cast<uint64_t>(4 * kWrites));
    EXPECT_LE(issued, static_cast<uint64_t>(kWrites + kWrites / 10)) << received << " received";
  }
  // And everything is there after a reopen (the last connection checkpoints and removes the WAL)
  {
    auto reopened = OpenSqliteStore({.path = path});
    ASSERT_OK(reopened.status());
    EXPECT_EQ(HeadSeq(**reopened), kWrites);
  }
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix, ec);
}

TEST(SqliteWalVfsTest, ATransactionLargerThanThePageCacheReadsBackWhole) {
  // A bulk load spills pages to the WAL before its commit, more than the VFS buffers at once
  // (sqlite_wal_vfs.h; frames rewritten in place: sqlite_wal_vfs_test.cc).
  const std::string path =
      (fs::temp_directory_path() / ("sixia-walvfs-big-" + RandomHex(16) + ".db")).string();
  const std::string backup = path + ".backup";
  const std::string restored = path + ".restored";
  constexpr int kRecords = 3000;  // ~6 MB of records: three times the writer's page cache.
  {
    auto opened = OpenSqliteStore({.path = path});
    ASSERT_OK(opened.status());
    std::unique_ptr<Store> store = std::move(opened).value();
    ASSERT_OK(store->Write([](Tx& tx) -> Status {
      for (int i = 0; i < kRecords; ++i) {
        SIXIA_ASSIGN_OR_RETURN(AuditHead head, tx.audit().LockHead());
        domain::AuditRecord r = NextRecord(head, "bulk");
        r.detail = std::string(2000, static_cast<char>('a' + i % 26));
        SIXIA_RETURN_IF_ERROR(tx.audit().Append(r));
      }
      return Status::Ok();
    }));
    // Then another connection reads every record with its own content
    int count = 0, wrong = 0;
    ASSERT_OK(store->Read([&](Tx& tx) -> Status {
      return tx.audit().ForEach([&](const domain::AuditRecord& r) {
        if (r.detail != std::string(2000, static_cast<char>('a' + count % 26))) ++wrong;
        ++count;
        return true;
      });
    }));
    EXPECT_EQ(count, kRecords);
    EXPECT_EQ(wrong, 0);
    // And a copy of the database passes SQLite's integrity check (the restore runs it)
    ASSERT_OK(store->BackupTo(backup));
  }
  EXPECT_OK(RestoreSqliteBackup(backup, restored));
  std::error_code ec;
  for (const std::string& p : {path, backup, restored})
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p + suffix, ec);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, StoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres, Backend::kMemory),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return BackendName(info.param);
                         });

}  // namespace
}  // namespace sixia::store
