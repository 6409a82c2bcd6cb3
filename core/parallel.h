// Independent work spread over the cores: parsing revision files, which is
// most of strata's own time on large runs.
#pragma once

#include <cstddef>
#include <functional>

namespace strata::core {

/// Calls WORK(i) once for every i in [0, COUNT), on up to one thread per
/// core (at most 8, and one per MIN_PER_THREAD items), this thread included;
/// returns when all are done. WORK must not throw (catch per item and keep
/// the error in a slot of its own, so the caller can report the first in
/// order). When no thread can be started (a pids limit) the work is done by
/// the threads that could, or by this one alone.
void parallel_for(std::size_t count, std::size_t min_per_thread, const std::function<void(std::size_t)>& work);

}  // namespace strata::core
