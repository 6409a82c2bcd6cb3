-- One feature: CHECK constraints without a name, inline on a column and at
-- table level, as most hand-written SQLite schemas have them.
CREATE TABLE products (
    id INTEGER NOT NULL PRIMARY KEY,
    price NUMERIC(10, 2) NOT NULL CHECK (price >= 0),
    stock INTEGER NOT NULL DEFAULT 0,
    CHECK (stock >= 0)
);
