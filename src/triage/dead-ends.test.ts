/**
 * No dead ends (issue 15 item 1): for every entry pathway of the shipped pack and every age band it
 * excludes, the finder offers at least one pathway that does apply, from the refused pathway's own
 * title and keywords; and the engine's refusal names them. The exceptions are presentations no
 * pathway could serve at that age, listed here on purpose and kept short.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compilePack, loadPackFromDir } from './compiler';
import { startSession, TriageError } from './engine';
import { AGE_BANDS } from './model';
import type { AgeBand } from './model';
import { applicableAlternatives } from './search';
import { catalogue } from './test-fixtures';

const { pack } = compilePack(loadPackFromDir(fileURLToPath(new URL('../../content/national', import.meta.url))), catalogue());
/** A patient in the middle of each band. */
const AGE_DAYS: Record<AgeBand, number> = { infant: 120, toddler: 2 * 365, child: 9 * 365, adult: 40 * 365 };

/** `pathway id` → bands where nothing could be offered instead, with why. */
const NO_ALTERNATIVE_POSSIBLE: Record<string, { bands: AgeBand[]; why: string }> = {
  'pregnancy-problems': { bands: ['infant', 'toddler'], why: 'babies and toddlers cannot be pregnant' },
  'reduced-baby-movements': { bands: ['infant', 'toddler'], why: 'babies and toddlers cannot be pregnant' },
  'pregnancy-sickness': { bands: ['infant', 'toddler'], why: 'babies and toddlers cannot be pregnant' },
  contraception: { bands: ['infant', 'toddler'], why: 'no contraception before puberty' },
  'emergency-contraception': { bands: ['infant', 'toddler'], why: 'no contraception before puberty' },
};

const refusals = pack.pathwayOrder
  .map((id) => pack.pathways[id])
  .filter((p) => p.entry && !p.screen)
  .flatMap((p) =>
    AGE_BANDS.filter((band) => !p.gating.ageBands.includes(band) && !NO_ALTERNATIVE_POSSIBLE[p.id]?.bands.includes(band)).map((band) => ({
      id: p.id,
      band,
      sex: p.gating.sexes.includes('female') ? ('female' as const) : p.gating.sexes[0],
    })),
  );

describe('no dead ends in the shipped pack', () => {
  it.each(refusals)('$id refused for a $band is offered a pathway that applies', ({ id, band, sex }) => {
    const offered = applicableAlternatives(pack, id, { ageDays: AGE_DAYS[band], sex });
    expect(offered.length, `${id} for a ${band}: nothing offered`).toBeGreaterThan(0);
    for (const hit of offered) expect(pack.pathways[hit.pathwayId].gating.ageBands).toContain(band);
  });

  it('the refusal itself names the alternatives', () => {
    expect(refusals.length).toBeGreaterThan(0);
    const refusal = refusals[0];
    let error: unknown;
    try {
      startSession(pack, { ageDays: AGE_DAYS[refusal.band], sex: refusal.sex, entry: { pathwayId: refusal.id }, today: '2025-01-15' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TriageError);
    const { code, alternatives, message } = error as TriageError;
    expect(code).toBe('pathway-not-applicable');
    expect(alternatives.length).toBeGreaterThan(0);
    expect(message).toContain(alternatives[0].pathwayId);
  });

  it('keeps its list of exceptions short', () => {
    expect(Object.keys(NO_ALTERNATIVE_POSSIBLE).length).toBeLessThanOrEqual(6);
  });
});
