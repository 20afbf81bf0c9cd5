// Why this file exists: codes people type (ODS and practice codes, disposition and discriminator
// codes, postcodes) are case-insensitive to them but compared exactly by the directory and the
// search. A lower-case practice code once silently lost practice-restricted services and own-GP
// ordering. So every request schema that takes a code takes it through these, and the rest of the
// system only ever sees the canonical form.
import { z } from 'zod';
import { normalisePostcode } from '../geo/onspd';

const ODS_CODE = /^[A-Z0-9]{3,10}$/;

/** "g82001 " → "G82001": an ODS code (organisation, service or GP practice), upper case. */
export function odsCodeSchema(message = 'an ODS code: 3–10 letters or digits') {
  return z.string().trim().toUpperCase().regex(ODS_CODE, message);
}

/** "dx05", "DX05" → "Dx05"; anything else is left as typed (the catalogue then names it unknown). */
export function canonicalDispositionCode(code: string): string {
  const m = /^dx(\d+)$/i.exec(code);
  return m ? `Dx${m[1]}` : code;
}

/** A disposition code as typed, in its canonical "Dx05" form. */
export function dispositionCodeSchema() {
  return z.string().trim().overwrite(canonicalDispositionCode);
}

/** "z001" → "Z001": symptom discriminator codes are digits or a capital letter and digits. */
export function discriminatorCodeSchema() {
  return z.string().trim().toUpperCase();
}

/** "ct1  1aa" → "CT1 1AA"; text that is not a postcode is passed on as typed (the geo lookup says so). */
export function postcodeSchema() {
  return z
    .string()
    .trim()
    .overwrite((input) => normalisePostcode(input) ?? input);
}
