// Petition and category repositories on SQLite, PostgreSQL and the in-memory fake.

#include <thread>

#include "store/testing/store_fixture.h"

namespace sixia::store {
namespace {

using namespace fixture;  // NOLINT: the suite's vocabulary.

class PetitionStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    SeedDivisions();
    unit_a_ = CreateUnit(MakeUnit("霞浦县民政局", kXiapu));
    unit_b_ = CreateUnit(MakeUnit("松城街道办事处", kSongcheng));
    user_ = CreateUser(MakeUser("handler", unit_a_));
  }

  int64_t AddPetitioner(const std::string& id_index, const std::string& phone_index = "") {
    PetitionerRow p;
    p.county_code = kXiapu;
    p.division_code = kSongcheng;
    p.name_sealed = "sealed-name";
    p.id_number_sealed = id_index.empty() ? "" : "sealed-id";
    p.id_index = id_index;
    p.phone_index = phone_index;
    p.created_at_ms = kT0;
    return WriteValue([&](Tx& tx) { return tx.petitions().CreatePetitioner(p); });
  }

  PetitionRow MakePetition(const std::string& receipt, const std::string& division,
                           int64_t received_at) {
    PetitionRow p;
    p.county_code = kXiapu;
    p.receipt_no = receipt;
    p.channel = "visit";
    p.petition_class = "grievance";
    p.title = "低保申请未获答复";
    p.content = "申请低保三个月没有答复。";
    p.requests = "尽快答复";
    p.division_code = division;
    p.state = "registered";
    p.received_at_ms = received_at;
    p.updated_at_ms = received_at;
    p.event_count = 1;
    return p;
  }

  int64_t Create(const PetitionRow& p) {
    return WriteValue([&](Tx& tx) { return tx.petitions().CreatePetition(p); });
  }

  std::vector<int64_t> ListIds(const PetitionFilter& f) {
    return Ids(ReadValue([&](Tx& tx) { return tx.petitions().List(f); }));
  }

  int64_t unit_a_ = 0;
  int64_t unit_b_ = 0;
  int64_t user_ = 0;
};

TEST_P(PetitionStoreTest, CategoryVersionsAreNumberedAndKeptApart) {
  const std::vector<domain::Category> tree = {{"01", "城乡建设", 1, ""},
                                              {"01.01", "安全生产", 2, "01"},
                                              {"01.01.01", "事故处理", 3, "01.01"}};
  EXPECT_EQ(ReadValue([](Tx& tx) { return tx.categories().LatestVersion(); }), std::nullopt);
  const int64_t v1 = WriteValue([&](Tx& tx) { return tx.categories().AddVersion("v1", kT0, tree); });
  const int64_t v2 = WriteValue(
      [&](Tx& tx) { return tx.categories().AddVersion("v2", kT0, {{"01", "民生", 1, ""}}); });
  EXPECT_EQ(v1, 1);
  EXPECT_EQ(v2, 2);
  EXPECT_EQ(ReadValue([](Tx& tx) { return tx.categories().LatestVersion(); }), 2);
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.categories().List(v1); }).size(), 3u);
  auto got = ReadValue([&](Tx& tx) { return tx.categories().Get(v1, "01.01.01"); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->name, "事故处理");
  EXPECT_EQ(got->parent_code, "01.01");
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.categories().Get(v2, "01.01"); }), std::nullopt);
}

TEST_P(PetitionStoreTest, SequencesCountFromOnePerName) {
  EXPECT_EQ(WriteValue([](Tx& tx) { return tx.petitions().NextSequence("receipt:350921:2026"); }), 1);
  EXPECT_EQ(WriteValue([](Tx& tx) { return tx.petitions().NextSequence("receipt:350921:2026"); }), 2);
  EXPECT_EQ(WriteValue([](Tx& tx) { return tx.petitions().NextSequence("receipt:350921:2027"); }), 1);
}

