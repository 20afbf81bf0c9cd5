// The receiving service's referral inbox: new referrals appear as they arrive (SSE, with a slow
// poll as a safety net); accept, reject (coded), book and complete from here or the referral's page.
// A GP practice's post-event messages (the summary of an episode that ended) are read here too.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, ErrorSummary, LiveMessage, Loading, Radios, Tag } from '../../components/nhs';
import { useEventStream } from '../../lib/api';
import { REFERRAL_STATUS } from '../../lib/cases';
import { when } from '../../lib/format';
import { inboxItems, inboxReferrals, referralActions, type InboxItem, type InboxReferral } from '../../lib/referrals';
import { Link } from '../../lib/router';
import { PostEventMessages } from './PostEventMessages';
import { RejectForm, type RejectBody } from './RejectForm';

const ACTIVE = ['requested', 'accepted', 'booked'];

export function ProviderInbox() {
  const [referrals, setReferrals] = useState<InboxReferral[] | null>(null);
  const [show, setShow] = useState('active');
  const [error, setError] = useState<unknown>(null);
  const [announce, setAnnounce] = useState('');
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const known = useRef<Set<string> | null>(null);

  const [messages, setMessages] = useState<InboxItem[] | null>(null);
  const load = useCallback(async () => {
    try {
      const [list, summaries] = await Promise.all([inboxReferrals(), inboxItems('post-event-message')]);
      setMessages(summaries);
      if (known.current) {
        const added = list.filter((r) => !known.current!.has(r.id));
        if (added.length) {
          setAnnounce(`${added.length} new referral${added.length === 1 ? '' : 's'}: ${added.map((r) => r.serviceName).join(', ')}`);
          setFresh((f) => new Set([...f, ...added.map((r) => r.id)]));
        }
      }
      known.current = new Set(list.map((r) => r.id));
      setReferrals(list);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
    const t = window.setInterval(load, 15_000);
    return () => window.clearInterval(t);
  }, [load]);
  const stream = useEventStream('/api/inbox/stream', ['inbox.item_added'], () => void load());

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      await load();
    } catch (e) {
      setError(e);
    }
  };
  const shown = (referrals ?? []).filter((r) => (show === 'active' ? ACTIVE.includes(r.status) : show === 'finished' ? !ACTIVE.includes(r.status) : true));
  return (
    <>
      <ErrorSummary error={error} />
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Referral inbox</h1>
      <p className="nhsuk-body">
        {stream === 'live' ? <Tag colour="green">Live</Tag> : <Tag colour="orange">Updating every 15 s</Tag>} New referrals appear here without reloading.
      </p>
      <LiveMessage message={announce} />
      <Radios
        legend="Show"
        legendSize="s"
        name="show"
        inline
        small
        value={show}
        onValue={setShow}
        choices={[
          { value: 'active', label: 'Active' },
          { value: 'finished', label: 'Finished' },
          { value: 'all', label: 'All' },
          // A practice hears how its patients' episodes ended; a service that has none is not offered the view.
          ...(messages && messages.length ? [{ value: 'messages', label: `Post-event messages (${messages.filter((m) => !m.readAt).length} unread)` }] : []),
        ]}
      />
      {show === 'messages' ? (
        <PostEventMessages items={messages ?? []} onRead={load} />
      ) : !referrals ? (
        <Loading what="Loading referrals" />
      ) : shown.length === 0 ? (
        <p className="nhsuk-body">No referrals here.</p>
      ) : (
        <ul className="nhsuk-list" data-testid="inbox">
          {shown.map((r) => (
            <li key={r.id} className={`nhsuk-card nhsuk-u-margin-bottom-3${fresh.has(r.id) ? ' sp-flash' : ''}`} data-referral-id={r.id}>
              <div className="nhsuk-card__content">
                <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
                  <Link to={`/provider/referrals/${r.id}`}>
                    {r.item.summary.patient?.name ?? 'Referral'} → {r.serviceName}
                  </Link>{' '}
                  <Tag colour={REFERRAL_STATUS[r.status][1]}>{REFERRAL_STATUS[r.status][0]}</Tag> {fresh.has(r.id) && <Tag colour="yellow">New</Tag>}
                </h2>
                <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
                  {r.disposition} · referred {when(r.requestedAt)} by {r.referredByName}
                  {r.appointment?.start && ` · appointment ${when(r.appointment.start)}`}
                </p>
                <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
                  {r.item.summary.presentingProblem}
                  {r.item.summary.patient?.dateOfBirth && ` · born ${r.item.summary.patient.dateOfBirth}`}
                  {r.item.summary.from?.organisation && ` · from ${r.item.summary.from.organisation}`}
                  {r.item.summary.dueBy && ` · care needed by ${when(r.item.summary.dueBy)}`}
                </p>
                {r.summary && <p className="nhsuk-body-s">{r.summary.slice(0, 300)}{r.summary.length > 300 ? '…' : ''}</p>}
                <div className="sp-actions">
                  {r.status === 'requested' && (
                    <>
                      <Button small onClick={() => act(() => referralActions.accept(r.id))} aria-label={`Accept the referral to ${r.serviceName}`}>
                        Accept
                      </Button>
                      <RejectButton serviceName={r.serviceName} onReject={(body) => act(() => referralActions.reject(r.id, body))} />
                    </>
                  )}
                  {(r.status === 'accepted' || r.status === 'booked') && (
                    <Button small variant="secondary" onClick={() => act(() => referralActions.complete(r.id))}>
                      Mark complete
                    </Button>
                  )}
                  <Link to={`/provider/referrals/${r.id}`}>Open{r.status === 'accepted' ? ' to book' : ''}</Link>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function RejectButton({ onReject, serviceName }: { onReject: (body: RejectBody) => void; serviceName: string }) {
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <Button small variant="secondary" onClick={() => setOpen(true)}>
        Reject…
      </Button>
    );
  return <RejectForm serviceName={serviceName} onReject={onReject} onCancel={() => setOpen(false)} />;
}
