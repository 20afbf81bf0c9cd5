import { useState } from 'react';
import { Button, ErrorSummary, Table, Tag, Textarea, WarningCallout } from '../../components/nhs';
import { call, client, type Reply } from '../../lib/api';
import { hasRole, useAuth } from '../../lib/auth';
import { when } from '../../lib/format';
import type { ContentVersion } from './ContentVersions';

/** The safety part of the impact report (GET …/impact → safety), as the server's schema says. */
export type SafetyReview = Reply<'/api/triage/content/versions/{id}/impact'>['safety'];
type GuardOutcome = NonNullable<SafetyReview['findings']>['vignettes'][number]['from'];

const change = (from: GuardOutcome, to: GuardOutcome) => `${from.disposition} (${from.band}) → ${to.disposition} (${to.band}) at ${to.outcomeNodeId}`;

/**
 * What publishing this version makes less urgent than the content in use, and the second
 * reviewer's sign-off it then needs (not the author, not the approver) before it can be published.
 */
export function SafetyReviewView({ version, safety, onSigned }: { version: ContentVersion; safety: SafetyReview; onSigned: () => void }) {
  const { actor } = useAuth();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const f = safety.findings;
  const canSign =
    safety.signoffRequired &&
    !safety.signedOff &&
    hasRole(actor, 'clinical_governance') &&
    actor?.id !== version.author &&
    actor?.id !== version.reviewer &&
    (version.status === 'approved' || version.status === 'superseded');
  const signOff = async () => {
    setError(null);
    try {
      await call(client.POST('/api/triage/content/versions/{id}/safety-signoff', { params: { path: { id: version.id } }, body: { reason } }));
      setReason('');
      onSigned();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section data-testid="safety-review">
      <h3 className="nhsuk-heading-s">Safety review</h3>
      <ErrorSummary error={error} />
      {!f || !safety.against ? (
        <p className="nhsuk-body">Nothing is published in this area to compare with.</p>
      ) : !safety.signoffRequired ? (
        <p className="nhsuk-body" role="status">
          <Tag colour="green">Nothing less urgent</Tag> Against {safety.against.label}: {f.vignettesChecked} emergency vignettes and {f.sessionsReplayed} recorded sessions are no less urgent.
        </p>
      ) : (
        <WarningCallout heading={safety.signedOff ? 'Less urgent — signed off' : 'Less urgent — needs a safety sign-off before publishing'}>
          <p>
            Against {safety.against.label}: {f.vignettes.length} of {f.vignettesChecked} emergency vignettes and {f.sessionsLessUrgent} of {f.sessionsReplayed} recorded sessions become less urgent.
          </p>
          <Table
            rows={[...f.vignettes.map((v) => ({ key: `v:${v.id}`, what: `Vignette ${v.id}`, where: v.at, change: change(v.from, v.to) })), ...f.sessions.map((s) => ({ key: `s:${s.sessionId}`, what: `Session ${s.sessionId}`, where: s.pathwayId, change: change(s.from, s.to) }))]}
            rowKey={(r) => r.key}
            columns={[
              { heading: 'Less urgent', cell: (r) => r.what },
              { heading: 'Where', cell: (r) => r.where },
              { heading: 'Change', cell: (r) => r.change },
            ]}
          />
        </WarningCallout>
      )}
      {safety.signoffs.length > 0 && (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {safety.signoffs.map((s) => (
            <li key={s.id}>
              Signed off by {s.signedByName} on {when(s.signedAt)}
              {s.againstVersionId !== safety.against?.id ? ' (against content no longer in use)' : ''}: {s.reason}
            </li>
          ))}
        </ul>
      )}
      {canSign && (
        <>
          <Textarea label="Why is it safe to make these outcomes less urgent?" hint="Your sign-off, with this reason, is recorded and audited." value={reason} onValue={setReason} />
          <Button onClick={signOff}>Sign off and allow publishing</Button>
        </>
      )}
    </section>
  );
}
