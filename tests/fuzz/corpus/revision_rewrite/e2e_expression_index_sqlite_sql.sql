-- One feature: expression indexes on SQLite (lower(), a column mixed with
-- an expression, and a unique one on an expression with a WHERE).
CREATE TABLE accounts (
    id INTEGER NOT NULL PRIMARY KEY,
    tenant INTEGER NOT NULL,
    email VARCHAR(255) NOT NULL,
    deleted_at DATETIME
);
CREATE UNIQUE INDEX ix_accounts_email_lower ON accounts (lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX ix_accounts_tenant_email ON accounts (tenant, lower(email));
