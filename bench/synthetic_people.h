#pragma once
// The synthetic people of the petition bench data, shared by the generator
// (bench/petition_fill.cc) and the benchmarks (bench/petition_bench.cc), which must find
// the same people again by their ID number. Every person is made up: birth dates and
// sequence codes come from a counter, never from a real person.
//
// ID numbers (GB 11643) are <county6><yyyymmdd><sequence><check>:
//   * frequent petitioner k of a county (people who come back with several petitions):
//     sequence 000–099, birth date from k;
//   * every other person n of a county: sequence 100–999, birth date and sequence from a
//     bijection of n, so no two people share a number and none is a frequent one.

#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "domain/calendar.h"
#include "domain/person.h"

namespace sixia::bench {

// Birth dates span kBirthDays days from 1946-01-01 (people aged about 25 to 80).
inline constexpr int64_t kBirthDays = 20'000;
// Other people per county before numbers would repeat (kBirthDays × 900 sequences).
inline constexpr int64_t kOtherPeoplePerCounty = kBirthDays * 900;

// Name of the manifest the generator writes into the data folder (JSON: petitions, seed,
// now_ms, from_ms, frequent petitioners per county); the benchmarks read it.
inline constexpr char kManifestFile[] = "bench_petitions.json";

inline std::string IdNumberOf(std::string_view county6, int64_t day, int sequence) {
  const domain::Date date =
      domain::DateOfMs(domain::StartOfDayMs({1946, 1, 1}) + day * 86'400'000 + 12 * 3'600'000);
  const std::string first17 =
      fmt::format("{}{:04d}{:02d}{:02d}{:03d}", county6, date.year, date.month, date.day, sequence);
  return first17 + domain::IdNumberCheckChar(first17);
}

// ID number of frequent petitioner `k` (0 ≤ k < kBirthDays × 100) of county `county6`.
inline std::string FrequentIdNumber(std::string_view county6, int64_t k) {
  return IdNumberOf(county6, k % kBirthDays, static_cast<int>(k / kBirthDays));
}

// ID number of the n-th other person (0 ≤ n < kOtherPeoplePerCounty) of county `county6`.
inline std::string OtherIdNumber(std::string_view county6, int64_t n) {
  const int64_t m = (n * 7919) % kOtherPeoplePerCounty;  // 7919 is prime to 18,000,000.
  return IdNumberOf(county6, m % kBirthDays, 100 + static_cast<int>(m / kBirthDays));
}

// Mobile number of frequent petitioner `k`: 15<3 digits of the county><6 digits of k>
// (other people get 13x/17x/18x numbers, so these never collide with them).
inline std::string FrequentPhone(std::string_view county6, int64_t k) {
  return fmt::format("15{}{:06d}", county6.substr(3, 3), k % 1'000'000);
}

}  // namespace sixia::bench
