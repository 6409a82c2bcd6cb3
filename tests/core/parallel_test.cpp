// core::parallel_for: every index exactly once, whatever the count.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/parallel.h"

// Its own namespace: the unity build compiles several test files as one.
namespace parallel_test {

TEST_CASE("parallel_for calls the work once per index, on one thread or several") {
  for (size_t count : {0u, 1u, 15u, 64u, 1000u, 10007u}) {
    for (size_t per_thread : {0u, 1u, 16u, 64u}) {
      std::vector<std::atomic<int>> calls(count);
      std::mutex m;
      std::set<std::thread::id> threads;
      strata::core::parallel_for(count, per_thread, [&](size_t i) {
        ++calls[i];
        std::lock_guard<std::mutex> lock(m);
        threads.insert(std::this_thread::get_id());
      });
      size_t wrong = 0;
      for (auto& c : calls) wrong += c.load() != 1;
      CAPTURE(count);
      CAPTURE(per_thread);
      CHECK(wrong == 0);
      // Never more threads than items, nor past the machine's cores and 8.
      CHECK(threads.size() <= std::max<size_t>(count, 1));
      CHECK(threads.size() <= 8);
    }
  }
}

}  // namespace parallel_test
