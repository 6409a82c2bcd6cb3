-- The seed's blog as a SQLite application ships it (the .schema of its
-- database): inline REFERENCES with ON DELETE, table-level UNIQUE and
-- named CHECK constraints, a composite primary key, DATETIME/BOOLEAN/CHAR
-- affinity types, expression defaults, a partial index, triggers and a view.
-- Only what strata handles on main today: AUTOINCREMENT, WITHOUT ROWID and
-- COLLATE are in table_options.sqlite.sql, an unnamed CHECK in
-- unnamed_check.sqlite.sql, all of it in crm_legacy.sqlite.sql.
PRAGMA foreign_keys = ON;
BEGIN TRANSACTION;
CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    username VARCHAR(50) NOT NULL,
    hashed_password VARCHAR(255) NOT NULL,
    full_name VARCHAR(255),
    bio TEXT,
    is_active BOOLEAN NOT NULL DEFAULT 1,
    is_superuser BOOLEAN NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP),
    updated_at DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP),
    CONSTRAINT uq_users_username UNIQUE (username),
    CONSTRAINT ck_users_email_has_at CHECK (email LIKE '%_@_%')
);
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE TABLE posts (
    id INTEGER NOT NULL PRIMARY KEY,
    title VARCHAR(255) NOT NULL,
    slug VARCHAR(255) NOT NULL,
    content TEXT NOT NULL,
    published BOOLEAN NOT NULL DEFAULT 0,
    author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    view_count INTEGER NOT NULL DEFAULT 0 CONSTRAINT ck_posts_view_count CHECK (view_count >= 0),
    created_at DATETIME DEFAULT (CURRENT_TIMESTAMP),
    updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP)
);
CREATE UNIQUE INDEX ix_posts_slug ON posts (slug);
CREATE INDEX ix_posts_title ON posts (title);
CREATE INDEX ix_posts_published_created_at ON posts (created_at) WHERE published = 1;
CREATE TABLE comments (
    id INTEGER NOT NULL PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP),
    CONSTRAINT ck_comments_body_not_empty CHECK (length(body) > 0)
);
CREATE INDEX ix_comments_post_id ON comments (post_id);
CREATE TABLE products (
    id INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    price NUMERIC(10, 2) NOT NULL,
    stock INTEGER NOT NULL DEFAULT 0,
    sku CHAR(12),
    CONSTRAINT check_price_positive CHECK (price >= 0),
    CONSTRAINT check_stock_positive CHECK (stock >= 0),
    CONSTRAINT uq_products_sku UNIQUE (sku)
);
CREATE TABLE post_tags (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag VARCHAR(50) NOT NULL,
    PRIMARY KEY (post_id, tag)
);
CREATE VIEW published_posts AS
    SELECT p.id, p.title, p.slug, u.username AS author
    FROM posts p JOIN users u ON u.id = p.author_id
    WHERE p.published = 1;
CREATE TRIGGER touch_posts_updated_at AFTER UPDATE ON posts
BEGIN
    UPDATE posts SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
CREATE TRIGGER touch_users_updated_at AFTER UPDATE OF email, username, full_name, bio ON users
BEGIN
    UPDATE users SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
COMMIT;
