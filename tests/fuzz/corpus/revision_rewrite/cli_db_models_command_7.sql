CREATE TABLE tags (id serial PRIMARY KEY, label varchar(40) NOT NULL);
