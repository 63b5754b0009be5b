// Petitions: /api/v1/petitions…, /api/v1/categories. Personal data travels only in request
// bodies (never in URLs) and comes back masked, except from the audited reveal.
// Each handler parses → calls one use case → maps the result. Nothing else.
#include <cctype>

#include "http/json_io.h"
#include "http/petition_filter.h"
#include "http/router.h"
#include "http/views.h"

namespace sixia::http {

Result<app::PetitionQuery> ReadPetitionFilter(const Request& req) {
  app::PetitionQuery q;
  auto from = QueryInt(req, "from", INT64_MIN, INT64_MIN, INT64_MAX);
  auto to = QueryInt(req, "to", INT64_MAX, INT64_MIN, INT64_MAX);
  auto unit = QueryInt(req, "unit", 0, 0, INT64_MAX);
  for (const Status& st : {from.status(), to.status(), unit.status()})
    if (!st.ok()) return st;
  q.unit_id = *unit;
  if (*from != INT64_MIN) q.received_from_ms = *from;
  if (*to != INT64_MAX) q.received_to_ms = *to;
  q.state = QueryText(req, "state");
  q.petition_class = QueryText(req, "petition_class");
  q.channel = QueryText(req, "channel");
  q.category_prefix = QueryText(req, "category");
  q.division_code = QueryText(req, "division");
  q.band = QueryText(req, "band");
  if (!q.state.empty() && !domain::StateFromName(q.state))
    return InvalidArgument("unknown state", "未知的状态", "state");
  if (!q.petition_class.empty() && !domain::PetitionClassFromName(q.petition_class))
    return InvalidArgument("unknown petition_class", "未知的信访类别", "petition_class");
  if (!q.channel.empty() && !domain::ChannelFromName(q.channel))
    return InvalidArgument("unknown channel", "未知的信访渠道", "channel");
  return q;
}

namespace {

Status First(std::initializer_list<Status> checks) {
  for (const auto& st : checks)
    if (!st.ok()) return st;
  return Status::Ok();
}

// An enum field read by its wire name; `choices` names the values in the error.
template <typename Enum, typename FromName>
Status ReadEnum(FieldReader& f, const char* name, bool required, std::optional<Enum>& out,
                FromName from, const char* choices) {
  std::optional<std::string> text;
  SIXIA_RETURN_IF_ERROR(f.OptString(name, text));
  if (!text) {
    if (required)
      return InvalidArgument(std::string(name) + " is required", std::string(name) + " 为必填项", name);
    return Status::Ok();
  }
  out = from(*text);
  if (!out)
    return InvalidArgument(std::string(name) + " must be one of " + choices,
                           std::string(name) + " 的取值应为：" + choices, name);
  return Status::Ok();
}

// Prefixes the field of a nested error: "petitioners[1].id_number".
Status Nested(Status st, const std::string& prefix) {
  if (st.ok()) return st;
  return Status(st.code(), st.message(), st.message_zh(),
                prefix + (st.field().empty() ? "" : "." + st.field()));
}

Status ReadPerson(const json& obj, app::PersonInput& out) {
  FieldReader f(obj);
  std::optional<std::string> id, phone, address, division;
  SIXIA_RETURN_IF_ERROR(First({f.String("name", out.name), f.OptString("id_number", id),
                               f.OptString("phone", phone), f.OptString("address", address),
                               f.OptString("division_code", division), f.Finish()}));
  out.id_number = id.value_or("");
  out.phone = phone.value_or("");
  out.address = address.value_or("");
  out.division_code = division.value_or("");
  return Status::Ok();
}

Status ReadAccused(const json& obj, app::AccusedInput& out) {
  FieldReader f(obj);
  std::optional<std::string> name;
  SIXIA_RETURN_IF_ERROR(First({f.OptInt("unit_id", out.unit_id), f.OptInt("user_id", out.user_id),
                               f.OptString("name", name), f.Finish()}));
  out.name = name.value_or("");
  return Status::Ok();
}

Status ReadRegistration(const json& body, app::PetitionInput& in) {
  FieldReader f(body);
  std::optional<domain::Channel> channel;
  std::optional<domain::PetitionClass> cls;
  std::optional<std::string> category;
  std::optional<bool> anonymous;
  std::optional<int64_t> group_size;
  std::vector<const json*> people, accused;
  SIXIA_RETURN_IF_ERROR(First(
      {ReadEnum(f, "channel", true, channel, domain::ChannelFromName,
                "visit, letter, phone, online, outreach_visit, reception_day, field_session, hotline_12345"),
       ReadEnum(f, "petition_class", true, cls, domain::PetitionClassFromName,
                "suggestion, accusation, grievance"),
       f.String("title", in.title), f.String("content", in.content),
       f.String("requests", in.requests), f.OptString("category_code", category),
       f.String("division_code", in.division_code), f.OptBool("anonymous", anonymous),
       f.OptInt("group_size", group_size), f.ObjectArray("petitioners", people, 20),
       f.ObjectArray("accused", accused, 20), f.IntArray("recused_user_ids", in.recused_user_ids),
       f.OptInt("received_at", in.received_at_ms), f.OptInt("reception_day_id", in.reception_day_id),
       f.Finish()}));
  in.channel = *channel;
  in.petition_class = *cls;
  in.category_code = category.value_or("");
  in.anonymous = anonymous.value_or(false);
  if (group_size) {
    if (*group_size < 1 || *group_size > 100000)
      return InvalidArgument("group_size must be 1..100000", "来访人数应为1至100000", "group_size");
    in.group_size = static_cast<int>(*group_size);
  } else {
    in.group_size = std::max<int>(1, people.size());
  }
  for (size_t i = 0; i < people.size(); ++i) {
    app::PersonInput person;
    SIXIA_RETURN_IF_ERROR(Nested(ReadPerson(*people[i], person), "petitioners[" + std::to_string(i) + "]"));
    in.petitioners.push_back(std::move(person));
  }
  for (size_t i = 0; i < accused.size(); ++i) {
    app::AccusedInput a;
    SIXIA_RETURN_IF_ERROR(Nested(ReadAccused(*accused[i], a), "accused[" + std::to_string(i) + "]"));
    in.accused.push_back(std::move(a));
  }
  return Status::Ok();
}

// The payload of an action: every field of domain::PetitionEvent a client may set.
Status ReadAction(const json& body, app::ActionInput& e) {
  FieldReader f(body);
  std::optional<std::string> deadline_note, reason, route, request, facts, reasons, legal_basis,
      document_number, agreement;
  std::optional<bool> legal_litigation, settlement;
  std::optional<int64_t> days;
  SIXIA_RETURN_IF_ERROR(First(
      {f.OptInt("lead_unit_id", e.lead_unit_id), f.IntArray("assisting_unit_ids", e.assisting_unit_ids),
       f.OptInt("owning_leader_user_id", e.owning_leader_user_id),
       f.OptString("deadline_note", deadline_note), f.OptString("reason", reason),
       f.OptString("route", route), f.OptBool("legal_litigation", legal_litigation),
       f.OptInt("days", days), f.OptString("request", request), f.OptString("facts", facts),
       f.OptString("reasons", reasons), f.OptString("legal_basis", legal_basis),
       ReadEnum(f, "outcome", false, e.outcome, domain::DecisionOutcomeFromName,
                "support, explain, reject"),
       f.OptString("document_number", document_number), f.OptString("agreement", agreement),
       f.OptBool("settlement", settlement), f.OptInt("delivered_at", e.delivered_at_ms),
       ReadEnum(f, "resolution", false, e.resolution, domain::ResolutionFromName,
                "solved, partly_solved, unsolved"),
       ReadEnum(f, "satisfaction", false, e.satisfaction, domain::SatisfactionFromName,
                "satisfied, basically_satisfied, unsatisfied"),
       f.OptInt("into_petition_id", e.into_petition_id), f.Finish()}));
  e.deadline_note = deadline_note.value_or("");
  e.reason = reason.value_or("");
  e.route = route.value_or("");
  e.request = request.value_or("");
  e.facts = facts.value_or("");
  e.reasons = reasons.value_or("");
  e.legal_basis = legal_basis.value_or("");
  e.document_number = document_number.value_or("");
  e.agreement = agreement.value_or("");
  e.legal_litigation = legal_litigation.value_or(false);
  e.settlement = settlement.value_or(false);
  if (days) {
    if (*days < -1000 || *days > 1000)
      return InvalidArgument("days out of range", "天数超出范围", "days");
    e.days = static_cast<int>(*days);
  }
  return Status::Ok();
}

// Rules name domain members ("delivered_at_ms"); the body calls them "delivered_at".
Response ActionError(const Status& st) {
  const std::string& f = st.field();
  if (f.size() > 3 && f.compare(f.size() - 3, 3, "_ms") == 0)
    return ErrorResponse(Status(st.code(), st.message(), st.message_zh(), f.substr(0, f.size() - 3)));
  return ErrorResponse(st);
}

}  // namespace

void RegisterPetitionRoutes(Router& router, app::App& app) {
  const int depth = app.options().http.json_depth_limit;

  // The busiest write: answered from the thread that completes its commit (no thread
  // waits), and on SQLite run on the I/O thread itself (parsing, checks, sealing and a local
  // read; the write is queued).
  router.AddAsync("POST", "/api/v1/petitions", Access::kAuthenticated,
                  [&app, depth](Context& c, Responder respond) {
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return respond(ErrorResponse(body.status()));
    app::PetitionInput in;
    Status st = ReadRegistration(*body, in);
    if (!st.ok()) return respond(ErrorResponse(st));
    app.petitions().RegisterAsync(c.principal, c.actor, in,
                                  [respond = std::move(respond)](Result<app::RegisterResult> r) {
      if (!r.ok()) return respond(ErrorResponse(r.status()));
      json repeats = json::array();
      for (const auto& rep : r->repeats) repeats.push_back(ToJson(rep));
      respond(JsonResponse(201, {{"id", r->id},
                                 {"receipt_no", r->receipt_no},
                                 {"query_code", r->query_code},
                                 {"repeats", repeats}}));
    });
  }, app.store().ReadsLocallyAndQueuesWrites() ? RunOn::kIoThread : RunOn::kWorker);

  router.Add("POST", "/api/v1/petitions/repeat-check", Access::kAuthenticated,
             [&app, depth](Context& c) {
               auto body = ParseJsonObject(c.req, depth);
               if (!body.ok()) return ErrorResponse(body.status());
               FieldReader f(*body);
               app::RepeatQuery q;
               std::optional<std::string> division, category;
               Status st = First({f.StringArray("id_numbers", q.id_numbers, false),
                                  f.StringArray("phones", q.phones, false),
                                  f.OptString("division_code", division),
                                  f.OptString("category_code", category), f.Finish()});
               if (!st.ok()) return ErrorResponse(st);
               q.division_code = division.value_or("");
               q.category_code = category.value_or("");
               auto r = app.petitions().FindRepeats(c.principal, q);
               if (!r.ok()) return ErrorResponse(r.status());
               json items = json::array();
               for (const auto& rep : *r) items.push_back(ToJson(rep));
               return JsonResponse(200, {{"items", items}});
             });

  router.Add("GET", "/api/v1/petitions", Access::kAuthenticated, [&app](Context& c) {
    auto limit = QueryInt(c.req, "limit", 50, 1, 200);
    auto before = QueryInt(c.req, "before", 0, 0, INT64_MAX);
    for (const Status& st : {limit.status(), before.status()})
      if (!st.ok()) return ErrorResponse(st);
    auto filter = ReadPetitionFilter(c.req);
    if (!filter.ok()) return ErrorResponse(filter.status());
    app::PetitionQuery q = std::move(*filter);
    q.limit = static_cast<int>(*limit);
    q.before_id = *before;
    auto rows = app.petitions().List(c.principal, q);
    if (!rows.ok()) return ErrorResponse(rows.status());
    json items = json::array();
    for (const auto& r : *rows) items.push_back(PetitionSummaryJson(r));
    json body = {{"items", items}};
    body["next_before"] = static_cast<int>(rows->size()) == q.limit ? json(rows->back().id) : json(nullptr);
    return JsonResponse(200, body);
  });

  router.Add("GET", "/api/v1/petitions/{id}", Access::kAuthenticated, [&app](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto v = app.petitions().Get(c.principal, *id);
    return v.ok() ? JsonResponse(200, ToJson(*v)) : ErrorResponse(v.status());
  });

  router.Add("POST", "/api/v1/petitions/{id}/actions/{action}", Access::kAuthenticated,
             [&app, depth](Context& c) {
               auto id = PathId(c.params["id"], "id");
               if (!id.ok()) return ErrorResponse(id.status());
               const auto action = domain::ActionFromName(c.params["action"]);
               if (!action)
                 return ErrorResponse(NotFound("no such action", "没有这个办理操作", "action"));
               auto body = ParseJsonObject(c.req, depth);
               if (!body.ok()) return ErrorResponse(body.status());
               app::ActionInput in;
               Status st = ReadAction(*body, in);
               if (!st.ok()) return ErrorResponse(st);
               auto v = app.petitions().Act(c.principal, c.actor, *id, *action, std::move(in));
               return v.ok() ? JsonResponse(200, ToJson(*v)) : ActionError(v.status());
             });

  router.Add("POST", "/api/v1/petitions/{id}/reveal", Access::kAuthenticated,
             [&app, depth](Context& c) {
               auto id = PathId(c.params["id"], "id");
               if (!id.ok()) return ErrorResponse(id.status());
               auto body = ParseJsonObject(c.req, depth);
               if (!body.ok()) return ErrorResponse(body.status());
               FieldReader f(*body);
               int64_t petitioner_id = 0;
               std::string reason;
               Status st = First({f.Int("petitioner_id", petitioner_id), f.String("reason", reason),
                                  f.Finish()});
               if (!st.ok()) return ErrorResponse(st);
               auto v = app.petitions().Reveal(c.principal, c.actor, *id, petitioner_id, reason);
               return v.ok() ? JsonResponse(200, ToJson(*v)) : ErrorResponse(v.status());
             });

  // Attachments: the raw file is the body (Content-Type: image/jpeg, image/png or
  // application/pdf); its display name travels percent-encoded in X-File-Name, never in the
  // URL (names can be personal: "张三身份证.jpg").
  router.Add("POST", "/api/v1/petitions/{id}/attachments", Access::kAuthenticated, [&app](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    std::string name;
    auto it = c.req.headers.find("x-file-name");
    if (it == c.req.headers.end() || !PercentDecode(it->second, false, name))
      return ErrorResponse(InvalidArgument("X-File-Name (percent-encoded UTF-8) is required",
                                           "请在 X-File-Name 请求头中提供文件名（URL编码的UTF-8）", "name"));
    auto ct = c.req.headers.find("content-type");
    const std::string content_type = ct == c.req.headers.end() ? "" : ct->second;
    auto row = app.petitions().AddAttachment(c.principal, c.actor, *id, name, content_type, c.req.body);
    return row.ok() ? JsonResponse(201, ToJson(*row)) : ErrorResponse(row.status());
  });

  router.Add("GET", "/api/v1/petitions/{id}/attachments/{attachment_id}", Access::kAuthenticated,
             [&app](Context& c) {
               auto id = PathId(c.params["id"], "id");
               if (!id.ok()) return ErrorResponse(id.status());
               auto aid = PathId(c.params["attachment_id"], "attachment_id");
               if (!aid.ok()) return ErrorResponse(aid.status());
               auto file = app.petitions().GetAttachment(c.principal, *id, *aid);
               if (!file.ok()) return ErrorResponse(file.status());
               Response r;
               r.content_type = file->row.content_type;
               r.body = std::move(file->bytes);
               // RFC 6266/5987: the UTF-8 name percent-encoded, never interpreted as HTML.
               std::string encoded;
               for (unsigned char ch : file->row.file_name) {
                 if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
                   encoded += static_cast<char>(ch);
                 } else {
                   static constexpr char kHex[] = "0123456789ABCDEF";
                   encoded += '%';
                   encoded += kHex[ch >> 4];
                   encoded += kHex[ch & 15];
                 }
               }
               r.headers.emplace_back("Content-Disposition",
                                      "attachment; filename*=UTF-8''" + encoded);
               return r;
             });

