-- strata:revision 4d4d4d4d4d4d
-- strata:down_revision 3c9b1f0e2d4a
-- +upgrade
SELECT 1;
INSERT INTO t VALUES ('unterminated);
