import { useState } from 'react';
import { DiffTable } from '../../components/directory';
import { BackLink, Button, ErrorSummary, LoadError, Loading, SummaryList, Tag, Textarea } from '../../components/nhs';
import { call, client, useApi } from '../../lib/api';
import { hasRole, useAuth } from '../../lib/auth';
import { dateTime, when } from '../../lib/format';
import { Link } from '../../lib/router';
import { useServiceNames } from '../../lib/services';
import { CHANGE_COLOURS, changeStatusText } from './Approvals';

export function ChangeDetail({ params }: { params: Record<string, string> }) {
  const { actor } = useAuth();
  const loaded = useApi((signal) => client.GET('/api/directory/changes/{id}', { params: { path: { id: params.id } }, signal }), params.id);
  const names = useServiceNames([loaded.data?.change.serviceId]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (loaded.error) return <LoadError error={loaded.error} />;
  if (!loaded.data) return <Loading what="Loading the proposal" />;
  const { change, diff } = loaded.data;
  const act = async (action: 'approve' | 'reject' | 'withdraw') => {
    setError(null);
    try {
      const given = reason.trim();
      const path = { params: { path: { id: change.id } } };
      if (action === 'approve') {
        const r = await call(client.POST('/api/directory/changes/{id}/approve', { ...path, body: { reason: given || undefined } }));
        setMessage(
          r.change.status === 'scheduled'
            ? `Approved and scheduled: the change applies on ${dateTime(r.change.effectiveFrom)}; until then the service stays as it is.`
            : 'Approved: the change now applies and is a new version of the service.',
        );
        loaded.reload();
        return;
      } else if (action === 'withdraw') await call(client.POST('/api/directory/changes/{id}/withdraw', path));
      else if (!given) throw new Error(change.status === 'scheduled' ? 'Say why the change is called off' : 'Say why you reject the change');
      else await call(client.POST('/api/directory/changes/{id}/reject', { ...path, body: { reason: given } }));
      setMessage(action === 'reject' ? (change.status === 'scheduled' ? 'Called off: it will not apply.' : 'Rejected.') : 'Withdrawn.');
      loaded.reload();
    } catch (e) {
      setError(e);
    }
  };
  const mine = change.proposedBy === actor?.id;
  return (
    <>
      <BackLink to="/dos/approvals">Approvals queue</BackLink>
      <ErrorSummary error={error} />
      <h1 className="nhsuk-heading-l" tabIndex={-1}>
        <span className="nhsuk-caption-l">{change.kind === 'create' ? 'New service' : 'Proposed change'}</span>
        {(change.serviceId ? names[change.serviceId] : undefined) ?? (change.proposal as { name?: string }).name ?? `Service ${change.serviceId}`}
      </h1>
      {message && (
        <div className="nhsuk-inset-text" role="status">
          {message}
        </div>
      )}
      <SummaryList
        rows={[
          { key: 'Status', value: <Tag colour={CHANGE_COLOURS[change.status]}>{changeStatusText(change)}</Tag> },
          { key: 'Why', value: change.reason },
          { key: 'Takes effect', value: change.effectiveFrom ? `From ${dateTime(change.effectiveFrom)}` : 'As soon as it is approved' },
          { key: 'Proposed', value: `${when(change.proposedAt)} by ${change.proposedByName} (${change.proposedByOrg})` },
          ...(change.decidedAt
            ? [{ key: change.status === 'rejected' ? 'Rejected' : change.status === 'withdrawn' ? 'Withdrawn' : 'Approved', value: `${when(change.decidedAt)} by ${change.decidedByName ?? '—'}${change.decisionReason ? ` — ${change.decisionReason}` : ''}` }]
            : []),
          ...(change.appliedAt ? [{ key: 'Applied', value: dateTime(change.appliedAt) }] : []),
          ...(change.lapsedReason ? [{ key: 'Not applied', value: change.lapsedReason }] : []),
          ...(change.serviceId ? [{ key: 'Service', value: <Link to={`/dos/services/${change.serviceId}`}>See the service as it is now</Link> }] : []),
        ]}
      />
      <h2 className="nhsuk-heading-m">What would change</h2>
      {change.effectiveFrom && (change.status === 'pending' || change.status === 'scheduled') && (
        <p className="nhsuk-body">Compared with the service as it will be on {dateTime(change.effectiveFrom)}, after any changes scheduled before then.</p>
      )}
      <DiffTable diff={diff} labels={change.kind === 'create' ? ['', 'New'] : [change.effectiveFrom ? 'Before' : 'Now', 'Proposed']} />
      {change.status === 'pending' && (
        <>
          {hasRole(actor, 'dos_lead') && !mine && (
            <>
              <h2 className="nhsuk-heading-m">Decide</h2>
              <Textarea id="decision-reason" label="Reason (needed to reject)" value={reason} onValue={setReason} />
              <div className="sp-actions">
                <Button onClick={() => act('approve')}>Approve</Button>
                <Button variant="warning" onClick={() => act('reject')}>
                  Reject
                </Button>
              </div>
            </>
          )}
          {mine && (
            <>
              <p className="nhsuk-body">You proposed this change, so someone else must approve it.</p>
              <Button variant="secondary" onClick={() => act('withdraw')}>
                Withdraw my proposal
              </Button>
            </>
          )}
        </>
      )}
      {change.status === 'scheduled' && (
        <>
          <h2 className="nhsuk-heading-m">Call it off</h2>
          <p className="nhsuk-body">Until {dateTime(change.effectiveFrom)} this change can still be called off; then it never applies.</p>
          {hasRole(actor, 'dos_lead') && !mine && (
            <>
              <Textarea id="decision-reason" label="Why is it called off?" value={reason} onValue={setReason} />
              <Button variant="warning" onClick={() => act('reject')}>
                Call off the scheduled change
              </Button>
            </>
          )}
          {mine && (
            <Button variant="secondary" onClick={() => act('withdraw')}>
              Withdraw my change
            </Button>
          )}
        </>
      )}
    </>
  );
}