TEST_P(PetitionStoreTest, PetitionRoundTripsWithPeoplePartiesAndUnits) {
  const int64_t a = AddPetitioner("idx-a");
  const int64_t b = AddPetitioner("idx-b", "ph-b");
  PetitionRow p = MakePetition("XF-1", kSongcheng, kT0);
  p.petitioner_ids = {b, a};
  p.parties = {{"accused", unit_b_, std::nullopt, ""}, {"recused", std::nullopt, user_, ""}};
  p.lead_unit_id = unit_a_;
  p.assist_unit_ids = {unit_b_};
  p.category_version = 1;
  p.category_code = "01.01.01";
  p.registered_by = user_;
  const int64_t id = Create(p);
  auto got = ReadValue([&](Tx& tx) { return tx.petitions().GetPetition(id, false); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->receipt_no, "XF-1");
  EXPECT_EQ(got->petitioner_ids, (std::vector<int64_t>{b, a}));
  EXPECT_EQ(got->lead_unit_id, unit_a_);
  EXPECT_EQ(got->assist_unit_ids, std::vector<int64_t>{unit_b_});
  ASSERT_EQ(got->parties.size(), 2u);
  EXPECT_EQ(got->parties[0].relation, "accused");
  EXPECT_EQ(got->parties[0].unit_id, unit_b_);
  EXPECT_EQ(got->parties[1].user_id, user_);
  EXPECT_EQ(got->category_code, "01.01.01");
  EXPECT_EQ(got->content, "申请低保三个月没有答复。");
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.petitions().GetByReceipt("XF-1"); })->id, id);
  // The receipt number is unique.
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.petitions().CreatePetition(p); })),
            "conflict");
}

TEST_P(PetitionStoreTest, BlindIndexFindsEveryPetitionOfAPerson) {
  const int64_t a = AddPetitioner("idx-same");
  const int64_t b = AddPetitioner("idx-same");
  const int64_t c = AddPetitioner("idx-other", "ph-1");
  PetitionRow p1 = MakePetition("XF-1", kSongcheng, kT0);
  p1.petitioner_ids = {a};
  PetitionRow p2 = MakePetition("XF-2", kSongcheng, kT0 + 1);
  p2.petitioner_ids = {b, c};
  const int64_t id1 = Create(p1);
  const int64_t id2 = Create(p2);
  const auto people = ReadValue(
      [](Tx& tx) { return tx.petitions().FindPetitioners(PersonIndex::kIdNumber, "idx-same"); });
  EXPECT_EQ(people, (std::vector<int64_t>{a, b}));
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.petitions().PetitionsOf(people, 10); }),
            (std::vector<int64_t>{id2, id1}));
  EXPECT_EQ(ReadValue([](Tx& tx) {
              return tx.petitions().FindPetitioners(PersonIndex::kPhone, "ph-1");
            }),
            std::vector<int64_t>{c});
  EXPECT_TRUE(ReadValue([](Tx& tx) {
                return tx.petitions().FindPetitioners(PersonIndex::kPhone, "nobody");
              }).empty());
}

TEST_P(PetitionStoreTest, UpdateSucceedsOnlyAgainstTheExpectedEventCount) {
  PetitionRow p = MakePetition("XF-1", kSongcheng, kT0);
  p.id = Create(p);
  p.state = "assigned";
  p.lead_unit_id = unit_b_;
  p.event_count = 2;
  p.next_due_ms = kT0 + 1000;
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.petitions().UpdatePetition(p, 1); }));
  // A second writer that read event_count 1 loses.
  p.state = "declined";
  p.event_count = 2;
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.petitions().UpdatePetition(p, 1); })),
            "conflict");
  auto got = ReadValue([&](Tx& tx) { return tx.petitions().GetPetition(p.id, false); });
  EXPECT_EQ(got->state, "assigned");
  EXPECT_EQ(got->lead_unit_id, unit_b_);
  EXPECT_EQ(got->next_due_ms, kT0 + 1000);
}

