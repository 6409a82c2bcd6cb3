#pragma once

#include "drivers/scratch.h"

namespace strata::drivers::sqlite {
std::unique_ptr<ScratchDatabase> open_scratch(const core::DatabaseUrl& url);
}  // namespace strata::drivers::sqlite
