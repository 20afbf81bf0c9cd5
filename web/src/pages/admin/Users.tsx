import { useState } from 'react';
import { Button, ErrorSummary, LiveMessage, LoadError, Loading, Radios, Table, Tag, TextInput, WarningCallout } from '../../components/nhs';
import { client, useApi } from '../../lib/api';
import { endSessions, filterUsers, unlockSignIn, resetPassword, setActive, type UserAccount } from '../../lib/accounts';
import { ROLE_NAMES, useAuth } from '../../lib/auth';
import { plural } from '../../lib/format';

type Pending = { user: UserAccount; action: 'deactivate' | 'reset' | 'end-sessions' };

const CONFIRM: Record<Pending['action'], { question: (u: UserAccount) => string; button: string }> = {
  deactivate: { question: (u) => `Deactivate ${u.displayName}? Their sessions end at once and the API tokens they made stop working.`, button: 'Yes, deactivate' },
  reset: { question: (u) => `Reset the password of ${u.displayName}? A new one is made and shown once; their sessions end.`, button: 'Yes, reset the password' },
  'end-sessions': { question: (u) => `Sign ${u.displayName} out everywhere?`, button: 'Yes, end their sessions' },
};

/** The admin's list of accounts: status, and deactivate / reactivate, reset password, end sessions. */
export function Users() {
  const { actor } = useAuth();
  const list = useApi((signal) => client.GET('/api/users', { signal }));
  const orgs = useApi((signal) => client.GET('/api/organisations', { signal }));
  const orgName = (id: string) => orgs.data?.organisations.find((o) => o.id === id)?.name ?? id;
  const [filter, setFilter] = useState('');
  const [show, setShow] = useState<'all' | 'active' | 'inactive'>('all');
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [newPassword, setNewPassword] = useState<{ username: string; password: string } | null>(null);

  async function run(work: () => Promise<string>) {
    setBusy(true);
    setError(null);
    try {
      setMessage(await work());
      setPending(null);
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const reactivate = (user: UserAccount) =>
    run(async () => {
      await setActive(user.id, true);
      return `${user.displayName} is active again; they sign in afresh.`;
    });

  const unlock = (user: UserAccount) =>
    run(async () => {
      const { wasLocked } = await unlockSignIn(user.id);
      return wasLocked ? `${user.displayName} can sign in again; the lockout is lifted.` : `${user.displayName} was not locked out; failed sign-ins counted against them are forgotten.`;
    });

  async function confirm({ user, action }: Pending) {
    setNewPassword(null);
    await run(async () => {
      if (action === 'deactivate') {
        await setActive(user.id, false);
        return `${user.displayName} is deactivated; their sessions have ended.`;
      }
      if (action === 'end-sessions') {
        const { sessionsEnded } = await endSessions(user.id);
        return `${plural(sessionsEnded, 'session')} of ${user.displayName} ended.`;
      }
      const result = await resetPassword(user.id);
      if (result.password) setNewPassword({ username: user.username, password: result.password });
      return `Password of ${user.displayName} reset; ${plural(result.sessionsEnded, 'session')} ended.`;
    });
  }

  const rows = list.data ? filterUsers(list.data.users, filter, show) : [];
  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Users</h1>
      <p className="nhsuk-body">Everyone who can sign in to Signpost. Create accounts with <code>signpost users create</code>.</p>
      <ErrorSummary error={error} />
      <LiveMessage message={message} />
      {message && !error && <p className="nhsuk-body" data-testid="users-message"><strong>{message}</strong></p>}
      {newPassword && (
        <WarningCallout heading="New password — shown only now">
          <p className="nhsuk-body">
            Give <strong>{newPassword.username}</strong> this password by a safe route: <code data-testid="new-password">{newPassword.password}</code>
          </p>
          <p className="nhsuk-body">They can change it under “Change my password” once signed in.</p>
        </WarningCallout>
      )}
      {pending && (
        <WarningCallout heading="Please confirm">
          <p className="nhsuk-body">{CONFIRM[pending.action].question(pending.user)}</p>
          <div className="sp-actions">
            <Button variant={pending.action === 'deactivate' ? 'warning' : 'primary'} disabled={busy} onClick={() => confirm(pending)}>
              {CONFIRM[pending.action].button}
            </Button>{' '}
            <Button variant="secondary" disabled={busy} onClick={() => setPending(null)}>
              Cancel
            </Button>
          </div>
        </WarningCallout>
      )}
      <div className="sp-row">
        <TextInput label="Find a user" hint="Username, name or organisation" value={filter} onValue={setFilter} width={20} />
        <Radios
          legend="Show"
          legendSize="s"
          name="show"
          inline
          small
          value={show}
          onValue={(v) => setShow(v as typeof show)}
          choices={[
            { value: 'all', label: 'All' },
            { value: 'active', label: 'Active' },
            { value: 'inactive', label: 'Deactivated' },
          ]}
        />
      </div>
      <LoadError error={list.error} retry={list.reload} />
      {!list.data ? (
        <Loading what="Loading users" />
      ) : (
        <Table
          rows={rows}
          rowKey={(u) => u.id}
          empty="No users match."
          columns={[
            { heading: 'Username', cell: (u) => u.username },
            { heading: 'Name', cell: (u) => u.displayName },
            { heading: 'Organisation', cell: (u) => orgName(u.organisationId) },
            { heading: 'Roles', cell: (u) => u.roles.map((r) => ROLE_NAMES[r] ?? r).join(', ') },
            { heading: 'Status', cell: (u) => (u.active ? <Tag colour="green">Active</Tag> : <Tag colour="grey">Deactivated</Tag>) },
            {
              heading: 'Actions',
              cell: (u) =>
                u.id === actor?.id ? (
                  <span className="nhsuk-body-s">You (use Change my password)</span>
                ) : (
                  <div className="sp-actions">
                    {u.active ? (
                      <Button small variant="warning" disabled={busy} onClick={() => setPending({ user: u, action: 'deactivate' })} aria-label={`Deactivate ${u.username}`}>
                        Deactivate
                      </Button>
                    ) : (
                      <Button small variant="secondary" disabled={busy} onClick={() => reactivate(u)} aria-label={`Reactivate ${u.username}`}>
                        Reactivate
                      </Button>
                    )}{' '}
                    <Button small variant="secondary" disabled={busy} onClick={() => setPending({ user: u, action: 'reset' })} aria-label={`Reset password of ${u.username}`}>
                      Reset password
                    </Button>{' '}
                    <Button small variant="secondary" disabled={busy} onClick={() => unlock(u)} aria-label={`Unlock sign-in of ${u.username}`}>
                      Unlock sign-in
                    </Button>{' '}
                    {u.active && (
                      <Button small variant="secondary" disabled={busy} onClick={() => setPending({ user: u, action: 'end-sessions' })} aria-label={`End sessions of ${u.username}`}>
                        End sessions
                      </Button>
                    )}
                  </div>
                ),
            },
          ]}
        />
      )}
    </>
  );
}
