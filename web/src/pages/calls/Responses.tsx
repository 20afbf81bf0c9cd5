// The 111/CAS inbox of responses: what the services we referred to said (accepted, booked, rejected,
// completed…), newest first — except that a rejected referral of a patient at the end of life comes
// first, in red, until it is read. Live, like the services' own inbox.
import { useCallback, useEffect, useState } from 'react';
import { Button, ErrorSummary, Loading, Radios, Tag } from '../../components/nhs';
import { useEventStream } from '../../lib/api';
import { REFERRAL_STATUS } from '../../lib/cases';
import { when } from '../../lib/format';
import { inboxItems, markInboxItemRead, PASS_OVER_REASONS, type InboxItem } from '../../lib/referrals';
import { Link } from '../../lib/router';

const urgent = (i: InboxItem) => i.summary.status === 'rejected' && i.summary.endOfLife === true && !i.readAt;
/** Unread rejections of end-of-life patients first, then other unread rejections, then the rest; newest first within each. */
const rank = (i: InboxItem) => (urgent(i) ? 0 : i.summary.status === 'rejected' && !i.readAt ? 1 : 2);

export function sortResponses(items: InboxItem[]): InboxItem[] {
  return [...items].sort((a, b) => rank(a) - rank(b) || b.createdAt.localeCompare(a.createdAt));
}

function rejectionText(i: InboxItem): string {
  const r = i.summary.rejection;
  if (!r) return '';
  const code = r.reasonCode && r.reasonCode in PASS_OVER_REASONS ? r.reasonCode : null;
  return `${code ? `${code} — ` : ''}${r.reason ?? ''}`;
}

export function Responses() {
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [show, setShow] = useState<'unread' | 'rejected' | 'all'>('unread');
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setItems(await inboxItems('referral-response'));
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
    const t = window.setInterval(load, 15_000);
    return () => window.clearInterval(t);
  }, [load]);
  useEventStream('/api/inbox/stream', ['inbox.item_added'], () => void load());
  const read = async (id: number) => {
    setError(null);
    try {
      await markInboxItemRead(id);
      await load();
    } catch (e) {
      setError(e);
    }
  };
  const shown = sortResponses((items ?? []).filter((i) => (show === 'unread' ? !i.readAt : show === 'rejected' ? i.summary.status === 'rejected' : true)));
  const alarm = (items ?? []).filter(urgent);
  return (
    <>
      <ErrorSummary error={error} />
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Responses to our referrals</h1>
      {alarm.length > 0 && (
        <div className="nhsuk-error-summary" role="alert" data-testid="end-of-life-alert">
          <h2 className="nhsuk-error-summary__title">
            {alarm.length === 1 ? 'A referral for a patient at the end of life was rejected' : `${alarm.length} referrals for patients at the end of life were rejected`}
          </h2>
          <p className="nhsuk-body">Find them another service now: they are first in the list below.</p>
        </div>
      )}
      <Radios
        legend="Show"
        legendSize="s"
        name="show"
        inline
        small
        value={show}
        onValue={(v) => setShow(v === 'rejected' || v === 'all' ? v : 'unread')}
        choices={[
          { value: 'unread', label: 'Unread' },
          { value: 'rejected', label: 'Rejected' },
          { value: 'all', label: 'All' },
        ]}
      />
      {!items ? (
        <Loading what="Loading responses" />
      ) : shown.length === 0 ? (
        <p className="nhsuk-body">No responses here.</p>
      ) : (
        <ul className="nhsuk-list" data-testid="responses">
          {shown.map((i) => {
            const status = i.summary.status;
            return (
              <li key={i.id} className={`nhsuk-card nhsuk-u-margin-bottom-3${urgent(i) ? ' sp-urgent' : ''}`} data-response-id={i.id} data-urgent={urgent(i) ? 'yes' : undefined}>
                <div className="nhsuk-card__content">
                  <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
                    {i.caseId ? <Link to={`/cases/${i.caseId}`}>{i.summary.patient?.name ?? 'Patient'}</Link> : (i.summary.patient?.name ?? 'Patient')} → {i.summary.serviceName}{' '}
                    {status && <Tag colour={REFERRAL_STATUS[status][1]}>{REFERRAL_STATUS[status][0]}</Tag>} {i.summary.endOfLife && <Tag colour="red">End of life</Tag>}{' '}
                    {!i.readAt && <Tag colour="yellow">Unread</Tag>}
                  </h2>
                  <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
                    {when(i.createdAt)}
                    {status === 'rejected' && ` · ${rejectionText(i)}`}
                  </p>
                  <div className="sp-actions">
                    {i.caseId && <Link to={`/cases/${i.caseId}`}>{status === 'rejected' ? 'Open the case to refer again' : 'Open the case'}</Link>}
                    {!i.readAt && (
                      <Button small variant="secondary" onClick={() => read(i.id)}>
                        Mark read
                      </Button>
                    )}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
