import { useEffect, useState } from 'react';
import { BackLink, Button, Details, ErrorSummary, LoadError, Loading, SummaryList, Table, Tag, Textarea, WarningCallout } from '../../components/nhs';
import { LongActionProgress, useLongAction } from '../../components/progress';
import { call, client, useApi, type Reply } from '../../lib/api';
import { hasRole, useAuth } from '../../lib/auth';
import { when } from '../../lib/format';
import { useReference } from '../../lib/reference';
import { STATUS_TAGS, type ContentVersion } from './ContentVersions';
import { SafetyReviewView } from './SafetyReview';

type ImpactReport = Reply<'/api/triage/content/versions/{id}/impact'>;
type ReplayReport = ImpactReport['recorded'];

export function VersionDetail({ params }: { params: Record<string, string> }) {
  const { actor } = useAuth();
  const ref = useReference();
  const loaded = useApi((signal) => client.GET('/api/triage/content/versions/{id}', { params: { path: { id: params.id } }, signal }), params.id);
  const [files, setFiles] = useState<{ path: string; text: string }[] | null>(null);
  const [edited, setEdited] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [impact, setImpact] = useState<ImpactReport | null>(null);
  const replay = useLongAction();
  const impactBusy = replay.running;
  useEffect(() => {
    setFiles(null);
    setImpact(null);
  }, [params.id]);
  if (loaded.error) return <LoadError error={loaded.error} />;
  if (!loaded.data) return <Loading what="Loading the version" />;
  const { version: v, problems, tests, pathways, base } = loaded.data;
  const isGov = hasRole(actor, 'clinical_governance');
  const mine = v.author === actor?.id;

  const version = { params: { path: { id: v.id } } };
  const act = async (send: () => Promise<unknown>, done: string) => {
    setError(null);
    setMessage(null);
    try {
      await send();
      setMessage(done);
      loaded.reload();
    } catch (e) {
      setError(e);
    }
  };
  const loadFiles = async () => {
    try {
      setFiles((await call(client.GET('/api/triage/content/versions/{id}/files', version))).files);
    } catch (e) {
      setError(e);
    }
  };
  const saveFiles = async () => {
    setError(null);
    try {
      const changed = Object.entries(edited).map(([path, text]) => ({ path, text }));
      if (!changed.length) throw new Error('No file has been changed');
      await call(client.PUT('/api/triage/content/versions/{id}/files', { ...version, body: { files: changed } }));
      setEdited({});
      setMessage('Saved. The content compiled; its scenario tests were run again.');
      loaded.reload();
      void loadFiles();
    } catch (e) {
      setError(e);
    }
  };
  // One long request: the progress shown is the time so far; Cancel stops waiting for it.
  const runImpact = async () => {
    setError(null);
    try {
      const report = await replay.run((signal) => call(client.GET('/api/triage/content/versions/{id}/impact', { params: { ...version.params, query: { corpus: 2000 } }, signal })));
      if (report) setImpact(report);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <BackLink to="/governance">Triage content</BackLink>
      <ErrorSummary error={error} />
      <h1 className="nhsuk-heading-l" tabIndex={-1}>
        <span className="nhsuk-caption-l">{v.areaCode ? `Local variation — ${ref?.areaName(v.areaCode) ?? v.areaCode}` : 'National content'}</span>
        {v.label}
      </h1>
      {message && (
        <div className="nhsuk-inset-text" role="status">
          {message}
        </div>
      )}
      <SummaryList
        rows={[
          { key: 'Status', value: <Tag colour={STATUS_TAGS[v.status][1]}>{STATUS_TAGS[v.status][0]}</Tag> },
          { key: 'Content version', value: <code>{v.contentVersion}</code> },
          { key: 'Pathways', value: pathways },
          { key: 'Files', value: v.fileCount },
          { key: 'Scenario tests', value: tests.failed ? <><Tag colour="red">{tests.failed} failing</Tag> of {tests.total}</> : <><Tag colour="green">All {tests.total} pass</Tag></> },
          { key: 'Overlays', value: base ? base.label : '—' },
          { key: 'Created', value: when(v.createdAt) },
          ...(v.submittedAt ? [{ key: 'Submitted', value: when(v.submittedAt) }] : []),
          ...(v.reviewedAt ? [{ key: 'Reviewed', value: `${when(v.reviewedAt)}${v.reviewReason ? ` — ${v.reviewReason}` : ''}` }] : []),
          ...(v.publishedAt ? [{ key: 'Published', value: when(v.publishedAt) }] : []),
          ...(v.withdrawnAt ? [{ key: 'Withdrawn', value: `${when(v.withdrawnAt)} — ${v.withdrawReason ?? ''}` }] : []),
        ]}
      />
      {problems.length > 0 && (
        <WarningCallout heading={`${problems.length} compiler message(s)`}>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {problems.slice(0, 50).map((p, i) => (
              <li key={i}>
                {p.file ? `${p.file}${p.line ? `:${p.line}` : ''}: ` : ''}
                {p.message}
              </li>
            ))}
          </ul>
        </WarningCallout>
      )}
      {tests.failures.length > 0 && (
        <Details summary="Failing scenario tests">
          <ul className="nhsuk-list nhsuk-list--bullet">
            {tests.failures.map((f, i) => (
              <li key={i}>
                {f.pathwayId} — {f.name}: {f.failures.join('; ')}
              </li>
            ))}
          </ul>
        </Details>
      )}
      {isGov && (
        <>
          <h2 className="nhsuk-heading-m">Next step</h2>
          {v.status === 'draft' && (
            <Button onClick={() => act(() => call(client.POST('/api/triage/content/versions/{id}/submit', version)), 'Submitted for review. Another governance lead must review it.')}>Submit for review</Button>
          )}
          {v.status === 'in_review' &&
            (mine ? (
              <p className="nhsuk-body">You wrote this version, so another governance lead must review it.</p>
            ) : (
              <>
                <Textarea label="Review note (needed to send it back)" value={reason} onValue={setReason} />
                <div className="sp-actions">
                  <Button onClick={() => act(() => call(client.POST('/api/triage/content/versions/{id}/review', { ...version, body: { decision: 'approve', reason: reason || undefined } })), 'Approved. It can now be published.')}>Approve</Button>
                  <Button variant="warning" onClick={() => act(() => call(client.POST('/api/triage/content/versions/{id}/review', { ...version, body: { decision: 'reject', reason } })), 'Sent back to draft.')}>
                    Send back to draft
                  </Button>
                </div>
              </>
            ))}
          {v.status === 'approved' && (
            <Button onClick={() => act(() => call(client.POST('/api/triage/content/versions/{id}/publish', version)), 'Published: new triage sessions now run on this version.')}>Publish</Button>
          )}
          {v.status === 'published' && (
            <>
              <Textarea label="Why withdraw it?" hint="Sessions on it stop; its area falls back to the national content." value={reason} onValue={setReason} />
              <Button variant="warning" onClick={() => act(() => call(client.POST('/api/triage/content/versions/{id}/withdraw', { ...version, body: { reason } })), 'Withdrawn.')}>
                Withdraw
              </Button>
            </>
          )}
        </>
      )}
      <h2 className="nhsuk-heading-m">Replay impact</h2>
      <p className="nhsuk-body">Re-runs recorded sessions and 2,000 generated ones on this version and compares the outcomes with what its area runs on now. The safety review lists every emergency vignette and recorded session it makes less urgent: publishing those needs a sign-off from a second reviewer.</p>
      <Button variant="secondary" onClick={runImpact} disabled={impactBusy}>
        {impactBusy ? 'Replaying…' : 'Run the replay impact report'}
      </Button>
      <LongActionProgress action={replay} what="Replaying recorded and generated sessions" testId="replay-progress" />
      {impact && <ImpactView impact={impact} version={v} rerun={runImpact} />}
      <h2 className="nhsuk-heading-m">Files</h2>
      {!files ? (
        <Button variant="secondary" onClick={loadFiles}>
          Show the {v.fileCount} YAML files
        </Button>
      ) : (
        <>
          {files.map((f) => (
            <Details key={f.path} summary={f.path}>
              {v.status === 'draft' && isGov && mine ? (
                <Textarea label={`Edit ${f.path}`} rows={16} value={edited[f.path] ?? f.text} onValue={(t) => setEdited({ ...edited, [f.path]: t })} spellCheck={false} style={{ fontFamily: 'monospace', fontSize: 14 }} />
              ) : (
                <pre className="sp-pre">{f.text}</pre>
              )}
            </Details>
          ))}
          {v.status === 'draft' && isGov && mine && <Button onClick={saveFiles}>Save changed files</Button>}
        </>
      )}
    </>
  );
}

function ReportTable({ title, report }: { title: string; report: ReplayReport }) {
  return (
    <>
      <h3 className="nhsuk-heading-s">
        {title}: {report.sessions} sessions, {report.changed} changed ({report.moreUrgent} more urgent, {report.lessUrgent} less urgent, {report.sameUrgency} same urgency, {report.incomplete}{' '}
        incomplete)
      </h3>
      <Table
        rows={report.byPathway.filter((p) => p.changed > 0)}
        rowKey={(p) => p.pathwayId}
        empty="No outcome changes."
        columns={[
          { heading: 'Pathway', cell: (p) => p.title },
          { heading: 'Sessions', cell: (p) => p.sessions, numeric: true },
          { heading: 'More urgent', cell: (p) => (p.moreUrgent ? <Tag colour="red">{p.moreUrgent}</Tag> : 0), numeric: true },
          { heading: 'Less urgent', cell: (p) => (p.lessUrgent ? <Tag colour="orange">{p.lessUrgent}</Tag> : 0), numeric: true },
          { heading: 'Same urgency', cell: (p) => p.sameUrgency, numeric: true },
          { heading: 'Incomplete', cell: (p) => p.incomplete, numeric: true },
          {
            heading: 'Examples',
            cell: (p) =>
              p.examples.slice(0, 3).map((e) => (
                <div key={e.sessionId} className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                  {e.from.disposition} → {e.to ? e.to.disposition : `stops: ${e.reason ?? ''}`}
                </div>
              )),
          },
        ]}
      />
    </>
  );
}

function ImpactView({ impact, version, rerun }: { impact: ImpactReport; version: ContentVersion; rerun: () => void }) {
  return (
    <div data-testid="impact-report">
      <p className="nhsuk-body" role="status">
        From <strong>{impact.from.label}</strong> ({impact.from.contentVersion}) to <strong>{impact.to.label}</strong> ({impact.to.contentVersion}).
      </p>
      <SafetyReviewView version={version} safety={impact.safety} onSigned={rerun} />
      <ReportTable title="Recorded sessions" report={impact.recorded} />
      <ReportTable title={`Generated corpus (seed ${impact.corpus.seed})`} report={impact.corpus} />
    </div>
  );
}
