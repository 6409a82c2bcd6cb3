-- strata:revision e1
-- +upgrade
SELECT 1;
/* never closed
