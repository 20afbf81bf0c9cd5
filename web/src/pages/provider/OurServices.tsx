import { Loading, Table, Tag } from '../../components/nhs';
import { client, useApi } from '../../lib/api';
import { useOrganisationServices, useServiceNames } from '../../lib/services';
import { useAuth } from '../../lib/auth';
import { date } from '../../lib/format';
import { useReference } from '../../lib/reference';
import { Link } from '../../lib/router';
import { CHANGE_COLOURS, changeStatusText } from '../dos/Approvals';

export function OurServices() {
  const { actor } = useAuth();
  const ref = useReference();
  const own = useOrganisationServices(actor?.organisationId);
  const changes = useApi((signal) => client.GET('/api/directory/changes', { params: { query: { limit: 50 } }, signal }));
  const names = useServiceNames(changes.data?.changes.map((c) => c.serviceId) ?? []);
  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Our services</h1>
      <p className="nhsuk-body">Your services' directory profiles. Propose a change and a DoS lead approves it; it then applies to every search.</p>
      {!own.services ? (
        <Loading />
      ) : (
        <Table
          rows={own.services}
          rowKey={(s) => s.id}
          empty="No services are listed for your organisation."
          columns={[
            { heading: 'Service', cell: (s) => <Link to={`/dos/services/${s.id}`}>{s.name}</Link> },
            { heading: 'Type', cell: (s) => ref?.typeName(s.typeId) ?? s.typeId },
            { heading: 'Verify by', cell: (s) => date(s.nextVerificationDue) },
            { heading: 'Actions', cell: (s) => (
              <>
                <Link to={`/dos/services/${s.id}/edit`}>Propose changes</Link> · <Link to={`/provider/capacity?service=${s.id}`}>Capacity</Link>
              </>
            ) },
          ]}
        />
      )}
      <h2 className="nhsuk-heading-m">Our proposals</h2>
      {changes.data && (
        <Table
          rows={changes.data.changes}
          rowKey={(c) => c.id}
          empty="No proposals."
          columns={[
            { heading: 'Proposal', cell: (c) => <Link to={`/dos/approvals/${c.id}`}>{c.reason}</Link> },
            { heading: 'Service', cell: (c) => (c.serviceId ? (names[c.serviceId] ?? c.serviceId) : 'new') },
            { heading: 'Status', cell: (c) => <Tag colour={CHANGE_COLOURS[c.status]}>{changeStatusText(c)}</Tag> },
          ]}
        />
      )}
    </>
  );
}
