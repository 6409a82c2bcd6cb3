CREATE TABLE users (
  id serial PRIMARY KEY,
  email varchar(255) NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  bio text,
  status character varying(20) NOT NULL DEFAULT 'active'
);
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE TABLE posts (
  id SERIAL PRIMARY KEY,
  author_id int4 NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title VARCHAR(200) NOT NULL,
  price DECIMAL(10, 2) NOT NULL CONSTRAINT check_price_positive CHECK (price >= 0),
  CONSTRAINT uq_posts_author_id UNIQUE (author_id, title)
);
CREATE INDEX ix_posts_title ON posts (title);
