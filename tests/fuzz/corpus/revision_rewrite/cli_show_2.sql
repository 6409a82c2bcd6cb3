-- strata:revision ae1027a6acf0
-- strata:down_revision 1975ea83b712
-- strata:branch_labels accounts
-- strata:message Add a column
-- strata:create_date 2026-11-25 10:01:00.000000
-- +upgrade
ALTER TABLE account ADD COLUMN last_transaction_date TIMESTAMP;
-- +downgrade
ALTER TABLE account DROP COLUMN last_transaction_date;
