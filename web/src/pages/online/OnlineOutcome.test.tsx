// @vitest-environment happy-dom
// Patient online: a self-care outcome shows self-care — no "nearest A&E" above the advice (issue 11, item 20).
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome, SearchResult } from '../../lib/types';
import { OnlineOutcome } from './OnlineOutcome';

afterEach(cleanup);

function outcome(disposition: string, dispositionTitle: string, timeframe: string | number): Outcome {
  return {
    contentVersion: 'national@1',
    pathwayId: 'back-pain',
    entryPathwayId: 'back-pain',
    outcomeNodeId: 'back-pain-self-care',
    disposition,
    dispositionTitle,
    timeframe,
    symptomGroup: 11001,
    symptomGroupTitle: 'Back pain',
    symptomDiscriminator: '14040',
    symptomDiscriminatorTitle: 'Back pain, coping',
    careAdvice: [{ id: 'back-pain-self-care', title: 'Keep moving', text: 'Gentle movement helps back pain get better.' }],
    reportText: '',
    report: [],
    reasons: [],
    patient: { sex: 'male', ageBand: 'adult', ageDays: 14610 },
    directorySearch: { disposition, symptomGroup: 11001, symptomDiscriminators: ['14040'], age: { value: 14610, unit: 'days' }, sex: 'male' },
  };
}

const anEd = { serviceId: 9, publicName: 'William Harvey A&E', address: { lines: ['Kennington Road'], town: 'Ashford', postcode: 'TN24 0LZ' }, distanceKm: 20, openNow: true, access: { walkIn: true }, contacts: {} } as unknown as SearchResult;

describe('the online outcome', () => {
  it('self-care: look after yourself, the advice, what to do if worse — and no services or nearest A&E', () => {
    render(
      <OnlineOutcome
        outcome={outcome('Dx39', 'Self-care — get help again if things get worse', 'none')}
        catalogue={{ group: 'self-care', timeframe: { kind: 'none' } }}
        services={[]}
        catchAll={false}
        onCallback={() => undefined}
      />,
    );
    expect(screen.getByRole('heading', { level: 2, name: /You can look after yourself at home/ }).textContent).toContain('Non-urgent advice:');
    expect(screen.getByTestId('care-advice').textContent).toContain('Keep moving');
    expect(screen.getByText('If you get worse')).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/A&E|Where to go|Finding services/);
    expect(screen.queryByTestId('online-services')).toBeNull();
  });

  it('self-care told by the server before the catalogue has loaded: still no nearest A&E', () => {
    render(<OnlineOutcome outcome={outcome('Dx39', 'Self-care — get help again if things get worse', 'none')} selfCare services={[anEd]} catchAll onCallback={() => undefined} />);
    expect(document.body.textContent).not.toContain('If you cannot wait: the nearest A&E');
    expect(screen.queryByTestId('online-services')).toBeNull();
  });

  it('Dx05: urgent, within 2 hours, with where to go', () => {
    render(
      <OnlineOutcome
        outcome={outcome('Dx05', 'Contact a GP or urgent care service within 2 hours', 120)}
        catalogue={{ group: 'contact-primary-care', timeframe: { kind: 'minutes', minutes: 120 } }}
        services={[anEd]}
        catchAll={false}
        onCallback={() => undefined}
      />,
    );
    expect(document.body.textContent).toContain('Urgent advice:');
    expect(document.body.textContent).toContain('Within 2 hours');
    expect(screen.getByRole('heading', { name: 'Where to go' })).toBeTruthy();
    expect(screen.getByTestId('online-services').textContent).toContain('William Harvey A&E');
  });
});
