import rules

from alongside.accounts.rules import is_org_admin

rules.add_perm("audit.view_events", is_org_admin)
