-- strata:revision e1
-- +upgrade
CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END
