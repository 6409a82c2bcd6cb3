// A scratch database on a MySQL server for `--dev-url` (drivers/scratch.h).
#pragma once

#include "drivers/scratch.h"

namespace strata::drivers::mysql {

std::unique_ptr<ScratchDatabase> open_scratch(const core::DatabaseUrl& url);

}  // namespace strata::drivers::mysql
