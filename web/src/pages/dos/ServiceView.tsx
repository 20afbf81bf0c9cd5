import { useState } from 'react';
import { AccessSummary, ageRangeText, DiffTable, OpeningHoursTable, RagBadge } from '../../components/directory';
import { Button, ButtonLink, Details, ErrorSummary, LoadError, Loading, SummaryList, Tag } from '../../components/nhs';
import { call, client, useApi } from '../../lib/api';
import { hasRole, useAuth } from '../../lib/auth';
import { date, dateTime, when } from '../../lib/format';
import { useReference } from '../../lib/reference';
import { Link } from '../../lib/router';
import { CapabilitiesList } from './CapabilitiesEditor';

export function ServiceView({ params }: { params: Record<string, string> }) {
  const { actor } = useAuth();
  const ref = useReference();
  const id = params.id;
  const service = { params: { path: { id: Number(id) } } };
  const loaded = useApi((signal) => client.GET('/api/directory/services/{id}', { ...service, signal }), id);
  const history = useApi((signal) => client.GET('/api/directory/services/{id}/history', { ...service, signal }), id);
  const capacity = useApi((signal) => client.GET('/api/capacity/services/{id}', { ...service, signal }), id);
  const canEdit = hasRole(actor, 'dos_lead', 'provider_staff');
  const pending = useApi(canEdit ? (signal) => client.GET('/api/directory/changes', { params: { query: { status: 'pending', serviceId: Number(id) } }, signal }) : null, id);
  // Approved changes waiting for their date: everyone who reads the service should know they are coming.
  const scheduled = useApi(hasRole(actor, 'dos_lead', 'provider_staff', 'commissioner', 'admin') ? (signal) => client.GET('/api/directory/changes', { params: { query: { status: 'scheduled', serviceId: Number(id) } }, signal }) : null, id);
  const [verifyError, setVerifyError] = useState<unknown>(null);
  const [verified, setVerified] = useState<string | null>(null);

  if (loaded.error) return <LoadError error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading what="Loading the service" />;
  const { service: s, opening } = loaded.data;
  const verify = async () => {
    setVerifyError(null);
    try {
      await call(client.POST('/api/directory/services/{id}/verify', service));
      setVerified('Recorded: the profile was checked and is correct.');
      loaded.reload();
    } catch (e) {
      setVerifyError(e);
    }
  };
  return (
    <>
      <ErrorSummary error={verifyError} />
      <h1 className="nhsuk-heading-l" tabIndex={-1}>
        <span className="nhsuk-caption-l">{ref?.typeName(s.typeId)}</span>
        {s.name}
      </h1>
      <p className="nhsuk-body">
        {opening.openNow ? <Tag colour="green">Open now</Tag> : <Tag colour="grey">Closed now</Tag>}{' '}
        {opening.openNow ? (opening.nextClosing ? `until ${when(opening.nextClosing)}` : '(24 hours)') : opening.nextOpening ? `opens ${when(opening.nextOpening)}` : ''}
        {' · '}Capacity: {capacity.data ? <RagBadge status={capacity.data.status} /> : '…'}
        {capacity.data?.record?.reason ? ` — ${capacity.data.record.reason}` : ''}
      </p>
      {verified && <div className="nhsuk-inset-text" role="status">{verified}</div>}
      <div className="sp-actions">
        {canEdit && <ButtonLink to={`/dos/services/${id}/edit`}>Propose changes</ButtonLink>}
        {canEdit && (
          <Button variant="secondary" onClick={verify}>
            Mark as verified
          </Button>
        )}
        <ButtonLink to={`/dos/services/${id}/searches`} variant="secondary">
          Which searches return this service?
        </ButtonLink>
        {hasRole(actor, 'provider_staff', 'dos_lead') && <Link to={`/provider/capacity?service=${id}`}>Set capacity</Link>}
      </div>
      {pending.data && pending.data.changes.length > 0 && (
        <div className="nhsuk-inset-text">
          <p>
            {pending.data.changes.length} proposed change(s) waiting:{' '}
            {pending.data.changes.map((c) => (
              <Link key={c.id} to={`/dos/approvals/${c.id}`}>
                {c.reason}
                {c.effectiveFrom ? ` (from ${dateTime(c.effectiveFrom)})` : ''}{' '}
              </Link>
            ))}
          </p>
        </div>
      )}
      {scheduled.data && scheduled.data.changes.length > 0 && (
        <div className="nhsuk-inset-text" data-testid="scheduled-changes">
          <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">Scheduled changes</h2>
          <ul className="nhsuk-list">
            {[...scheduled.data.changes].reverse().map((c) => (
              <li key={c.id}>
                <Tag colour="purple">Scheduled</Tag> From <strong>{dateTime(c.effectiveFrom)}</strong>: <Link to={`/dos/approvals/${c.id}`}>{c.reason}</Link> ({Object.keys(c.proposal).join(', ')}) — proposed by {c.proposedByName}, approved by {c.decidedByName}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="sp-two-col">
        <div>
          <h2 className="nhsuk-heading-m">Profile</h2>
          <SummaryList
            rows={[
              { key: 'Public name', value: s.publicName },
              { key: 'Status', value: s.status },
              { key: 'Description', value: s.description ?? '—' },
              { key: 'Address', value: [...s.address.lines, s.address.town, s.address.postcode].join(', ') },
              { key: 'Area', value: ref?.areaName(s.areaCode) ?? s.areaCode ?? '—' },
              { key: 'How to get in', value: <AccessSummary access={s.access} /> },
              { key: 'Who may refer', value: s.referralRoles.join(', ') },
              { key: 'Ages', value: ageRangeText(s.eligibility.ageFromDays, s.eligibility.ageToDays) },
              { key: 'Sexes', value: s.eligibility.sexes.join(' and ') },
              { key: 'Registered practices only', value: s.eligibility.registeredPractices.join(', ') || 'Anyone' },
              { key: 'Public phone', value: s.contacts.publicPhone ?? '—' },
              { key: 'Professional phone', value: s.contacts.professionalPhone ?? '—' },
              { key: 'Referral endpoints', value: s.referralEndpoints.map((e) => `${e.kind}: ${e.address}${e.description ? ` (${e.description})` : ''}`).join('; ') || '—' },
              { key: 'Commissioned for', value: s.areas.commissionedFor.map((a) => ref?.areaName(a) ?? a).join(', ') || '—' },
              { key: 'Limited to', value: s.areas.limitedTo.map((a) => ref?.areaName(a) ?? a).join(', ') || 'No limit' },
              { key: 'Last verified', value: s.lastVerifiedAt ? date(s.lastVerifiedAt) : 'Never' },
              { key: 'Verify by', value: s.nextVerificationDue ? date(s.nextVerificationDue) : '—' },
              { key: 'Version', value: s.version },
            ]}
          />
        </div>
        <div>
          <OpeningHoursTable hours={s.openingTimes} />
          <h2 className="nhsuk-heading-m">What it can do</h2>
          <CapabilitiesList capabilities={s.capabilities ?? []} />
          <h2 className="nhsuk-heading-m">Clinical coverage</h2>
          <Details summary={`${s.coverage.dispositions.length} dispositions`}>
            <ul className="nhsuk-list nhsuk-list--bullet">
              {s.coverage.dispositions.map((d) => (
                <li key={d}>
                  {d} — {ref?.dispositionTitle(d)}
                </li>
              ))}
            </ul>
          </Details>
          <Details summary={`${s.coverage.symptoms.length} symptom group / discriminator pairs`}>
            <ul className="nhsuk-list nhsuk-list--bullet">
              {s.coverage.symptoms.map((p) => (
                <li key={`${p.sg}/${p.sd}`}>
                  SG {p.sg} {ref?.sgTitle(p.sg)} / SD {p.sd} {ref?.sdTitle(p.sd)}
                </li>
              ))}
            </ul>
          </Details>
        </div>
      </div>
      <h2 className="nhsuk-heading-m">History</h2>
      {scheduled.data?.changes.map((c) => (
        <p key={c.id} className="nhsuk-body" data-testid="history-scheduled">
          <Tag colour="purple">Scheduled</Tag> <strong>From {dateTime(c.effectiveFrom)}</strong>: {c.reason} (approved by {c.decidedByName})
        </p>
      ))}
      {history.data ? (
        <ol className="sp-timeline" reversed>
          {[...history.data.versions].reverse().map((v) => (
            <li key={v.version}>
              <p className="nhsuk-body nhsuk-u-margin-bottom-1">
                <strong>Version {v.version}</strong> — {when(v.changedAt)} by {v.changedByName ?? 'Signpost'}: {v.reason}
              </p>
              {v.diff.length > 0 && v.version > 1 && (
                <Details summary={`${v.diff.length} field(s) changed`}>
                  <DiffTable diff={v.diff} labels={['Before', 'After']} />
                </Details>
              )}
            </li>
          ))}
        </ol>
      ) : (
        <Loading what="Loading history" />
      )}
    </>
  );
}
