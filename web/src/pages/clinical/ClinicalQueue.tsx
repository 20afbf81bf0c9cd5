// The clinical queue: call-backs, validations and repeat callers, soonest due first, coloured by
// how close each is to its deadline. Refreshes itself every 20 seconds.
import { useEffect, useState } from 'react';
import { Button, ErrorSummary, LoadError, Loading, Radios, Tag } from '../../components/nhs';
import { call, client, useApi } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import type { QueueEntry } from '../../lib/cases';
import { relative, when } from '../../lib/format';
import { Link, navigate } from '../../lib/router';

export function dueClass(e: QueueEntry): string {
  if (e.breached) return 'sp-due--breached';
  if (e.warning) return 'sp-due--soon';
  return 'sp-due--ok';
}

export function ClinicalQueue() {
  const { actor } = useAuth();
  const [status, setStatus] = useState<'open' | 'waiting' | 'done'>('open');
  const list = useApi((signal) => client.GET('/api/queue', { params: { query: { status } }, signal }), status);
  const [error, setError] = useState<unknown>(null);
  const [, setNow] = useState(Date.now());
  useEffect(() => {
    const t = window.setInterval(() => {
      list.reload();
      setNow(Date.now());
    }, 20_000);
    return () => window.clearInterval(t);
  }, [list]);
  const claim = async (e: QueueEntry) => {
    setError(null);
    try {
      await call(client.POST('/api/queue/{id}/claim', { params: { path: { id: e.id } } }));
      navigate(`/cases/${e.caseId}`);
    } catch (err) {
      setError(err);
      list.reload();
    }
  };
  const entries = list.data?.entries ?? [];
  const breached = entries.filter((e) => e.breached).length;
  const warning = entries.filter((e) => !e.breached && e.warning).length;
  return (
    <>
      <ErrorSummary error={error} />
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Clinical queue</h1>
      <p className="nhsuk-body" role="status">
        {entries.length} entr{entries.length === 1 ? 'y' : 'ies'}
        {breached ? <> · <Tag colour="red">{breached} breached</Tag></> : null}
        {warning ? <> · <Tag colour="orange">{warning} due soon</Tag></> : null}
      </p>
      <Radios
        legend="Show"
        legendSize="s"
        name="status"
        inline
        small
        value={status}
        onValue={setStatus}
        choices={[
          { value: 'open', label: 'Waiting and claimed' },
          { value: 'waiting', label: 'Waiting' },
          { value: 'done', label: 'Done' },
        ]}
      />
      <LoadError error={list.error} retry={list.reload} />
      {!list.data ? (
        <Loading what="Loading the queue" />
      ) : entries.length === 0 ? (
        <p className="nhsuk-body">The queue is empty.</p>
      ) : (
        <div className="sp-table-scroll">
          <table className="nhsuk-table-responsive" data-testid="queue">
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col" className="nhsuk-table__header">Due</th>
                <th scope="col" className="nhsuk-table__header">Patient</th>
                <th scope="col" className="nhsuk-table__header">Why</th>
                <th scope="col" className="nhsuk-table__header">Problem</th>
                <th scope="col" className="nhsuk-table__header">Status</th>
                <th scope="col" className="nhsuk-table__header">Action</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {entries.map((e) => (
                <tr key={e.id} className={`nhsuk-table__row ${dueClass(e)}`} data-case-id={e.caseId}>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">Due </span>
                    <strong>{when(e.dueAt)}</strong>
                    <br />
                    {e.breached ? <Tag colour="red">Breached {relative(e.dueAt)}</Tag> : e.warning ? <Tag colour="orange">Due {relative(e.dueAt)}</Tag> : <span className="sp-muted">{relative(e.dueAt)}</span>}
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">Patient </span>
                    <Link to={`/cases/${e.caseId}`}>{e.patient?.name ?? e.caseId}</Link>
                    {e.patient?.dateOfBirth && <div className="nhsuk-body-s sp-muted">born {e.patient.dateOfBirth}</div>}
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">Why </span>
                    {e.reasons.join(', ')} · {e.disposition}
                    {e.validationOf && <div className="nhsuk-body-s">validate {e.validationOf}</div>}
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">Problem </span>
                    {e.presentingProblem}
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">Status </span>
                    {e.status}
                    {e.claimedByName && <div className="nhsuk-body-s">{e.claimedByName}</div>}
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">Action </span>
                    {e.status === 'waiting' ? (
                      <Button small onClick={() => claim(e)} aria-label={`Claim the call-back for ${e.patient?.name ?? 'this patient'}`}>
                        Claim
                      </Button>
                    ) : e.claimedBy === actor?.id ? (
                      <Link to={`/cases/${e.caseId}`}>Continue</Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
