// The front door's cases: a case whose referral was rejected is marked (it needs referring again);
// an end-of-life patient's rejected referral is put first and called out above the list.
import { useState } from 'react';
import { ButtonLink, LoadError, Loading, Radios, Table, Tag } from '../../components/nhs';
import { client, useApi, type Reply } from '../../lib/api';
import { patientName, REFERRAL_STATUS } from '../../lib/cases';
import { when } from '../../lib/format';
import { Link } from '../../lib/router';

type ListedCase = Reply<'/api/cases'>['cases'][number];

/** End-of-life patients with a rejected referral first, then other rejected referrals, then the rest (newest first). */
export function byAttention(cases: ListedCase[]): ListedCase[] {
  const rank = (c: ListedCase) => (c.attention.referralRejected ? (c.attention.endOfLife ? 0 : 1) : 2);
  return [...cases].sort((a, b) => rank(a) - rank(b) || b.openedAt.localeCompare(a.openedAt));
}

function ReferralMark({ c }: { c: ListedCase }) {
  const r = c.attention.latestReferral;
  if (!r) return null;
  if (c.attention.referralRejected) {
    return (
      <>
        <Tag colour="red">Referral rejected</Tag> {r.serviceName}
        {r.rejection && `: ${r.rejection.reasonCode ? `${r.rejection.reasonCode} — ` : ''}${r.rejection.reason}`}
      </>
    );
  }
  return (
    <>
      <Tag colour={REFERRAL_STATUS[r.status][1]}>{REFERRAL_STATUS[r.status][0]}</Tag> {r.serviceName}
    </>
  );
}

export function CaseList() {
  const [status, setStatus] = useState<'open' | 'closed' | 'all'>('open');
  const list = useApi((signal) => client.GET('/api/cases', { params: { query: { status: status === 'all' ? undefined : status, limit: 100 } }, signal }), status);
  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Cases</h1>
      <ButtonLink to="/calls/new">New call</ButtonLink>
      <Radios
        legend="Show"
        legendSize="s"
        name="status"
        inline
        small
        value={status}
        onValue={setStatus}
        choices={[
          { value: 'open', label: 'Open' },
          { value: 'closed', label: 'Closed' },
          { value: 'all', label: 'All' },
        ]}
      />
      <LoadError error={list.error} retry={list.reload} />
      {!list.data ? (
        <Loading />
      ) : (
        <>
        <EndOfLifeAlert cases={list.data.cases} />
        <Table
          rows={byAttention(list.data.cases)}
          rowClass={(c) => (c.attention.referralRejected ? (c.attention.endOfLife ? 'sp-due--breached' : 'sp-due--soon') : undefined)}
          rowKey={(c) => c.id}
          empty="No cases."
          columns={[
            { heading: 'Opened', cell: (c) => when(c.openedAt) },
            {
              heading: 'Patient',
              cell: (c) => (
                <>
                  <Link to={`/cases/${c.id}`}>{patientName(c.patient)}</Link> {c.attention.endOfLife && <Tag colour="red">End of life</Tag>}
                </>
              ),
            },
            { heading: 'Problem', cell: (c) => c.presentingProblem },
            { heading: 'Outcome', cell: (c) => (c.disposition ? `${c.disposition.code} ${c.disposition.title}` : <Tag colour="grey">Not triaged</Tag>) },
            { heading: 'Referral', cell: (c) => <ReferralMark c={c} /> },
            { heading: 'Channel', cell: (c) => c.channel },
            { heading: 'Status', cell: (c) => <Tag colour={c.status === 'open' ? 'blue' : 'grey'}>{c.status}</Tag> },
          ]}
        />
        </>
      )}
    </>
  );
}

function EndOfLifeAlert({ cases }: { cases: ListedCase[] }) {
  const urgent = cases.filter((c) => c.attention.referralRejected && c.attention.endOfLife && c.status === 'open');
  if (!urgent.length) return null;
  return (
    <div className="nhsuk-error-summary" role="alert" data-testid="end-of-life-rejected">
      <h2 className="nhsuk-error-summary__title">A referral for a patient at the end of life was rejected</h2>
      <ul className="nhsuk-list nhsuk-error-summary__list">
        {urgent.map((c) => (
          <li key={c.id}>
            <Link to={`/cases/${c.id}`}>
              {patientName(c.patient)}: {c.attention.latestReferral?.serviceName} could not take them — refer again now
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
