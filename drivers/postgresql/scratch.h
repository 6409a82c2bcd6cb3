#pragma once

#include "drivers/scratch.h"

namespace strata::drivers::postgresql {
std::unique_ptr<ScratchDatabase> open_scratch(const core::DatabaseUrl& url);
}  // namespace strata::drivers::postgresql
