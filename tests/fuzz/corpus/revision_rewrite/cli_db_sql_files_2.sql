-- strata:revision s1
-- strata:message notes table
-- +upgrade
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL); -- a comment; with a semicolon
/* a block comment; with a semicolon */
INSERT INTO notes (id, body) VALUES (1, 'semi;colon'), (2, 'it''s "quoted"; -- not a comment');
-- +downgrade
DROP TABLE notes;
