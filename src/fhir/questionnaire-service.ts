/**
 * Published triage pathways as FHIR Questionnaires (read and search), mapped in questionnaire.ts.
 * Every content version that was ever published is served — the one published now as `active`, those
 * superseded or withdrawn since as `retired` — so the `questionnaire` of every QuestionnaireResponse
 * Signpost sent (`url|version`: the content a session ran on, which had to be published) resolves
 * here with `Questionnaire?url=…&version=…`. Content is not patient data: open to any authenticated
 * caller, as the directory is. Reads content through the triage service; no SQL of its own.
 */
import type { Questionnaire } from '@medplum/fhirtypes';
import { VersionListQuery, type ContentVersion, type TriageService } from '../triage/service';
import { stringMatches } from './directory-search';
import type { FhirContext, ParsedSearch, SearchPage, SearchParamDef, SearchValue } from './model';
import { contentHashOfId, questionnairesOf, type PublishedContent } from './questionnaire';
import type { FhirRegistry } from './registry';
import { instantTest, parseToken } from './search-params';

export interface QuestionnaireDeps {
  triage: TriageService;
}

/** Statuses of a content version that was published at some time (a withdrawn one only if it has a publishedAt). */
const EVER_PUBLISHED = ['published', 'superseded', 'withdrawn'] as const;
/** Mapped content versions kept (content is immutable; each version maps ~90 pathways). */
const MAPPED_KEPT = 16;

const param = (name: string, type: SearchParamDef['type'], documentation: string): SearchParamDef => ({ name, type, documentation });

export function registerQuestionnaires(registry: FhirRegistry, deps: QuestionnaireDeps): FhirRegistry {
  const source = new PublishedPathways(deps.triage);
  registry.addResource<Questionnaire>({
    type: 'Questionnaire',
    documentation:
      'A published triage pathway’s questions (demonstration content, not for clinical use): url and version are the content pack’s, status active while published and retired after; the QuestionnaireResponses Signpost sends refer to these by url|version',
    access: 'signed-in',
    read: async (_ctx, id) => (await source.ofHash(contentHashOfId(id))).find((q) => q.id === id),
    search: {
      params: [
        param('_id', 'token', 'The resource id ({pathway}.{content hash})'),
        param('url', 'uri', 'The canonical URL (https://signpost.example/Questionnaire/{pack}/{pathway}); url|version also accepted'),
        param('version', 'token', 'The content version (pack@version+hash)'),
        param('name', 'string', 'The computable name, e.g. BackPain (starts with; :exact, :contains)'),
        param('title', 'string', 'The pathway’s title (starts with; :exact, :contains)'),
        param('status', 'token', 'active (published now) or retired (superseded or withdrawn)'),
        param('_lastUpdated', 'date', 'When the content version last changed: published, superseded or withdrawn (prefixes eq, ne, gt, lt, ge, le, sa, eb)'),
      ],
      run: (ctx, search) => source.search(ctx, search),
    },
  });
  return registry;
}

class PublishedPathways {
  /** By content version: the Questionnaires of its pathways (status and dates as when mapped; remapped when they change). */
  private readonly mapped = new Map<string, { stamp: string; questionnaires: Questionnaire[] }>();

  constructor(private readonly triage: TriageService) {}

  /** The Questionnaires of the content versions with this content hash (none for undefined). */
  async ofHash(hash: string | undefined): Promise<Questionnaire[]> {
    if (!hash) return [];
    const versions = (await this.versions()).filter((v) => v.contentVersion.endsWith(`+${hash}`));
    return (await Promise.all(versions.map((v) => this.questionnairesOf(v)))).flat();
  }

  async search(_ctx: FhirContext, search: ParsedSearch): Promise<SearchPage<Questionnaire>> {
    // Tests first (a malformed date is a 400 before any content is read).
    const tests = [...search.params].flatMap(([name, values]) => values.map((value) => questionnaireTest(name, value)));
    const all = (await Promise.all((await this.versions()).map((v) => this.questionnairesOf(v)))).flat();
    const passing = all.filter((q) => tests.every((test) => test(q))).sort((a, b) => (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0));
    return { resources: passing.slice(search.offset, search.offset + search.count), total: passing.length };
  }

  /**
   * Content versions ever published, one per content (the same content published twice is one set of
   * Questionnaires): the one published now if any, else the latest changed.
   */
  private async versions(): Promise<ContentVersion[]> {
    const lists = await Promise.all(EVER_PUBLISHED.map((status) => this.triage.listVersions(VersionListQuery.parse({ status, limit: 500 }))));
    const byContent = new Map<string, ContentVersion>();
    for (const v of lists.flat()) {
      if (!v.publishedAt) continue;
      const kept = byContent.get(v.contentVersion);
      if (!kept || (kept.status !== 'published' && (v.status === 'published' || v.updatedAt > kept.updatedAt))) byContent.set(v.contentVersion, v);
    }
    return [...byContent.values()];
  }

  private async questionnairesOf(version: ContentVersion): Promise<Questionnaire[]> {
    const stamp = `${version.id}|${version.status}|${version.updatedAt.toISOString()}`;
    const kept = this.mapped.get(version.contentVersion);
    if (kept?.stamp === stamp) return kept.questionnaires;
    const content: PublishedContent = {
      pack: await this.triage.packOfVersion(version.id),
      status: version.status === 'published' ? 'active' : 'retired',
      publishedAt: version.publishedAt!,
      updatedAt: version.updatedAt,
    };
    const questionnaires = questionnairesOf(content);
    this.mapped.delete(version.contentVersion);
    this.mapped.set(version.contentVersion, { stamp, questionnaires });
    while (this.mapped.size > MAPPED_KEPT) this.mapped.delete(this.mapped.keys().next().value as string);
    return questionnaires;
  }
}

/** One search parameter's value as a test of a Questionnaire (values OR-ed). */
function questionnaireTest(name: string, value: SearchValue): (q: Questionnaire) => boolean {
  switch (name) {
    case '_id':
      return (q) => value.values.includes(q.id!);
    case 'url': {
      const wanted = value.values.map((v) => {
        const bar = v.indexOf('|');
        return bar < 0 ? { url: v } : { url: v.slice(0, bar), version: v.slice(bar + 1) };
      });
      return (q) => wanted.some((w) => w.url === q.url && (w.version === undefined || w.version === q.version));
    }
    case 'version': {
      const codes = value.values.map((v) => parseToken(v).code);
      return (q) => codes.includes(q.version);
    }
    case 'name':
      return (q) => stringMatches(value, [q.name]);
    case 'title':
      return (q) => stringMatches(value, [q.title]);
    case 'status': {
      const codes = value.values.map((v) => parseToken(v).code);
      return (q) => codes.includes(q.status);
    }
    case '_lastUpdated': {
      const changedIn = instantTest(value, name);
      return (q) => changedIn(Date.parse(q.meta!.lastUpdated!));
    }
    default:
      return () => true;
  }
}
