CREATE TABLE users (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(255) NOT NULL,
  is_active tinyint(1) NOT NULL DEFAULT 1,
  created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  bio text,
  status varchar(20) NOT NULL DEFAULT 'active'
) ENGINE=InnoDB;
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE TABLE posts (
  id INT AUTO_INCREMENT PRIMARY KEY,
  author_id int NOT NULL,
  title VARCHAR(200) NOT NULL,
  price DECIMAL(10, 2) NOT NULL,
  CONSTRAINT check_price_positive CHECK (price >= 0),
  CONSTRAINT uq_posts_author_id UNIQUE (author_id, title),
  CONSTRAINT fk_posts_author_id FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_posts_title ON posts (title);
