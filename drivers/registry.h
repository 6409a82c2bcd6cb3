// URL -> driver. An explicit list (no static registration): adding a database
// means a new folder under drivers/ and one branch here.
#pragma once

#include <memory>

#include "core/database_url.h"
#include "core/dialect.h"
#include "core/session.h"

namespace strata::drivers {

/// Connects to URL; throws DatabaseError (exit 1) when it cannot.
std::unique_ptr<core::Session> open_session(const core::DatabaseUrl& url);

/// The dialect of URL's database, for offline `--sql` runs (no connection).
const core::Dialect& dialect_for(const core::DatabaseUrl& url);

}  // namespace strata::drivers
