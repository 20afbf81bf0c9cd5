// Sign-in throttling kept in the database, so every server process sees the same counts.
// One row per thing counted: an account at one address, an address, an account (see identity/throttle.ts).
export const up = String.raw`
create table login_throttle (
  key text primary key,
  kind text not null check (kind in ('account-address', 'address', 'account')),
  username text,
  failures int not null check (failures >= 0),
  last_failure_at timestamptz not null,
  blocked_until timestamptz
);
create index login_throttle_username on login_throttle (username) where username is not null;
create index login_throttle_last_failure on login_throttle (last_failure_at);

-- The old per-user counter is replaced by the table above.
alter table users drop column failed_logins, drop column last_failed_login_at;
`;
