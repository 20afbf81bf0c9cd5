import { useState, type FormEvent } from 'react';
import { Button, ButtonLink, LoadError, Loading, Select, Table, Tag, TextInput } from '../../components/nhs';
import { client, query, useApi } from '../../lib/api';
import { hasRole, useAuth } from '../../lib/auth';
import { date } from '../../lib/format';
import { capabilityLabel, useCapabilities } from '../../lib/capabilities';
import { useReference } from '../../lib/reference';
import { Link, navigate, useSearchParams } from '../../lib/router';
import type { Service } from '../../lib/types';

const PAGE = 50;
const STATUSES: Service['status'][] = ['active', 'commissioning', 'closed'];

/** The address's filters as the service list takes them (an unknown status or type: no filter). */
function listQuery(filters: { q: string; typeId: string; areaCode: string; status: string; offset: number }) {
  return {
    q: filters.q,
    typeId: Number(filters.typeId) || undefined,
    areaCode: filters.areaCode,
    status: STATUSES.find((s) => s === filters.status),
    offset: filters.offset,
    limit: PAGE,
  };
}

export function ServiceBrowser() {
  const { actor } = useAuth();
  const ref = useReference();
  const capabilities = useCapabilities();
  const params = useSearchParams();
  const filters = {
    q: params.get('q') ?? '',
    typeId: params.get('typeId') ?? '',
    areaCode: params.get('areaCode') ?? '',
    status: params.get('status') ?? '',
    offset: Number(params.get('offset') ?? 0) || 0,
  };
  const [draft, setDraft] = useState(filters);
  const list = useApi((signal) => client.GET('/api/directory/services', { params: { query: listQuery(filters) }, signal }), filters);
  const apply = (next: typeof filters) => navigate(`/dos/services${query(next)}`);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply({ ...draft, offset: 0 });
  };
  const total = list.data?.total ?? 0;
  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Directory of Services</h1>
      <form onSubmit={submit} className="sp-row" role="search" aria-label="Search services">
        <TextInput
          label="Search"
          hint="Names, descriptions and what services can do (e.g. “insulin”, “cannot dress”)"
          value={draft.q}
          onValue={(q) => setDraft({ ...draft, q })}
          width={20}
        />
        <Select
          label="Service type"
          value={draft.typeId}
          onValue={(typeId) => setDraft({ ...draft, typeId })}
          options={[{ value: '', label: 'Any type' }, ...(ref?.serviceTypes ?? []).map((t) => ({ value: String(t.id), label: t.name }))]}
        />
        <Select
          label="Area"
          value={draft.areaCode}
          onValue={(areaCode) => setDraft({ ...draft, areaCode })}
          options={[{ value: '', label: 'Any area' }, ...(ref?.areas ?? []).map((a) => ({ value: a.code, label: a.name }))]}
        />
        <Select
          label="Status"
          value={draft.status}
          onValue={(status) => setDraft({ ...draft, status })}
          options={[
            { value: '', label: 'Any status' },
            { value: 'active', label: 'Active' },
            { value: 'commissioning', label: 'Commissioning' },
            { value: 'closed', label: 'Closed' },
          ]}
        />
        <Button type="submit">Search</Button>
      </form>
      {hasRole(actor, 'dos_lead', 'provider_staff') && (
        <p className="nhsuk-body">
          <Link to="/dos/services/new">Propose a new service</Link>
        </p>
      )}
      <LoadError error={list.error} retry={list.reload} />
      {list.loading && !list.data ? (
        <Loading what="Loading services" />
      ) : (
        list.data && (
          <>
            <p className="nhsuk-body" role="status">
              {total} service{total === 1 ? '' : 's'}
              {total > PAGE ? `, showing ${filters.offset + 1}–${Math.min(filters.offset + PAGE, total)}` : ''}
            </p>
            <Table
              caption={<span className="nhsuk-u-visually-hidden">Services</span>}
              rows={list.data.services}
              rowKey={(s) => s.id}
              columns={[
                { heading: 'Service', cell: (s) => <Link to={`/dos/services/${s.id}`}>{s.name}</Link> },
                { heading: 'Type', cell: (s) => ref?.typeName(s.typeId) ?? s.typeId },
                { heading: 'Can do', cell: (s) => (s.capabilities.length ? s.capabilities.map((c) => capabilityLabel(capabilities, c)).join('; ') : '—') },
                { heading: 'Town', cell: (s) => s.address.town },
                { heading: 'Area', cell: (s) => ref?.areaName(s.areaCode) ?? s.areaCode },
                { heading: 'Status', cell: (s) => <Tag colour={s.status === 'active' ? 'green' : s.status === 'closed' ? 'grey' : 'blue'}>{s.status}</Tag> },
                { heading: 'Verify by', cell: (s) => (s.nextVerificationDue ? date(s.nextVerificationDue) : '—') },
              ]}
            />
            <nav className="nhsuk-pagination" role="navigation" aria-label="Pagination">
              <ul className="nhsuk-list nhsuk-pagination__list">
                {filters.offset > 0 && (
                  <li className="nhsuk-pagination-item--previous">
                    <Link className="nhsuk-pagination__link nhsuk-pagination__link--prev" to={`/dos/services${query({ ...filters, offset: Math.max(0, filters.offset - PAGE) })}`}>
                      <span className="nhsuk-pagination__title">Previous</span>
                    </Link>
                  </li>
                )}
                {filters.offset + PAGE < total && (
                  <li className="nhsuk-pagination-item--next">
                    <Link className="nhsuk-pagination__link nhsuk-pagination__link--next" to={`/dos/services${query({ ...filters, offset: filters.offset + PAGE })}`}>
                      <span className="nhsuk-pagination__title">Next</span>
                    </Link>
                  </li>
                )}
              </ul>
            </nav>
          </>
        )
      )}
      {hasRole(actor, 'dos_lead') && <ButtonLink to="/dos/approvals" variant="secondary">Approvals queue</ButtonLink>}
    </>
  );
}
