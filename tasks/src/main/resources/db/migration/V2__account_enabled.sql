-- Whether Keycloak lets the account sign in (Account.Created/Updated v2): a disabled account is given no task and
-- its open tasks move to someone who may have them. Accounts known before v2 were enabled: v1 carried no such state.
ALTER TABLE account ADD COLUMN enabled boolean NOT NULL DEFAULT true;