TEST_P(PetitionStoreTest, CountedFactsAreScannedByPlaceAndPeriodAndMergesCounted) {
  // Given a counted petition in 松城街道, one in 古田县 and one received later, and one row
  // stored without counted facts (as before V007) outside the scanned period
  PetitionRow p = MakePetition("XF-1", kSongcheng, kT0);
  p.category_code = "01.02";
  p.group_size = 4;
  p.lead_unit_id = unit_a_;
  p.next_due_ms = kT0 + 5000;
  p.counted = domain::CountedFacts{domain::kCountedOpen | domain::kCountedAccepted, kT0 + 9000};
  p.id = Create(p);
  PetitionRow elsewhere = MakePetition("XF-2", kGutian, kT0);
  elsewhere.counted = domain::CountedFacts{domain::kCountedOpen, std::nullopt};
  Create(elsewhere);
  PetitionRow later = MakePetition("XF-3", kSongcheng, kT0 + 100'000);
  later.counted = domain::CountedFacts{domain::kCountedClosed, std::nullopt};
  const int64_t later_id = Create(later);
  const int64_t uncounted = Create(MakePetition("XF-4", kSongcheng, kT0 - 100'000));

  // When two repeats are merged into the first and its facts change with an event
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.petitions().AddMergedIn(p.id); }));
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.petitions().AddMergedIn(p.id); }));
  p.event_count = 2;
  p.counted->flags |= domain::kCountedDecided;
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.petitions().UpdatePetition(p, 1); }));

  // Then a scan of 霞浦县 over [kT0, kT0 + 1000) returns exactly the first, as stored
  std::vector<domain::CountedPetition> seen;
  PetitionScan scan{domain::SubtreeRange(kXiapu, domain::DivisionLevel::kCounty), kT0, kT0 + 1000};
  ASSERT_OK(ReadStatus([&](Tx& tx) {
    return tx.petitions().ScanCounted(scan, [&](const domain::CountedPetition& c) { seen.push_back(c); });
  }));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].category_code, "01.02");
  EXPECT_EQ(seen[0].lead_unit_id, unit_a_);
  EXPECT_EQ(seen[0].group_size, 4);
  EXPECT_EQ(seen[0].received_at_ms, kT0);
  EXPECT_EQ(seen[0].merged_in, 2);
  EXPECT_EQ(seen[0].next_due_ms, kT0 + 5000);
  EXPECT_EQ(seen[0].facts, (domain::CountedFacts{domain::kCountedOpen | domain::kCountedAccepted |
                                                     domain::kCountedDecided,
                                                 kT0 + 9000}));
  auto got = ReadValue([&](Tx& tx) { return tx.petitions().GetPetition(p.id, false); });
  EXPECT_EQ(got->merged_in, 2);
  EXPECT_EQ(got->counted, seen[0].facts);
  // And the row without facts is found for derivation, and fails a scan that includes it
  EXPECT_EQ(ReadValue([](Tx& tx) { return tx.petitions().Uncounted(0, 10); }),
            std::vector<int64_t>{uncounted});
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.petitions().Ids(p.id, 10); }).size(), 3u);
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.petitions().Ids(later_id, 10); }),
            std::vector<int64_t>{uncounted});
  scan.from_ms = kT0 - 200'000;
  EXPECT_EQ(CodeOf(ReadStatus([&](Tx& tx) {
              return tx.petitions().ScanCounted(scan, [](const domain::CountedPetition&) {});
            })),
            "internal");
}

TEST_P(PetitionStoreTest, EventsAreAppendOnlyAndOrdered) {
  const int64_t id = Create(MakePetition("XF-1", kSongcheng, kT0));
  ASSERT_OK(WriteStatus([&](Tx& tx) {
    return tx.petitions().AppendEvent({id, 1, "register", kT0, user_, R"({"a":1})"});
  }));
  ASSERT_OK(WriteStatus([&](Tx& tx) {
    return tx.petitions().AppendEvent({id, 2, "accept", kT0 + 5, std::nullopt, "{}"});
  }));
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) {
              return tx.petitions().AppendEvent({id, 2, "decline", kT0 + 6, user_, "{}"});
            })),
            "conflict");
  const auto events = ReadValue([&](Tx& tx) { return tx.petitions().Events(id); });
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "register");
  EXPECT_EQ(events[0].payload_json, R"({"a":1})");
  EXPECT_EQ(events[0].actor_id, user_);
  EXPECT_EQ(events[1].actor_id, std::nullopt);
}

