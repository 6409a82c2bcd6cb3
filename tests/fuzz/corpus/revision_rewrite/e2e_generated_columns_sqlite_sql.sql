-- One feature: generated columns, VIRTUAL (the default, and written) and
-- STORED, one indexed, as SQLite 3.31+ has them.
CREATE TABLE invoice_lines (
    id INTEGER NOT NULL PRIMARY KEY,
    quantity INTEGER NOT NULL DEFAULT 1,
    unit_price NUMERIC(10, 2) NOT NULL,
    net NUMERIC(12, 2) GENERATED ALWAYS AS (quantity * unit_price) STORED,
    label TEXT AS ('line ' || id),
    shout TEXT GENERATED ALWAYS AS (upper(label)) VIRTUAL
);
CREATE INDEX ix_invoice_lines_net ON invoice_lines (net);
