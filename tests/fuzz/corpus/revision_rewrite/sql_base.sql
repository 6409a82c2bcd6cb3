-- strata:revision b2
-- +upgrade
SELECT 1;
