-- strata:revision c3
-- strata:down_revision a1, b2
-- strata:message merge
-- +upgrade
CREATE TABLE t (id INTEGER PRIMARY KEY);
-- +downgrade
DROP TABLE t;
