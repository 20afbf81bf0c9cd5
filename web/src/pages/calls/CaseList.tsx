import { useState } from 'react';
import { ButtonLink, LoadError, Loading, Radios, Table, Tag } from '../../components/nhs';
import { client, useApi } from '../../lib/api';
import { patientName } from '../../lib/cases';
import { when } from '../../lib/format';
import { Link } from '../../lib/router';

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
        <Table
          rows={list.data.cases}
          rowKey={(c) => c.id}
          empty="No cases."
          columns={[
            { heading: 'Opened', cell: (c) => when(c.openedAt) },
            { heading: 'Patient', cell: (c) => <Link to={`/cases/${c.id}`}>{patientName(c.patient)}</Link> },
            { heading: 'Problem', cell: (c) => c.presentingProblem },
            { heading: 'Outcome', cell: (c) => (c.disposition ? `${c.disposition.code} ${c.disposition.title}` : <Tag colour="grey">Not triaged</Tag>) },
            { heading: 'Channel', cell: (c) => c.channel },
            { heading: 'Status', cell: (c) => <Tag colour={c.status === 'open' ? 'blue' : 'grey'}>{c.status}</Tag> },
          ]}
        />
      )}
    </>
  );
}
