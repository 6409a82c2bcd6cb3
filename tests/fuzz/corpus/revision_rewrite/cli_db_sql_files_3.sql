-- strata:revision s2
-- strata:down_revision s1
-- strata:message backfill
-- +upgrade
UPDATE notes SET body = body || '!' WHERE id = 1;
-- +downgrade
