-- One feature set: SQLite table and column options a reflected schema must
-- keep: AUTOINCREMENT (ids never reused), WITHOUT ROWID (a clustered
-- composite key), and a column's COLLATE NOCASE (and the index that
-- inherits it).
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email VARCHAR(255) NOT NULL COLLATE NOCASE
);
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE TABLE user_tags (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tag VARCHAR(50) NOT NULL,
    PRIMARY KEY (user_id, tag)
) WITHOUT ROWID;