  router.Add("POST", "/api/v1/petitions/{id}/documents", Access::kAuthenticated,
             [&app, depth](Context& c) {
               auto id = PathId(c.params["id"], "id");
               if (!id.ok()) return ErrorResponse(id.status());
               auto body = ParseJsonObject(c.req, depth);
               if (!body.ok()) return ErrorResponse(body.status());
               FieldReader f(*body);
               std::optional<domain::DocumentKind> kind;
               Status st = First({ReadEnum(f, "kind", true, kind, domain::DocumentKindFromName,
                                           "receipt_notice, decline_notice, routing_notice, "
                                           "extension_notice, decision_notice, review_decision, "
                                           "re_review_decision"),
                                  f.Finish()});
               if (!st.ok()) return ErrorResponse(st);
               auto doc = app.petitions().IssueDocument(c.principal, c.actor, *id, *kind);
               return doc.ok() ? JsonResponse(201, ToJson(doc->row)) : ErrorResponse(doc.status());
             });

  router.Add("GET", "/api/v1/petitions/{id}/documents/{document_id}", Access::kAuthenticated,
             [&app](Context& c) {
               auto id = PathId(c.params["id"], "id");
               if (!id.ok()) return ErrorResponse(id.status());
               auto did = PathId(c.params["document_id"], "document_id");
               if (!did.ok()) return ErrorResponse(did.status());
               auto doc = app.petitions().GetDocument(c.principal, *id, *did);
               if (!doc.ok()) return ErrorResponse(doc.status());
               Response r;
               r.content_type = "text/html; charset=utf-8";
               r.body = std::move(doc->html);
               // A print preview: inline styles only, no scripts, no requests of its own.
               r.headers.emplace_back("Content-Security-Policy",
                                      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'");
               return r;
             });

  router.Add("GET", "/api/v1/metrics/petitions", Access::kAuthenticated, [&app](Context& c) {
    app::MetricsQuery q;
    q.division_code = QueryText(c.req, "division");
    if (q.division_code.empty())
      return ErrorResponse(InvalidArgument("division is required", "请指定统计区划 division", "division"));
    auto backlog = QueryInt(c.req, "backlog_days", 90, 1, 3650);
    for (const Status& st : {ParsePeriod(c.req, q.from_ms, q.to_ms), backlog.status()})
      if (!st.ok()) return ErrorResponse(st);
    q.backlog_days = static_cast<int>(*backlog);
    auto m = app.petitions().Metrics(c.principal, q);
    if (!m.ok()) return ErrorResponse(m.status());
    json body = ToJson(*m);
    body["division"] = q.division_code;
    body["from"] = QueryText(c.req, "from");
    body["to"] = QueryText(c.req, "to");
    return JsonResponse(200, body);
  });

  router.Add("GET", "/api/v1/categories", Access::kAuthenticated, [&app](Context& c) {
    auto tree = app.petitions().Categories(c.principal);
    if (!tree.ok()) return ErrorResponse(tree.status());
    json items = json::array();
    for (const auto& cat : tree->categories)
      items.push_back({{"code", cat.code},
                       {"name", cat.name},
                       {"level", cat.level},
                       {"parent_code", cat.parent_code.empty() ? json(nullptr) : json(cat.parent_code)}});
    return JsonResponse(200, {{"version", tree->version}, {"items", items}});
  });

  // A new version of the category tree (系统管理): the TSV of `sixia categories import`.
  router.Add("POST", "/api/v1/categories", Access::kAuthenticated, [&app](Context& c) {
    auto body = ParseJsonObject(c.req, app.options().http.json_depth_limit);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    std::string label, tsv;
    if (Status st = First({f.String("label", label), f.String("tsv", tsv), f.Finish()}); !st.ok())
      return ErrorResponse(st);
    auto tree = app.petitions().ImportCategories(c.principal, c.actor, label, tsv);
    if (!tree.ok()) return ErrorResponse(tree.status());
    return JsonResponse(201, {{"version", tree->version}, {"count", tree->categories.size()}});
  });
}

}  // namespace sixia::http
