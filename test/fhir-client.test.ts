// A maintained FHIR client Signpost did not write (fhir-kit-client) drives the FHIR server over real
// HTTP on 127.0.0.1: the CapabilityStatement, a read, a search followed page by page through its
// `next` links (HealthcareService and Questionnaire), and HealthcareService/$match by POST and by GET
// (issue 17, item 4).
import { serve, type ServerType } from '@hono/node-server';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFhirErrors } from './fhir-validate';
import { fhirDirectory, matchParameters, type FhirDirectory } from './fhir-helpers';
import { testApp, type TestApp } from './fixture';

let t: TestApp;
let d: FhirDirectory;
let server: ServerType;
let client: Client;

beforeAll(async () => {
  t = await testApp();
  d = await fhirDirectory(t);
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: t.signpost.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });
  client = new Client({ baseUrl: `http://127.0.0.1:${port}/fhir`, bearerToken: d.token });
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await t?.close();
});

const matchIds = (bundle: any) => bundle.entry.filter((e: any) => e.search.mode === 'match').map((e: any) => e.resource.id);

describe('fhir-kit-client against /fhir', () => {
  it('reads the CapabilityStatement and a HealthcareService', async () => {
    const statement: any = await client.capabilityStatement();
    expect(statement.fhirVersion).toBe('4.0.1');
    expect(statement.rest[0].resource.map((r: any) => r.type)).toContain('HealthcareService');
    const hs: any = await client.read({ resourceType: 'HealthcareService', id: String(d.utc) });
    expect(hs.resourceType).toBe('HealthcareService');
    expect(hs.identifier).toContainEqual({ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'UTC01' });
    expect(await allFhirErrors(hs)).toEqual([]);
  });

  it('searches and follows next links page by page to every match', async () => {
    let bundle: any = await client.search({ resourceType: 'HealthcareService', searchParams: { _count: 2, _include: 'HealthcareService:organization' } });
    const seen: string[] = [];
    let pages = 0;
    while (bundle) {
      expect(bundle.total).toBe(5);
      expect(await allFhirErrors(bundle)).toEqual([]);
      seen.push(...matchIds(bundle));
      pages++;
      bundle = await client.nextPage({ bundle });
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([d.utc, d.sdec, d.pharmacy, d.closed, d.later].map(String).sort((a, b) => Number(a) - Number(b)));
  });

  it('runs HealthcareService/$match by POST and by GET, with the same ranked answer', async () => {
    const posted: any = await client.operation({ name: '$match', resourceType: 'HealthcareService', input: matchParameters() as any });
    expect(posted.type).toBe('searchset');
    expect(matchIds(posted).length).toBeGreaterThan(1);
    expect(await allFhirErrors(posted)).toEqual([]);
    const got: any = await client.operation({
      name: '$match',
      resourceType: 'HealthcareService',
      method: 'GET',
      input: { postcode: 'CT1 1AA', age: '40', sex: 'female', disposition: 'Dx03', symptomGroup: '1011', symptomDiscriminator: '4052', time: '2026-11-18T10:00:00Z' } as any,
    });
    expect(matchIds(got)).toEqual(matchIds(posted));
  });

  it('searches the published triage pathways (Questionnaire) page by page, and reads one', async () => {
    let bundle: any = await client.search({ resourceType: 'Questionnaire', searchParams: { status: 'active', _count: 30 } });
    const total = bundle.total;
    expect(total).toBeGreaterThan(60);
    const seen: string[] = [];
    let pages = 0;
    while (bundle) {
      expect(bundle.total).toBe(total);
      seen.push(...matchIds(bundle));
      pages++;
      bundle = await client.nextPage({ bundle });
    }
    expect(pages).toBe(Math.ceil(total / 30));
    expect(new Set(seen).size).toBe(total);
    const id = seen.find((x) => x.startsWith('back-pain.'))!;
    const questionnaire: any = await client.read({ resourceType: 'Questionnaire', id });
    expect(questionnaire).toMatchObject({ resourceType: 'Questionnaire', id, url: 'https://signpost.example/Questionnaire/national/back-pain', status: 'active' });
    expect(questionnaire.description).toContain('NOT FOR CLINICAL USE');
    expect(await allFhirErrors(questionnaire)).toEqual([]);
    const missing: any = await client.read({ resourceType: 'Questionnaire', id: 'back-pain.000000000000' }).catch((e: unknown) => e);
    expect(missing.response.status).toBe(404);
    expect(missing.response.data.resourceType).toBe('OperationOutcome');
  });

  it('sees an OperationOutcome with the right status when it asks for something that is not there', async () => {
    const error: any = await client.read({ resourceType: 'HealthcareService', id: '999999' }).catch((e: unknown) => e);
    expect(error.response.status).toBe(404);
    expect(error.response.data.resourceType).toBe('OperationOutcome');
  });
});
