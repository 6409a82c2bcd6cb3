CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email VARCHAR(255) NOT NULL,
  slug VARCHAR(100) NOT NULL,
  status VARCHAR(20) NOT NULL CONSTRAINT ck_users_status CHECK (status IN ('active', 'banned')),
  age INTEGER CONSTRAINT ck_users_age CHECK (age BETWEEN 0 AND 150),
  price NUMERIC(10, 2) CONSTRAINT ck_users_price CHECK (price >= 0),
  bio TEXT,
  profile JSON,
  deleted_at DATETIME
);
CREATE UNIQUE INDEX ix_users_lower_email ON users (lower(email));
CREATE INDEX ix_users_live ON users (status) WHERE deleted_at IS NULL;
CREATE INDEX ix_users_recent ON users (id DESC, status);
CREATE INDEX ix_users_slug_nocase ON users ([slug] COLLATE NOCASE);
CREATE INDEX ix_users_kind ON users (json_extract(profile, '$.kind')) WHERE status IN ('active', 'banned');
