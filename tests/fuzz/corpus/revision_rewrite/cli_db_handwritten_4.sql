CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email VARCHAR(255) NOT NULL,
  is_active BOOLEAN NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP),
  bio TEXT,
  status VARCHAR(20) NOT NULL DEFAULT 'active'
);
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE TABLE posts (
  id INTEGER NOT NULL PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title VARCHAR(200) NOT NULL,
  price NUMERIC(10, 2) NOT NULL CONSTRAINT check_price_positive CHECK (price >= 0),
  CONSTRAINT uq_posts_author_id UNIQUE (author_id, title)
);
CREATE INDEX ix_posts_title ON posts (title);