TEST_P(PetitionStoreTest, ListFiltersByScopeUnitOwnerAndNarrowers) {
  PetitionRow in_town = MakePetition("XF-1", kSongcheng, kT0);
  in_town.category_code = "01.02.03";
  const int64_t town = Create(in_town);
  PetitionRow county = MakePetition("XF-2", kXiapu, kT0 + 10);
  county.lead_unit_id = unit_b_;
  county.state = "assigned";
  county.next_due_ms = kT0 + 100;
  const int64_t county_id = Create(county);
  PetitionRow owned = MakePetition("XF-3", kGutian, kT0 + 20);
  owned.owning_leader_id = user_;
  owned.petition_class = "suggestion";
  owned.assist_unit_ids = {unit_a_};
  const int64_t owned_id = Create(owned);

  PetitionFilter f;
  f.ranges = {RangeOf(kSongcheng, DivisionLevel::kTownship)};
  EXPECT_EQ(ListIds(f), std::vector<int64_t>{town});
  f.handling_unit_id = unit_b_;
  EXPECT_EQ(ListIds(f), (std::vector<int64_t>{county_id, town}));
  f.owner_user_id = user_;
  EXPECT_EQ(ListIds(f), (std::vector<int64_t>{owned_id, county_id, town}));

  PetitionFilter narrow = f;
  narrow.state = "assigned";
  EXPECT_EQ(ListIds(narrow), std::vector<int64_t>{county_id});
  narrow = f;
  narrow.petition_class = "suggestion";
  EXPECT_EQ(ListIds(narrow), std::vector<int64_t>{owned_id});
  narrow = f;
  narrow.category_prefix = "01.02";
  EXPECT_EQ(ListIds(narrow), std::vector<int64_t>{town});
  narrow.category_prefix = "01.0";  // A prefix is a whole code, not a string prefix.
  EXPECT_TRUE(ListIds(narrow).empty());
  narrow = f;
  narrow.received_from_ms = kT0 + 10;
  narrow.received_to_ms = kT0 + 20;
  EXPECT_EQ(ListIds(narrow), std::vector<int64_t>{county_id});
  narrow = f;
  narrow.due_before_ms = kT0 + 101;
  EXPECT_EQ(ListIds(narrow), std::vector<int64_t>{county_id});
  narrow.due_from_ms = kT0 + 100;  // Due in [from, before): still it.
  EXPECT_EQ(ListIds(narrow), std::vector<int64_t>{county_id});
  narrow.due_from_ms = kT0 + 101;  // Due before the window: not swept again.
  EXPECT_TRUE(ListIds(narrow).empty());
  narrow = f;
  narrow.unit_id = unit_b_;  // The lead unit's.
  EXPECT_EQ(ListIds(narrow), std::vector<int64_t>{county_id});
  narrow.unit_id = unit_a_;  // An assisting unit's too.
  EXPECT_EQ(ListIds(narrow), std::vector<int64_t>{owned_id});
  narrow.unit_id = unit_a_ + unit_b_ + 1000;  // No such unit: nothing, not everything.
  EXPECT_TRUE(ListIds(narrow).empty());
  narrow = f;
  narrow.limit = 2;
  EXPECT_EQ(ListIds(narrow), (std::vector<int64_t>{owned_id, county_id}));
  narrow.before_id = county_id;
  EXPECT_EQ(ListIds(narrow), std::vector<int64_t>{town});
  // Nothing is a candidate without a range, unit or owner.
  EXPECT_TRUE(ListIds(PetitionFilter{}).empty());
}

TEST_P(PetitionStoreTest, ListHidesPetitionsFromAccusedUnitsAndRecusedStaff) {
  PetitionRow accusation = MakePetition("XF-1", kSongcheng, kT0);
  accusation.petition_class = "accusation";
  accusation.parties = {{"accused", unit_a_, std::nullopt, ""}};
  const int64_t accused_id = Create(accusation);
  PetitionRow recused = MakePetition("XF-2", kSongcheng, kT0 + 1);
  recused.parties = {{"recused", std::nullopt, user_, ""}};
  const int64_t recused_id = Create(recused);

  PetitionFilter f;
  f.ranges = {RangeOf(kXiapu, DivisionLevel::kCounty)};
  EXPECT_EQ(ListIds(f), (std::vector<int64_t>{recused_id, accused_id}));
  f.viewer_unit_id = unit_a_;
  EXPECT_EQ(ListIds(f), std::vector<int64_t>{recused_id});
  f.viewer_user_id = user_;
  EXPECT_TRUE(ListIds(f).empty());
  f.viewer_unit_id = unit_b_;  // Another unit: only the recusal of this user hides.
  EXPECT_EQ(ListIds(f), std::vector<int64_t>{accused_id});
}

TEST_P(PetitionStoreTest, OverdueIsRecordedOncePerClockAndDueDate) {
  const int64_t id = Create(MakePetition("XF-1", kSongcheng, kT0));
  auto record = [&](const char* clock, int64_t due) {
    return WriteValue(
        [&](Tx& tx) { return tx.petitions().RecordOverdue({id, clock, due, kT0 + 99}); });
  };
  EXPECT_TRUE(record("dispose", kT0 + 10));
  EXPECT_FALSE(record("dispose", kT0 + 10));
  EXPECT_TRUE(record("handle", kT0 + 20));
  const auto rows = ReadValue([&](Tx& tx) { return tx.petitions().OverdueOf(id); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].clock, "dispose");
  EXPECT_EQ(rows[1].recorded_at_ms, kT0 + 99);
}

