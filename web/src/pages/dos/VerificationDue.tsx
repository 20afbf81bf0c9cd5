import { useState } from 'react';
import { Button, ErrorSummary, LoadError, Loading, Select, Table, Tag } from '../../components/nhs';
import { call, client, useApi } from '../../lib/api';
import { date } from '../../lib/format';
import { useReference } from '../../lib/reference';
import { Link } from '../../lib/router';
import type { Service } from '../../lib/types';

export function VerificationDue() {
  const ref = useReference();
  const [within, setWithin] = useState('30');
  const list = useApi((signal) => client.GET('/api/directory/verification-due', { params: { query: { withinDays: Number(within) } }, signal }), within);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const today = new Date().toISOString().slice(0, 10);
  const verify = async (s: Service) => {
    setError(null);
    try {
      await call(client.POST('/api/directory/services/{id}/verify', { params: { path: { id: s.id } } }));
      setDone(`${s.name} marked as verified.`);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <ErrorSummary error={error} />
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Verification due</h1>
      <p className="nhsuk-body">Profiles must be checked with the service regularly. Overdue ones come first.</p>
      <Select
        label="Due within"
        value={within}
        onValue={setWithin}
        options={[
          { value: '0', label: 'Overdue now' },
          { value: '30', label: '30 days' },
          { value: '90', label: '90 days' },
          { value: '365', label: 'a year' },
        ]}
      />
      {done && <div className="nhsuk-inset-text" role="status">{done}</div>}
      <LoadError error={list.error} retry={list.reload} />
      {!list.data ? (
        <Loading />
      ) : (
        <Table
          rows={list.data.services}
          rowKey={(s) => s.id}
          empty="Nothing is due in this period."
          columns={[
            { heading: 'Service', cell: (s) => <Link to={`/dos/services/${s.id}`}>{s.name}</Link> },
            { heading: 'Type', cell: (s) => ref?.typeName(s.typeId) ?? s.typeId },
            { heading: 'Last verified', cell: (s) => (s.lastVerifiedAt ? date(s.lastVerifiedAt) : 'Never') },
            {
              heading: 'Due',
              cell: (s) => (
                <>
                  {date(s.nextVerificationDue)} {s.nextVerificationDue && s.nextVerificationDue < today && <Tag colour="red">Overdue</Tag>}
                </>
              ),
            },
            {
              heading: 'Action',
              cell: (s) => (
                <Button variant="secondary" small onClick={() => verify(s)} aria-label={`Mark ${s.name} as verified`}>
                  Mark verified
                </Button>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
