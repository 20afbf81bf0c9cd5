import { useState, type FormEvent } from 'react';
import { Button, ErrorSummary, LiveMessage, LoadError, Loading, Select, Table, Tag, TextInput, WarningCallout, type TagColour } from '../../components/nhs';
import { client, useApi } from '../../lib/api';
import { createToken, revokeToken, TOKEN_LIFETIMES, tokenState, type ApiToken, type TokenState } from '../../lib/accounts';
import { hasRole, useAuth } from '../../lib/auth';
import { date, relative, when } from '../../lib/format';
import { subtree } from '../../lib/services';

const STATES: Record<TokenState, { label: string; colour: TagColour }> = {
  active: { label: 'Active', colour: 'green' },
  expiring: { label: 'Expires soon', colour: 'yellow' },
  expired: { label: 'Expired', colour: 'grey' },
  revoked: { label: 'Revoked', colour: 'red' },
};

/** API tokens of other systems: expiry and last use, revoke, and make a new one (shown once). */
export function Tokens() {
  const { actor } = useAuth();
  const list = useApi((signal) => client.GET('/api/tokens', { signal }));
  const orgs = useApi((signal) => client.GET('/api/organisations', { signal }));
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [name, setName] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [lifetime, setLifetime] = useState('365');

  const allOrgs = orgs.data?.organisations ?? [];
  const mine = hasRole(actor, 'admin') || !actor?.organisationId ? allOrgs : allOrgs.filter((o) => subtree(allOrgs, actor.organisationId!).includes(o.id));
  const orgName = (id: string) => allOrgs.find((o) => o.id === id)?.name ?? id;
  const chosenOrg = organisationId || mine[0]?.id || '';

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const result = await createToken({ name: name.trim(), organisationId: chosenOrg, expiresInDays: Number(lifetime) });
      setCreated({ name: result.apiToken.name, token: result.token });
      setMessage(`Token ${result.apiToken.name} made; it works until ${date(result.apiToken.expiresAt)}.`);
      setName('');
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: ApiToken) {
    setBusy(true);
    setError(null);
    try {
      await revokeToken(token.id);
      setMessage(`Token ${token.name} revoked; every server refuses it now.`);
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const now = new Date();
  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>API tokens</h1>
      <p className="nhsuk-body">Other systems (capacity feeds, referral receivers) act for an organisation with a token. Tokens expire; make a new one before then and revoke the old.</p>
      <ErrorSummary error={error} fieldIds={{ 'body.name': 'token-name', 'body.organisationId': 'token-org', 'body.expiresInDays': 'token-life' }} />
      <LiveMessage message={message} />
      {message && !error && <p className="nhsuk-body"><strong>{message}</strong></p>}
      {created && (
        <WarningCallout heading="Copy the token now — it is shown only once">
          <p className="nhsuk-body">
            {created.name}: <code data-testid="new-token">{created.token}</code>
          </p>
          <p className="nhsuk-body">Store it in the other system's secrets. Signpost keeps only a hash of it.</p>
        </WarningCallout>
      )}
      <LoadError error={list.error} retry={list.reload} />
      {!list.data ? (
        <Loading what="Loading tokens" />
      ) : (
        <Table
          rows={list.data.tokens}
          rowKey={(t) => t.id}
          empty="No API tokens yet."
          columns={[
            { heading: 'Name', cell: (t) => t.name },
            { heading: 'Organisation', cell: (t) => orgName(t.organisationId) },
            { heading: 'Made', cell: (t) => date(t.createdAt) },
            { heading: 'Expires', cell: (t) => `${date(t.expiresAt)} (${relative(t.expiresAt, now)})` },
            { heading: 'Last used', cell: (t) => (t.lastUsedAt ? when(t.lastUsedAt, now) : 'Never') },
            {
              heading: 'Status',
              cell: (t) => {
                const state = STATES[tokenState(t, now)];
                return <Tag colour={state.colour}>{state.label}</Tag>;
              },
            },
            {
              heading: '',
              cell: (t) =>
                t.revokedAt ? null : (
                  <Button small variant="secondary" disabled={busy} onClick={() => revoke(t)} aria-label={`Revoke ${t.name}`}>
                    Revoke
                  </Button>
                ),
            },
          ]}
        />
      )}
      <h2 className="nhsuk-heading-m">Make a token</h2>
      <form onSubmit={create} noValidate>
        <TextInput id="token-name" label="What is it for" hint="For example: Capacity feed from the EPR" value={name} onValue={setName} width={30} />
        <Select id="token-org" label="Acts for" value={chosenOrg} onValue={setOrganisationId} options={mine.map((o) => ({ value: o.id, label: o.name }))} />
        <Select id="token-life" label="Works for" value={lifetime} onValue={setLifetime} options={TOKEN_LIFETIMES} />
        <Button type="submit" disabled={busy || !chosenOrg}>
          Make token
        </Button>
      </form>
    </>
  );
}
