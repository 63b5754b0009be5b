#include "app/citizen_service.h"

#include <algorithm>

namespace sixia::app {
namespace {

// Seconds until a bucket refilled at `per_minute` has a token again: at most one refill.
int RefillSeconds(int per_minute) {
  return (60 + std::max(1, per_minute) - 1) / std::max(1, per_minute);
}

}  // namespace

CitizenService::CitizenService(PetitionService& petitions, const Clock& clock,
                               const HttpOptions& options)
    : petitions_(petitions),
      clock_(clock),
      public_retry_s_(RefillSeconds(options.public_per_minute)),
      failure_retry_s_(RefillSeconds(options.public_failure_per_minute)),
      public_(options.public_burst, options.public_per_minute),
      failures_(options.public_failure_burst, options.public_failure_per_minute) {}

Status CitizenService::Admit(const std::string& source, int& retry_after_s) {
  if (public_.Allow(source, clock_.NowMs())) return Status::Ok();
  retry_after_s = public_retry_s_;
  return Status(ErrorCode::kTooManyRequests, "too many requests, try again later",
                "请求过于频繁，请稍后再试");
}

Status CitizenService::CheckFailures(const std::string& source, int& retry_after_s) {
  if (failures_.Peek(source, clock_.NowMs())) return Status::Ok();
  retry_after_s = failure_retry_s_;
  return Status(ErrorCode::kTooManyRequests,
                "too many wrong receipt numbers or query codes, try again later",
                "登记编号或查询码错误次数过多，请稍后再试");
}

void CitizenService::CountFailure(const std::string& source, const Status& answer) {
  if (answer.code() == ErrorCode::kNotFound) (void)failures_.Allow(source, clock_.NowMs());
}

Result<RegisterResult> CitizenService::Submit(const std::string& source, PetitionInput in) {
  return petitions_.SubmitOnline(CitizenActor(source), std::move(in));
}

Result<CitizenView> CitizenService::Lookup(const std::string& source, const std::string& receipt_no,
                                           const std::string& query_code, int& retry_after_s) {
  SIXIA_RETURN_IF_ERROR(CheckFailures(source, retry_after_s));
  auto r = petitions_.CitizenLookup(receipt_no, query_code);
  CountFailure(source, r.status());
  return r;
}

Result<CitizenView> CitizenService::Act(const std::string& source, const std::string& receipt_no,
                                        const std::string& query_code, domain::Action action,
                                        const ActionInput& input, int& retry_after_s) {
  SIXIA_RETURN_IF_ERROR(CheckFailures(source, retry_after_s));
  auto r = petitions_.CitizenAct(CitizenActor(source), receipt_no, query_code, action, input);
  CountFailure(source, r.status());
  return r;
}

}  // namespace sixia::app
