-- strata:revision e1
SELECT 1;
-- +upgrade
