-- strata:revision 3c9b1f0e2d4a
-- strata:down_revision ae1027a6acf0
-- strata:message backfill slugs
-- strata:create_date 2026-11-25 10:02:00.000000
-- +upgrade
UPDATE posts SET slug = lower(title) WHERE slug IS NULL;
-- +downgrade
