// Each area's escalation level (1–4, after OPEL), live: shown on commissioners' and providers'
// dashboards so a surge is seen where people work, with the actions each level asks for.
import { client, useApi, useEventStream, type Reply } from '../lib/api';
import { relative } from '../lib/format';
import { Details, LiveMessage, Table, Tag, WarningCallout, type TagColour } from './nhs';
import { useState } from 'react';

export type SurgeStatus = Reply<'/api/modelling/surge'>;
export type AreaEscalation = SurgeStatus['areas'][number];

export const LEVEL_COLOUR: Record<number, TagColour> = { 1: 'green', 2: 'yellow', 3: 'orange', 4: 'red' };
export const LEVEL_NAME: Record<number, string> = {
  1: 'Level 1: meeting demand',
  2: 'Level 2: signs of pressure',
  3: 'Level 3: major pressure',
  4: 'Level 4: unable to meet demand',
};
const MEASURE_NAME: Record<string, string> = { calls: 'Calls', 'clinical-queue': 'Clinical queue', 'ed-dispositions': 'ED outcomes' };

export function LevelTag({ level }: { level: number }) {
  return <Tag colour={LEVEL_COLOUR[level]}>{LEVEL_NAME[level]}</Tag>;
}

/** "Calls 164 against 101 expected (1.6×)". */
export function reasonText(r: AreaEscalation['reasons'][number]): string {
  const ratio = r.ratio === null ? 'none expected' : `${r.ratio.toFixed(1)}×`;
  return `${MEASURE_NAME[r.measure] ?? r.measure} ${Math.round(r.actual)} against ${Math.round(r.expected)} expected (${ratio})`;
}

/** The levels, reloaded whenever the stream says one changed. */
export function useEscalations() {
  const status = useApi((signal) => client.GET('/api/modelling/surge', { signal }));
  const [announce, setAnnounce] = useState('');
  const live = useEventStream('/api/modelling/surge/stream', ['surge.escalation_changed'], (_type, data) => {
    const p = data as { areaName: string; level: number; previousLevel: number };
    setAnnounce(`${p.areaName} moved from level ${p.previousLevel} to level ${p.level}`);
    status.reload();
  });
  return { status, live, announce };
}

export function EscalationPanel({ compact }: { compact?: boolean }) {
  const { status, live, announce } = useEscalations();
  const areas = status.data?.areas ?? [];
  const raised = areas.filter((a) => a.level > 1).sort((a, b) => b.level - a.level);
  return (
    <section aria-labelledby="escalation-heading" data-testid="escalation-panel">
      <h2 className="nhsuk-heading-m" id="escalation-heading">
        Escalation {live === 'live' ? <Tag colour="green">Live</Tag> : <Tag colour="grey">Connecting</Tag>}
      </h2>
      <LiveMessage message={announce} />
      {!status.data && !status.error && <p className="nhsuk-body">Loading escalation levels…</p>}
      {status.data && areas.length === 0 && <p className="nhsuk-body">No area has been evaluated yet: levels appear once calls have a few weeks of history.</p>}
      {raised.map((a) => (
        <WarningCallout key={a.areaCode} heading={<>{a.areaName}: {LEVEL_NAME[a.level]}</>}>
          <p className="nhsuk-body">
            Since {relative(a.since)}. {a.reasons.map(reasonText).join('; ')}.
          </p>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {a.actions.map((action) => (
              <li key={action}>{action}</li>
            ))}
          </ul>
        </WarningCallout>
      ))}
      {status.data && areas.length > 0 && raised.length === 0 && <p className="nhsuk-body">Every area is meeting demand (level 1).</p>}
      {!compact && areas.length > 0 && (
        <Details summary="Every area">
          <Table
            rows={areas}
            rowKey={(a) => a.areaCode}
            columns={[
              { heading: 'Area', cell: (a) => a.areaName },
              { heading: 'Level', cell: (a) => <LevelTag level={a.level} /> },
              { heading: 'Why', cell: (a) => (a.reasons.length ? a.reasons.map(reasonText).join('; ') : 'Demand as forecast') },
              { heading: 'Checked', cell: (a) => relative(a.evaluatedAt) },
            ]}
          />
        </Details>
      )}
    </section>
  );
}
