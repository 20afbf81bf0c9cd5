/**
 * The first file of a new local variation ("Start a new draft" for an area): its pack.yaml, which
 * says which national pack it overlays and for which area. Written with the yaml library — never
 * by pasting text together — so a label with ':' or '#' or quotes stays a label.
 */
import { stringify } from 'yaml';

export interface LocalVariationStart {
  /** The pack id of the national content it overlays (its `packId`, e.g. "national"). */
  nationalPackId: string;
  areaCode: string;
  label: string;
}

/** Pack ids are lower-case letters, digits and hyphens. */
export function localPackId(areaCode: string): string {
  const slug = areaCode.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `local-${slug || 'area'}`;
}

export function localVariationPackFile({ nationalPackId, areaCode, label }: LocalVariationStart): { path: string; text: string } {
  const title = label.trim().length >= 3 ? label.trim() : `Local variation for ${areaCode}`;
  const pack = {
    id: localPackId(areaCode),
    title,
    version: '0.1.0',
    notice: `Local variation for ${areaCode}. DEMONSTRATION CONTENT — NOT FOR CLINICAL USE`,
    overlayOf: nationalPackId,
    area: areaCode,
  };
  return { path: 'pack.yaml', text: stringify({ pack }) };
}
