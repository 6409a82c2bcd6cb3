// The database drivers (one folder per database: sqlite/, postgresql/) are
// built on SOCI and libpq. They arrive with the runtime work (upgrade,
// downgrade, current, stamp); the foundation needs no database.
#pragma once
