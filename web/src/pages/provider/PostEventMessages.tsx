// Post-event messages in a GP practice's inbox: when a patient's urgent care episode ends, what was
// wrong, what was decided, the questions and answers, the advice given and where they were referred.
import { useState } from 'react';
import { Button, Details, ErrorSummary, SummaryList, Tag } from '../../components/nhs';
import { when } from '../../lib/format';
import { markInboxItemRead, type InboxItem } from '../../lib/referrals';

/** The message's own fields (the inbox schema describes only those every message shares). */
interface PostEventSummary {
  disposition?: { code?: string; title?: string } | null;
  consultationSummary?: string | null;
  assessment?: { question?: string; answer?: string }[];
  /** the care advice given (its ids) */
  adviceGiven?: string[];
  referrals?: { serviceName?: string; status?: string; outcome?: string | null }[];
  openedAt?: string;
  closedAt?: string | null;
}

const list = <T,>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

function summaryOf(item: InboxItem): PostEventSummary {
  const s = item.summary as Record<string, unknown>;
  const disposition = s.disposition && typeof s.disposition === 'object' ? (s.disposition as PostEventSummary['disposition']) : null;
  return {
    disposition,
    consultationSummary: typeof s.consultationSummary === 'string' ? s.consultationSummary : null,
    assessment: list(s.assessment),
    adviceGiven: list(s.adviceGiven),
    referrals: list(s.referrals),
    openedAt: typeof s.openedAt === 'string' ? s.openedAt : undefined,
    closedAt: typeof s.closedAt === 'string' ? s.closedAt : null,
  };
}

export function PostEventMessages({ items, onRead }: { items: InboxItem[]; onRead: () => void }) {
  const [error, setError] = useState<unknown>(null);
  if (!items.length) return <p className="nhsuk-body">No post-event messages.</p>;
  const read = async (id: number) => {
    setError(null);
    try {
      await markInboxItemRead(id);
      onRead();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <ErrorSummary error={error} />
      <ul className="nhsuk-list" data-testid="post-event-messages">
        {items.map((item) => {
          const s = summaryOf(item);
          const patient = item.summary.patient;
          return (
            <li key={item.id} className="nhsuk-card nhsuk-u-margin-bottom-3" data-message-id={item.messageId}>
              <div className="nhsuk-card__content">
                <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
                  {patient?.name ?? 'Patient'}
                  {patient?.dateOfBirth && `, born ${patient.dateOfBirth}`} {!item.readAt && <Tag colour="yellow">Unread</Tag>}
                </h2>
                <SummaryList
                  rows={[
                    { key: 'Problem', value: item.summary.presentingProblem ?? '—' },
                    { key: 'Outcome', value: s.disposition ? `${s.disposition.code ?? ''} ${s.disposition.title ?? ''}` : '—' },
                    { key: 'Episode', value: `${when(s.openedAt)} to ${when(s.closedAt)}` },
                    ...(s.consultationSummary ? [{ key: 'Consultation', value: s.consultationSummary }] : []),
                    ...(s.referrals?.length ? [{ key: 'Referred to', value: s.referrals.map((r) => `${r.serviceName ?? ''} (${r.status ?? ''}${r.outcome ? `: ${r.outcome}` : ''})`).join('; ') }] : []),
                  ]}
                />
                {s.assessment && s.assessment.length > 0 && (
                  <Details summary={`Assessment (${s.assessment.length} answers)`}>
                    <SummaryList rows={s.assessment.map((a) => ({ key: a.question ?? '', value: a.answer ?? '' }))} />
                  </Details>
                )}
                {s.adviceGiven && s.adviceGiven.length > 0 && (
                  <p className="nhsuk-body-s">Advice given: {s.adviceGiven.join(', ')}</p>
                )}
                {!item.readAt ? (
                  <Button small variant="secondary" onClick={() => read(item.id)}>
                    Mark read
                  </Button>
                ) : (
                  <p className="nhsuk-body-s sp-muted">Read {when(item.readAt)}</p>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
