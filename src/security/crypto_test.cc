#include "security/crypto.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace sixia::security {
namespace {

std::string Draw(size_t n) {
  std::string out(n, '\0');
  RandomBytes(reinterpret_cast<unsigned char*>(out.data()), n);
  return out;
}

TEST(RandomBytesTest, SmallDrawsNeverRepeatAcrossPoolRefills) {
  // 20,000 IV-sized draws span about 300 refills of the 1 KiB pool.
  std::set<std::string> seen;
  for (int i = 0; i < 20'000; ++i) EXPECT_TRUE(seen.insert(Draw(16)).second) << "draw " << i;
}

TEST(RandomBytesTest, DrawsOfEverySizeAreFilled) {
  // A draw straddling the pool's end, and one larger than the pool, come back whole: among
  // 4 KiB of random bytes, every value of a byte occurs (a zero-filled tail would not).
  for (size_t n : {size_t{1}, size_t{15}, size_t{255}, size_t{256}, size_t{1000}, size_t{4096}}) {
    std::string a = Draw(n), b = Draw(n);
    EXPECT_EQ(a.size(), n);
    if (n >= 15) {  // Shorter draws may meet by chance (1 in 256 for one byte).
      EXPECT_NE(a, b) << n;
    }
  }
  std::array<int, 256> counts{};
  for (int i = 0; i < 64; ++i)
    for (unsigned char c : Draw(64)) ++counts[c];
  for (int v = 0; v < 256; ++v) EXPECT_GT(counts[v], 0) << "byte value " << v;
}

TEST(RandomBytesTest, ThreadsDrawDistinctBytes) {
  std::vector<std::string> per_thread(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < per_thread.size(); ++t)
    threads.emplace_back([&per_thread, t] { per_thread[t] = Draw(32); });
  for (auto& th : threads) th.join();
  EXPECT_EQ(std::set<std::string>(per_thread.begin(), per_thread.end()).size(), per_thread.size());
}

TEST(RandomBytesTest, AForkedChildDoesNotReuseTheParentsPool) {
  // Given a pool with bytes left in it
  Draw(16);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child's next draw goes to the pipe.
    const std::string mine = Draw(16);
    const ssize_t w = ::write(fds[1], mine.data(), mine.size());
    ::_exit(w == 16 ? 0 : 1);
  }
  // When parent and child each draw next
  const std::string parents = Draw(16);
  std::string childs(16, '\0');
  ssize_t got = 0;
  while (got < 16) {
    const ssize_t r = ::read(fds[0], childs.data() + got, 16 - got);
    ASSERT_GT(r, 0);
    got += r;
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ::close(fds[0]);
  ::close(fds[1]);
  // Then they differ (without the pid check both would take the same pool bytes)
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(parents, childs);
}

}  // namespace
}  // namespace sixia::security
