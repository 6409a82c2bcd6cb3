CREATE TABLE users (
  id serial PRIMARY KEY,
  email varchar(255) NOT NULL,
  slug varchar(100) NOT NULL,
  status varchar(20) NOT NULL CONSTRAINT ck_users_status CHECK (status IN ('active', 'banned')),
  age integer CONSTRAINT ck_users_age CHECK (age BETWEEN 0 AND 150),
  price numeric(10, 2) CONSTRAINT ck_users_price CHECK (price >= 0),
  bio text,
  profile jsonb,
  deleted_at timestamptz
);
CREATE UNIQUE INDEX ix_users_lower_email ON users (lower(email));
CREATE INDEX ix_users_live ON users (status) WHERE deleted_at IS NULL;
CREATE INDEX ix_users_recent ON users (id DESC, status);
CREATE INDEX ix_users_slug_pattern ON users (slug text_pattern_ops);
CREATE INDEX ix_users_bio_search ON users USING gin (to_tsvector('english', coalesce(bio, '')));
CREATE INDEX ix_users_profile ON users USING gin (profile);
CREATE INDEX ix_users_kind ON users ((profile ->> 'kind')) WHERE status IN ('active', 'banned');
