import rules

from alongside.accounts.rules import is_org_admin, same_organization

rules.add_perm("programs.view_program", same_organization)
rules.add_perm("programs.manage_programs", is_org_admin)
rules.add_perm("programs.change_program", same_organization & is_org_admin)
