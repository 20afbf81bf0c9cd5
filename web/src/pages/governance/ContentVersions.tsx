import { useState, type FormEvent } from 'react';
import { Button, Details, ErrorSummary, LoadError, Loading, Select, Table, Tag, TextInput, type TagColour } from '../../components/nhs';
import { call, client, useApi, type Reply } from '../../lib/api';
import { localVariationPackFile } from '../../lib/local-variation';
import { hasRole, useAuth } from '../../lib/auth';
import { when } from '../../lib/format';
import { useReference } from '../../lib/reference';
import { Link, navigate } from '../../lib/router';

export type ContentVersion = Reply<'/api/triage/content/versions'>['versions'][number];

export const STATUS_TAGS: Record<ContentVersion['status'], [string, TagColour]> = {
  draft: ['Draft', 'grey'],
  in_review: ['In review', 'blue'],
  approved: ['Approved', 'aqua-green'],
  published: ['Published', 'green'],
  withdrawn: ['Withdrawn', 'red'],
  superseded: ['Superseded', 'white'],
};

export function ContentVersions() {
  const { actor } = useAuth();
  const ref = useReference();
  const list = useApi((signal) => client.GET('/api/triage/content/versions', { signal }));
  const [label, setLabel] = useState('');
  const [basedOn, setBasedOn] = useState('');
  const [area, setArea] = useState('');
  const [error, setError] = useState<unknown>(null);
  const canAuthor = hasRole(actor, 'clinical_governance');

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const base = list.data?.versions.find((v) => v.id === basedOn);
      if (!label.trim()) throw new Error('Give the new version a label');
      if (!base) throw new Error('Choose the version to start from');
      // A variation overlays national content: starting from a variation means overlaying its national version.
      const national = base.overlayOf ? list.data?.versions.find((v) => v.id === base.overlayOf) : base;
      if (area && !national) throw new Error('The national version under that variation is not listed; start from a national version');
      const body =
        area && national
          ? { label, overlayOf: national.id, areaCode: area, files: [localVariationPackFile({ nationalPackId: national.packId, areaCode: area, label })] }
          : { label, basedOn: base.id };
      const r = await call(client.POST('/api/triage/content/versions', { body }));
      navigate(`/governance/versions/${r.version.id}`);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <ErrorSummary error={error} />
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Triage content</h1>
      <p className="nhsuk-body">Versions of the national content and local variations: draft → in review → approved → published. A second person reviews; replay impact shows what would change.</p>
      <LoadError error={list.error} retry={list.reload} />
      {!list.data ? (
        <Loading />
      ) : (
        <Table
          rows={list.data.versions}
          rowKey={(v) => v.id}
          columns={[
            { heading: 'Version', cell: (v) => <Link to={`/governance/versions/${v.id}`}>{v.label}</Link> },
            { heading: 'Content', cell: (v) => <code>{v.contentVersion}</code> },
            { heading: 'For', cell: (v) => (v.areaCode ? `${ref?.areaName(v.areaCode) ?? v.areaCode} (local)` : 'National') },
            { heading: 'Status', cell: (v) => <Tag colour={STATUS_TAGS[v.status][1]}>{STATUS_TAGS[v.status][0]}</Tag> },
            { heading: 'Updated', cell: (v) => when(v.updatedAt) },
          ]}
        />
      )}
      {canAuthor && list.data && (
        <Details summary="Start a new draft">
          <form onSubmit={create} noValidate>
            <TextInput label="Label" hint="For example: 2025.2 — earache wording" value={label} onValue={setLabel} />
            <Select
              label="Start from"
              value={basedOn}
              onValue={setBasedOn}
              options={[{ value: '', label: 'Choose a version' }, ...list.data.versions.map((v) => ({ value: v.id, label: `${v.label} (${STATUS_TAGS[v.status][0]})` }))]}
            />
            <Select
              label="Local variation for an area (optional)"
              hint="Empty: a new national version copied from the one above"
              value={area}
              onValue={setArea}
              options={[{ value: '', label: 'National' }, ...(ref?.areas ?? []).filter((a) => a.region === 'East Kent').map((a) => ({ value: a.code, label: a.name }))]}
            />
            <Button type="submit">Create draft</Button>
          </form>
        </Details>
      )}
    </>
  );
}
