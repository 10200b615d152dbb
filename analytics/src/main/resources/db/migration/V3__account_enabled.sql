-- Whether the account is enabled in Keycloak (Account.Created/Updated v2); a v1 event leaves it as it is.
ALTER TABLE account ADD COLUMN enabled boolean NOT NULL DEFAULT true;
