// @vitest-environment happy-dom
// The explain list grouped by reason and collapsed, each service with what failed for it (issue 16, item 6).
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Exclusion } from '../../lib/types';
import { ExcludedList, groupExclusions } from './excluded';

const service = (serviceId: number, rules: Exclusion['rules']): Exclusion => ({ serviceId, name: `Service ${serviceId}`, typeId: 135, distanceKm: serviceId, rules });
const dx = { rule: 'disposition' as const, detail: 'does not take Dx05 (Contact a GP within 2 hours)' };

afterEach(cleanup);

describe('services not offered', () => {
  const excluded: Exclusion[] = [
    ...Array.from({ length: 120 }, (_, i) => service(100 + i, [dx])),
    service(1, [{ rule: 'opening', detail: 'not open until 08:00' }]),
    service(2, [{ rule: 'capacity', detail: 'full (red) until 14:00: no beds' }]),
    service(3, [dx, { rule: 'age', detail: 'does not see patients aged 4 years (sees 16 years and over)' }]),
  ];

  it('groups by the first reason an adviser can act on, most actionable first', () => {
    const groups = groupExclusions(excluded);
    expect(groups.map((g) => [g.rule, g.services.length])).toEqual([
      ['capacity', 1],
      ['opening', 1],
      ['age', 1],
      ['disposition', 120],
    ]);
  });

  it('shows each group collapsed with a count, and each service with what failed in words', () => {
    const { container } = render(<ExcludedList excluded={excluded} />);
    const groups = Array.from(container.querySelectorAll('details'));
    expect(groups.map((d) => d.querySelector('summary')!.textContent)).toEqual([
      'Full (red capacity) (1)',
      'Not open when needed (1)',
      'Do not see patients of this age (1)',
      'Do not take this outcome (120)',
    ]);
    expect(groups.every((d) => !d.open)).toBe(true);
    expect(screen.getByText(/not open until 08:00/)).toBeTruthy();
    const age = within(groups[2]).getByText(/Service 3/).closest('li')!;
    expect(age.textContent).toContain('does not take Dx05 (Contact a GP within 2 hours); does not see patients aged 4 years');
    // A long group lists 50, then says how many more.
    expect(within(groups[3]).getAllByRole('listitem')).toHaveLength(51);
    expect(within(groups[3]).getByText('… and 70 more')).toBeTruthy();
  });
});
