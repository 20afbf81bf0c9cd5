import { LoadError, Loading, Radios, Table, Tag, type TagColour } from '../../components/nhs';
import { client, query, useApi } from '../../lib/api';
import { dateTime, when } from '../../lib/format';
import { Link, navigate, oneOf, useSearchParams } from '../../lib/router';
import { useServiceNames } from '../../lib/services';
import type { ServiceChange } from '../../lib/types';

export const CHANGE_COLOURS: Record<ServiceChange['status'], TagColour> = { pending: 'blue', scheduled: 'purple', approved: 'green', rejected: 'red', withdrawn: 'grey', lapsed: 'orange' };

/** "pending", "scheduled from Tue 1 Dec 2026, 00:00", "lapsed" … */
export function changeStatusText(c: Pick<ServiceChange, 'status' | 'effectiveFrom'>): string {
  if (c.status === 'scheduled' && c.effectiveFrom) return `scheduled from ${dateTime(c.effectiveFrom)}`;
  if (c.status === 'pending' && c.effectiveFrom) return `pending, from ${dateTime(c.effectiveFrom)}`;
  return c.status;
}

export function Approvals() {
  const params = useSearchParams();
  const status = oneOf(['pending', 'scheduled', 'approved', 'rejected', 'withdrawn', 'lapsed', 'all'], params.get('status'), 'pending');
  const list = useApi((signal) => client.GET('/api/directory/changes', { params: { query: { status: status === 'all' ? undefined : status, limit: 200 } }, signal }), status);
  const names = useServiceNames(list.data?.changes.map((c) => c.serviceId) ?? []);
  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Approvals queue</h1>
      <p className="nhsuk-body">Every change to the directory needs a second person. You cannot approve your own.</p>
      <Radios
        legend="Show"
        legendSize="s"
        name="status"
        inline
        small
        value={status}
        onValue={(v) => navigate(`/dos/approvals${query({ status: v })}`, { replace: true })}
        choices={[
          { value: 'pending', label: 'Waiting' },
          { value: 'scheduled', label: 'Scheduled' },
          { value: 'approved', label: 'Approved' },
          { value: 'rejected', label: 'Rejected' },
          { value: 'all', label: 'All' },
        ]}
      />
      <LoadError error={list.error} retry={list.reload} />
      {!list.data ? (
        <Loading what="Loading proposals" />
      ) : (
        <Table
          rows={list.data.changes}
          rowKey={(c) => c.id}
          empty="No proposed changes here."
          columns={[
            { heading: 'Proposed', cell: (c) => when(c.proposedAt) },
            { heading: 'Service', cell: (c) => <Link to={`/dos/approvals/${c.id}`}>{(c.serviceId ? names[c.serviceId] : undefined) ?? (c.proposal as { name?: string }).name ?? `Service ${c.serviceId}`}</Link> },
            { heading: 'Kind', cell: (c) => (c.kind === 'create' ? 'New service' : `Change: ${Object.keys(c.proposal).join(', ')}`) },
            { heading: 'Why', cell: (c) => c.reason },
            { heading: 'By', cell: (c) => `${c.proposedByName} (${c.proposedByOrg})` },
            { heading: 'Status', cell: (c) => <Tag colour={CHANGE_COLOURS[c.status]}>{changeStatusText(c)}</Tag> },
          ]}
        />
      )}
    </>
  );
}
