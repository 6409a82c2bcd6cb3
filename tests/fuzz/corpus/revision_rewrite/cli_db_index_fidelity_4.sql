CREATE TABLE users (
  id int NOT NULL AUTO_INCREMENT,
  email varchar(255) NOT NULL,
  slug varchar(100) NOT NULL,
  status varchar(20) NOT NULL,
  age int,
  price decimal(10, 2),
  bio text,
  profile json,
  deleted_at datetime,
  PRIMARY KEY (id),
  CONSTRAINT ck_users_status CHECK (status IN ('active', 'banned')),
  CONSTRAINT ck_users_age CHECK (age BETWEEN 0 AND 150),
  CONSTRAINT ck_users_price CHECK (price >= 0)
);
CREATE UNIQUE INDEX ix_users_email_slug ON users (email, slug DESC);
CREATE INDEX ix_users_recent ON users (id DESC, status);
CREATE INDEX ix_users_bio ON users (bio(100));
CREATE UNIQUE INDEX ix_users_slug_prefix ON users (slug(20), status);
CREATE FULLTEXT INDEX ix_users_bio_search ON users (bio);
