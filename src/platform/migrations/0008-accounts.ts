// API tokens expire. Tokens made before expiry existed get a year from when they were made, the
// default for new ones.
export const up = String.raw`
alter table api_tokens add column expires_at timestamptz;
update api_tokens set expires_at = created_at + interval '1 year' where expires_at is null;
alter table api_tokens alter column expires_at set not null;
`;
