/**
 * Issue 15 item 6: "Start a new draft" of a local variation (web/src/lib/local-variation.ts writes
 * its first file) compiles, even when the label has a ':' or other YAML punctuation in it.
 */
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPackId, localVariationPackFile } from '../web/src/lib/local-variation';
import { testApp, type TestApp, type ApiReply } from './fixture';

let t: TestApp;
let national: { id: string; packId: string };

beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
  const res = await t.request<ApiReply<'/api/triage/content/versions'>>('GET', '/api/triage/content/versions?status=published&national=true', { as: 'governance' });
  national = res.body.versions[0];
});
afterAll(async () => t?.close());

describe('starting a local variation from the governance screen', () => {
  const label = 'Thanet: earache wording # "pilot" — v2';

  it('writes a pack.yaml that keeps the label as it was typed', () => {
    const file = localVariationPackFile({ nationalPackId: 'national', areaCode: 'ek-thanet', label });
    expect(file.path).toBe('pack.yaml');
    expect(parse(file.text)).toEqual({
      pack: { id: 'local-ek-thanet', title: label, version: '0.1.0', notice: 'Local variation for ek-thanet. DEMONSTRATION CONTENT — NOT FOR CLINICAL USE', overlayOf: 'national', area: 'ek-thanet' },
    });
    expect(localPackId('E38 000/237')).toBe('local-e38-000-237');
  });

  it('creates a draft that compiles, with a ":" in its label', async () => {
    const file = localVariationPackFile({ nationalPackId: national.packId, areaCode: 'ek-thanet', label });
    const created = await t.request<ApiReply<'/api/triage/content/versions', 'post'>>('POST', '/api/triage/content/versions', { as: 'governance', body: { label, overlayOf: national.id, areaCode: 'ek-thanet', files: [file] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.version).toMatchObject({ status: 'draft', areaCode: 'ek-thanet', overlayOf: national.id, label });
    expect(created.body.problems.filter((p: any) => p.severity === 'error')).toEqual([]);
    expect(created.body.tests.failed).toBe(0);
    expect(created.body.pathways).toBeGreaterThanOrEqual(27);
  });

  it('was broken before: the same label pasted into YAML text does not parse as the label', () => {
    const pasted = `pack:\n  id: local-ek-thanet\n  title: ${label}\n`;
    expect(() => parse(pasted)).toThrow();
  });
});
