-- strata:revision {{revision}}
-- strata:down_revision {{down_revision}}
-- strata:branch_labels {{branch_labels}}
-- strata:depends_on {{depends_on}}
-- strata:message {{message}}
-- strata:create_date {{create_date}}

-- +upgrade

-- +downgrade

