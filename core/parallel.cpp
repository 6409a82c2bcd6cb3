#include "core/parallel.h"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>
#include <vector>

namespace strata::core {

void parallel_for(std::size_t count, std::size_t min_per_thread, const std::function<void(std::size_t)>& work) {
  std::atomic<std::size_t> next{0};
  auto drain = [&] {
    for (std::size_t i; (i = next++) < count;) work(i);
  };
  const std::size_t threads = std::min<std::size_t>(
      {std::max(1u, std::thread::hardware_concurrency()), 8, count / std::max<std::size_t>(min_per_thread, 1) + 1});
  std::vector<std::thread> pool;
  try {
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(drain);
  } catch (const std::system_error&) {
    // No more threads: the ones started and this one finish the queue.
  }
  drain();
  for (auto& t : pool) t.join();
}

}  // namespace strata::core