TEST_P(PetitionStoreTest, AttachmentsAreListedPerPetitionInOrder) {
  const int64_t id = Create(MakePetition("XF-1", kSongcheng, kT0));
  const int64_t other = Create(MakePetition("XF-2", kSongcheng, kT0));
  const AttachmentRow a{0, id, std::string(64, 'a'), "image/png", 10, "现场照片.png", kT0, user_};
  const AttachmentRow b{0, id, std::string(64, 'b'), "application/pdf", 20, "证明.pdf", kT0 + 1, std::nullopt};
  const int64_t ida = WriteValue([&](Tx& tx) { return tx.petitions().AddAttachment(a); });
  const int64_t idb = WriteValue([&](Tx& tx) { return tx.petitions().AddAttachment(b); });
  ASSERT_OK(WriteStatus([&](Tx& tx) {
    return tx.petitions().AddAttachment({0, other, std::string(64, 'c'), "image/jpeg", 5, "x.jpg", kT0, user_});
  }));
  const auto rows = ReadValue([&](Tx& tx) { return tx.petitions().Attachments(id); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, ida);
  EXPECT_EQ(rows[0].file_name, "现场照片.png");
  EXPECT_EQ(rows[0].created_by, user_);
  EXPECT_EQ(rows[1].id, idb);
  EXPECT_EQ(rows[1].size, 20);
  EXPECT_EQ(rows[1].created_by, std::nullopt);
  // An attachment needs an existing petition.
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) {
              return tx.petitions().AddAttachment({0, 999999, std::string(64, 'd'), "image/png", 1, "y.png", kT0, user_});
            })),
            "conflict");
}

TEST_P(PetitionStoreTest, DocumentsHaveUniqueNumbersAndAreListedInOrder) {
  const int64_t id = Create(MakePetition("XF-1", kSongcheng, kT0));
  const DocumentRow a{0, id, "receipt_notice", "霞浦县信访局告〔2026〕1号", unit_a_, kT0, user_, "v1:sealed-a"};
  const DocumentRow b{0, id, "decision_notice", "霞浦县民政局处〔2026〕1号", std::nullopt, kT0 + 5, std::nullopt, "v1:sealed-b"};
  const int64_t ida = WriteValue([&](Tx& tx) { return tx.petitions().AddDocument(a); });
  WriteValue([&](Tx& tx) { return tx.petitions().AddDocument(b); });
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.petitions().AddDocument(a); })), "conflict");
  const auto docs = ReadValue([&](Tx& tx) { return tx.petitions().Documents(id); });
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].id, ida);
  EXPECT_EQ(docs[0].number, "霞浦县信访局告〔2026〕1号");
  EXPECT_EQ(docs[0].unit_id, unit_a_);
  EXPECT_EQ(docs[0].body_sealed, "v1:sealed-a");
  EXPECT_EQ(docs[1].kind, "decision_notice");
  EXPECT_EQ(docs[1].issued_by, std::nullopt);
}

TEST_P(PetitionStoreTest, ConcurrentConflictingUpdatesLetExactlyOneWin) {
  PetitionRow p = MakePetition("XF-1", kSongcheng, kT0);
  p.id = Create(p);
  std::atomic<int> wins = 0, conflicts = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      const Status st = store().Write([&](Tx& tx) -> Status {
        SIXIA_ASSIGN_OR_RETURN(auto row, tx.petitions().GetPetition(p.id, true));
        if (row->state != "registered")
          return Conflict("state moved", "状态已变化");
        PetitionRow next = *row;
        next.state = i % 2 ? "accepted" : "declined";
        next.event_count = row->event_count + 1;
        SIXIA_RETURN_IF_ERROR(tx.petitions().UpdatePetition(next, row->event_count));
        return tx.petitions().AppendEvent({p.id, next.event_count, next.state, kT0, user_, "{}"});
      });
      (st.ok() ? wins : conflicts)++;
      if (!st.ok()) {
        EXPECT_EQ(CodeOf(st), "conflict");
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(conflicts.load(), 7);
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.petitions().Events(p.id); }).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, PetitionStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres, Backend::kMemory),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return BackendName(info.param);
                         });

}  // namespace
}  // namespace sixia::store
