// src/search/bench-core.ts
import v8 from "node:v8";
import vm from "node:vm";

// src/directory/bank-holidays.ts
import Holidays from "date-holidays";
var STATE = {
  "england-and-wales": "ENG",
  scotland: "SCT",
  "northern-ireland": "NIR"
};
var SUBSTITUTE_SUFFIX = " (substitute day)";
var DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isValidLocalDate(date) {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}
function isWeekend(date) {
  const dow = (/* @__PURE__ */ new Date(`${date}T00:00:00Z`)).getUTCDay();
  return dow === 0 || dow === 6;
}
var libraryInstances = /* @__PURE__ */ new Map();
var libraryCache = /* @__PURE__ */ new Map();
function libraryFor(nation) {
  let hd = libraryInstances.get(nation);
  if (!hd) {
    hd = new Holidays("GB", STATE[nation], { languages: "en" });
    libraryInstances.set(nation, hd);
  }
  return hd;
}
function libraryHolidays(nation, year) {
  let byYear = libraryCache.get(nation);
  if (!byYear) {
    byYear = /* @__PURE__ */ new Map();
    libraryCache.set(nation, byYear);
  }
  const cached = byYear.get(year);
  if (cached) return cached;
  const pub = libraryFor(nation).getHolidays(year, "en").filter((h) => h.type === "public");
  const substituted = new Set(
    pub.filter((h) => h.substitute && h.name.endsWith(SUBSTITUTE_SUFFIX)).map((h) => h.name.slice(0, -SUBSTITUTE_SUFFIX.length))
  );
  const byDate = /* @__PURE__ */ new Map();
  for (const h of pub) {
    const date = h.date.slice(0, 10);
    if (!h.substitute && substituted.has(h.name) && isWeekend(date)) continue;
    const existing = byDate.get(date);
    byDate.set(date, existing ? { date, name: `${existing.name}, ${h.name}` } : { date, name: h.name });
  }
  const list = Object.freeze([...byDate.values()].sort((a, b) => a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  byYear.set(year, list);
  return list;
}
var BankHolidayCalendar = class {
  overrides = [];
  cache = /* @__PURE__ */ new Map();
  constructor(overrides = []) {
    this.setOverrides(overrides);
  }
  /** Replaces all overrides (e.g. after the DoS lead edits them) and drops cached years. */
  setOverrides(overrides) {
    for (const o of overrides) {
      if (!(o.nation in STATE)) throw new RangeError(`unknown nation in holiday override: ${String(o.nation)}`);
      if (!isValidLocalDate(o.date)) throw new RangeError(`invalid date in holiday override: ${o.date}`);
      if (o.kind !== "add" && o.kind !== "remove") throw new RangeError(`invalid holiday override kind: ${String(o.kind)}`);
    }
    this.overrides = overrides.map((o) => ({ ...o }));
    this.cache.clear();
  }
  isBankHoliday(nation, localDate) {
    const year = (localDate.charCodeAt(0) - 48) * 1e3 + (localDate.charCodeAt(1) - 48) * 100 + (localDate.charCodeAt(2) - 48) * 10 + (localDate.charCodeAt(3) - 48);
    if (!(year >= 0 && year <= 9999)) return false;
    return this.entry(nation, year).dates.has(localDate);
  }
  /** Bank holidays of a nation in a year, sorted by date, with overrides applied. */
  holidays(nation, year) {
    return this.entry(nation, year).list.map((h) => ({ ...h }));
  }
  entry(nation, year) {
    let byYear = this.cache.get(nation);
    if (!byYear) {
      if (!(nation in STATE)) throw new RangeError(`unknown nation: ${String(nation)}`);
      byYear = /* @__PURE__ */ new Map();
      this.cache.set(nation, byYear);
    }
    let entry = byYear.get(year);
    if (!entry) {
      entry = this.build(nation, year);
      byYear.set(year, entry);
    }
    return entry;
  }
  build(nation, year) {
    const byDate = /* @__PURE__ */ new Map();
    for (const h of libraryHolidays(nation, year)) byDate.set(h.date, h);
    const prefix = `${String(year).padStart(4, "0")}-`;
    for (const o of this.overrides) {
      if (o.nation !== nation || !o.date.startsWith(prefix)) continue;
      if (o.kind === "remove") byDate.delete(o.date);
      else byDate.set(o.date, { date: o.date, name: o.name ?? byDate.get(o.date)?.name ?? "Bank holiday" });
    }
    const list = Object.freeze([...byDate.values()].sort((a, b) => a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return { list, dates: new Set(byDate.keys()) };
  }
};

// src/directory/catalogue.ts
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
var DISPOSITION_GROUPS = [
  "ambulance-cat1",
  "ambulance-cat2",
  "ambulance-cat3",
  "ambulance-cat4",
  "police",
  "emergency-department",
  "contact-primary-care",
  "speak-to-primary-care",
  "own-gp",
  "dental",
  "community",
  "other-services",
  "clinician-callback",
  "validation-callback",
  "repeat-prescription",
  "self-care"
];
var SERVICE_CATEGORIES = [
  "emergency",
  "urgent-care",
  "primary-care",
  "community",
  "pharmacy",
  "dental",
  "mental-health",
  "maternity",
  "sexual-health",
  "social-care",
  "optical",
  "hospital-specialist",
  "telephony"
];
var CatalogueError = class extends Error {
  constructor(problems) {
    const lines = problems.slice(0, 25).map((p) => `  ${formatProblem(p)}`);
    if (problems.length > 25) lines.push(`  \u2026 and ${problems.length - 25} more`);
    super(`invalid reference catalogue:
${lines.join("\n")}`);
    this.problems = problems;
  }
  problems;
  name = "CatalogueError";
};
function formatProblem(p) {
  return p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;
}
var CATALOGUE_FILES = {
  dispositions: "dispositions.yaml",
  symptomGroups: "symptom-groups.yaml",
  serviceTypes: "service-types.yaml"
};
var DEFAULT_REFERENCE_DIR = fileURLToPath(new URL("../../data/reference/", import.meta.url));
var LAST_NATIONAL_CODE = 10999;
var TIMEFRAME_RULES = ["immediate", "next-working-day", "3-working-days", "5-working-days", "none"];
var dispositionCode = z.string().regex(/^Dx\d{2,6}$/, "expected a disposition code such as Dx02");
var title = z.string().trim().min(1, "must not be empty");
var timeframeSchema = z.union([z.int().positive(), z.enum(TIMEFRAME_RULES)], {
  error: `expected minutes (a positive whole number) or one of ${TIMEFRAME_RULES.join(" | ")}`
}).transform((value) => {
  if (typeof value === "number") return { kind: "minutes", minutes: value };
  switch (value) {
    case "immediate":
      return { kind: "immediate" };
    case "none":
      return { kind: "none" };
    case "next-working-day":
      return { kind: "working-days", days: 1 };
    case "3-working-days":
      return { kind: "working-days", days: 3 };
    case "5-working-days":
      return { kind: "working-days", days: 5 };
  }
});
var dispositionSchema = z.strictObject({
  code: dispositionCode,
  title,
  group: z.enum(DISPOSITION_GROUPS),
  timeframe: timeframeSchema,
  legacyId: z.int().positive().optional(),
  validationOf: z.array(dispositionCode).min(1).optional(),
  note: z.string().trim().min(1).optional()
});
var dispositionsFileSchema = z.strictObject({ dispositions: z.array(dispositionSchema) });
var symptomGroupSchema = z.strictObject({
  code: z.int().positive(),
  title,
  local: z.boolean().optional()
});
var discriminatorSchema = z.strictObject({
  // accept an unquoted YAML number too (4052), but store a string
  code: z.union([z.string().trim().regex(/^(\d{1,6}|Z\d{3,4})$/), z.int().nonnegative()], {
    error: 'expected a discriminator code such as "4052" or "Z001"'
  }).transform(String),
  title,
  local: z.boolean().optional()
});
var symptomGroupsFileSchema = z.strictObject({
  symptomGroups: z.array(symptomGroupSchema),
  symptomDiscriminators: z.array(discriminatorSchema).default([])
});
var serviceTypeSchema = z.strictObject({
  id: z.int().positive(),
  name: title,
  nationalRank: z.int().min(1).max(10),
  maxResults: z.int().min(1),
  category: z.enum(SERVICE_CATEGORIES),
  catchAll: z.boolean().optional(),
  local: z.boolean().optional()
});
var serviceTypesFileSchema = z.strictObject({ serviceTypes: z.array(serviceTypeSchema) });
var Catalogue = class _Catalogue {
  dispositions;
  symptomGroups;
  discriminators;
  serviceTypes;
  /** the service types offered when nothing else fits (emergency departments) */
  catchAllServiceTypes;
  #dispositions;
  #byLegacyId;
  #validationFor;
  #symptomGroups;
  #discriminators;
  #serviceTypes;
  constructor(data) {
    this.dispositions = deepFreeze(data.dispositions);
    this.symptomGroups = deepFreeze(data.symptomGroups);
    this.discriminators = deepFreeze(data.discriminators);
    this.serviceTypes = deepFreeze(data.serviceTypes);
    this.catchAllServiceTypes = Object.freeze(this.serviceTypes.filter((t) => t.catchAll));
    this.#dispositions = new Map(this.dispositions.map((d) => [d.code, d]));
    this.#byLegacyId = new Map(
      this.dispositions.flatMap((d) => d.legacyId === void 0 ? [] : [[d.legacyId, d]])
    );
    this.#validationFor = new Map(
      this.dispositions.flatMap((d) => (d.validationOf ?? []).map((code) => [code, d]))
    );
    this.#symptomGroups = new Map(this.symptomGroups.map((g) => [g.code, g]));
    this.#discriminators = new Map(this.discriminators.map((d) => [d.code, d]));
    this.#serviceTypes = new Map(this.serviceTypes.map((t) => [t.id, t]));
    Object.freeze(this);
  }
  /** Load the three YAML files from `dir` (default: the catalogue shipped in data/reference). */
  static load(dir = DEFAULT_REFERENCE_DIR) {
    const problems = [];
    const read = (file) => {
      const fullPath = join(dir, file);
      let text2;
      try {
        text2 = readFileSync(fullPath, "utf8");
      } catch (err) {
        problems.push({ file, path: "", message: `cannot read ${fullPath}: ${errorMessage(err)}` });
        return void 0;
      }
      try {
        return parseYaml(text2);
      } catch (err) {
        problems.push({ file, path: "", message: `not valid YAML: ${errorMessage(err)}` });
        return void 0;
      }
    };
    const raw = {
      dispositions: read(CATALOGUE_FILES.dispositions),
      symptomGroups: read(CATALOGUE_FILES.symptomGroups),
      serviceTypes: read(CATALOGUE_FILES.serviceTypes)
    };
    if (problems.length > 0) throw new CatalogueError(problems);
    return _Catalogue.fromData(raw);
  }
  /**
   * Build a catalogue from already-parsed data (tests, or an administrator loading a fuller
   * catalogue). Throws `CatalogueError` listing every problem, each naming the file and the item.
   */
  static fromData(raw) {
    const problems = [];
    const dispositionsDoc = parseFile(
      CATALOGUE_FILES.dispositions,
      dispositionsFileSchema,
      Array.isArray(raw.dispositions) ? { dispositions: raw.dispositions } : raw.dispositions,
      problems
    );
    const symptomDoc = parseFile(CATALOGUE_FILES.symptomGroups, symptomGroupsFileSchema, raw.symptomGroups, problems);
    const serviceTypesDoc = parseFile(
      CATALOGUE_FILES.serviceTypes,
      serviceTypesFileSchema,
      Array.isArray(raw.serviceTypes) ? { serviceTypes: raw.serviceTypes } : raw.serviceTypes,
      problems
    );
    const dispositions = [];
    if (dispositionsDoc) {
      const file = CATALOGUE_FILES.dispositions;
      const items = dispositionsDoc.dispositions;
      problems.push(...duplicates(file, "dispositions", items, (d) => d.code, "code", "code"));
      problems.push(
        ...duplicates(file, "dispositions", items, (d) => d.legacyId, "legacyId", "legacy id")
      );
      const known = new Set(items.map((d) => d.code));
      const validatedBy = /* @__PURE__ */ new Map();
      items.forEach((d, i) => {
        if (d.group === "validation-callback" && !d.validationOf) {
          problems.push({ file, path: `dispositions.${i}.validationOf`, message: `${d.code}: a validation call-back must say which dispositions it stands in for` });
        }
        if (d.group !== "validation-callback" && d.validationOf) {
          problems.push({ file, path: `dispositions.${i}.validationOf`, message: `${d.code}: only validation-callback dispositions may have validationOf` });
        }
        (d.validationOf ?? []).forEach((code, j) => {
          const path = `dispositions.${i}.validationOf.${j}`;
          if (!known.has(code)) {
            problems.push({ file, path, message: `${d.code}: unknown disposition ${code}` });
          } else if (items.find((o) => o.code === code)?.group === "validation-callback") {
            problems.push({ file, path, message: `${d.code}: ${code} is itself a validation call-back` });
          } else if (validatedBy.has(code) && validatedBy.get(code) !== d.code) {
            problems.push({ file, path, message: `${d.code}: ${code} is already validated by ${validatedBy.get(code)}` });
          } else {
            validatedBy.set(code, d.code);
          }
        });
        dispositions.push(withoutUndefined({
          code: d.code,
          title: d.title,
          group: d.group,
          timeframe: d.timeframe,
          legacyId: d.legacyId,
          validationOf: d.validationOf,
          note: d.note
        }));
      });
    }
    const symptomGroups = [];
    const discriminators = [];
    if (symptomDoc) {
      const file = CATALOGUE_FILES.symptomGroups;
      problems.push(...duplicates(file, "symptomGroups", symptomDoc.symptomGroups, (g) => g.code, "code", "code"));
      problems.push(
        ...duplicates(file, "symptomDiscriminators", symptomDoc.symptomDiscriminators, (d) => d.code, "code", "code")
      );
      symptomDoc.symptomGroups.forEach((g, i) => {
        const mustBeLocal = g.code > LAST_NATIONAL_CODE;
        if (mustBeLocal && g.local === false) {
          problems.push({ file, path: `symptomGroups.${i}.local`, message: `${g.code}: codes above ${LAST_NATIONAL_CODE} are local` });
        }
        symptomGroups.push({ code: g.code, title: g.title, local: g.local ?? mustBeLocal });
      });
      symptomDoc.symptomDiscriminators.forEach((d, i) => {
        const mustBeLocal = /^\d+$/.test(d.code) && Number(d.code) > LAST_NATIONAL_CODE;
        if (mustBeLocal && d.local === false) {
          problems.push({ file, path: `symptomDiscriminators.${i}.local`, message: `${d.code}: codes above ${LAST_NATIONAL_CODE} are local` });
        }
        discriminators.push({ code: d.code, title: d.title, local: d.local ?? mustBeLocal });
      });
    }
    const serviceTypes = [];
    if (serviceTypesDoc) {
      const file = CATALOGUE_FILES.serviceTypes;
      const items = serviceTypesDoc.serviceTypes;
      problems.push(...duplicates(file, "serviceTypes", items, (t) => t.id, "id", "id"));
      if (items.length > 0 && !items.some((t) => t.catchAll)) {
        problems.push({ file, path: "serviceTypes", message: "no service type is marked catchAll (the emergency department type offered when nothing else fits)" });
      }
      for (const t of items) {
        serviceTypes.push({
          id: t.id,
          name: t.name,
          nationalRank: t.nationalRank,
          maxResults: t.maxResults,
          category: t.category,
          catchAll: t.catchAll ?? false,
          local: t.local ?? false
        });
      }
    }
    if (problems.length > 0) throw new CatalogueError(problems);
    return new _Catalogue({ dispositions, symptomGroups, discriminators, serviceTypes });
  }
  disposition(code) {
    return this.#dispositions.get(code);
  }
  /** The disposition an older interface calls by its numeric id (e.g. 1002 → Dx02). */
  dispositionByLegacyId(id) {
    return this.#byLegacyId.get(id);
  }
  /** The validation call-back that stands in for a disposition (e.g. Dx02 → Dx334), if any. */
  validationCallbackFor(code) {
    return this.#validationFor.get(code);
  }
  symptomGroup(code) {
    return this.#symptomGroups.get(code);
  }
  discriminator(code) {
    return this.#discriminators.get(code);
  }
  serviceType(id) {
    return this.#serviceTypes.get(id);
  }
  /**
   * One problem for each distinct code the catalogue does not know, e.g.
   * `{ path: 'dispositions', message: 'unknown disposition Dx999' }`. Empty when all are known.
   */
  unknownCodes(input) {
    const problems = [];
    const check = (path, codes, known, what) => {
      for (const code of new Set(codes ?? [])) {
        if (!known(code)) problems.push({ path, message: `unknown ${what} ${String(code)}` });
      }
    };
    check("dispositions", input.dispositions, (c2) => this.#dispositions.has(c2), "disposition");
    check("symptomGroups", input.symptomGroups, (c2) => this.#symptomGroups.has(c2), "symptom group");
    check("discriminators", input.discriminators, (c2) => this.#discriminators.has(c2), "symptom discriminator");
    check("serviceTypes", input.serviceTypes, (c2) => this.#serviceTypes.has(c2), "service type");
    return problems;
  }
};
function parseFile(file, schema, data, problems) {
  if (data === void 0 || data === null) {
    problems.push({ file, path: "", message: "no data (the file is empty)" });
    return void 0;
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const label = itemLabel(data, issue.path);
    problems.push({
      file,
      path: issue.path.map(String).join("."),
      message: label ? `${label}: ${issue.message}` : issue.message
    });
  }
  return void 0;
}
function itemLabel(data, path) {
  const [listKey, index2, field] = path;
  if (typeof index2 !== "number" || field === void 0 || field === "code" || field === "id") return void 0;
  const list = data[listKey];
  const item = Array.isArray(list) ? list[index2] : void 0;
  if (item === null || typeof item !== "object") return void 0;
  const key = item.code ?? item.id;
  return typeof key === "string" || typeof key === "number" ? String(key) : void 0;
}
function duplicates(file, listPath, items, key, field, label) {
  const firstAt = /* @__PURE__ */ new Map();
  const problems = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (k === void 0) return;
    const first = firstAt.get(k);
    if (first === void 0) firstAt.set(k, i);
    else {
      problems.push({
        file,
        path: `${listPath}.${i}.${field}`,
        message: `duplicate ${label} ${String(k)} (also at ${listPath}.${first})`
      });
    }
  });
  return problems;
}
function withoutUndefined(value) {
  for (const key of Object.keys(value)) {
    if (value[key] === void 0) delete value[key];
  }
  return value;
}
function deepFreeze(value) {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
function errorMessage(err) {
  return err instanceof Error ? err.message : String(err);
}

// src/directory/model.ts
import { z as z4 } from "zod";

// src/geo/model.ts
import { z as z3 } from "zod";

// src/directory/opening-hours.ts
import { IANAZone } from "luxon";
import { z as z2 } from "zod";
var Nations = Object.freeze(["england-and-wales", "scotland", "northern-ireland"]);
var Weekdays = Object.freeze(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
var ZONE_NAME = "Europe/London";
var OPEN_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
var CLOSE_RE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
var DATE_RE2 = /^(\d{4})-(\d{2})-(\d{2})$/;
function isValidOpen(s) {
  return typeof s === "string" && OPEN_RE.test(s);
}
function isValidClose(s) {
  return typeof s === "string" && CLOSE_RE.test(s) && s !== "00:00";
}
function isValidLocalDate2(s) {
  const m = DATE_RE2.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}
var SessionSchema = z2.object({
  open: z2.string().refine(isValidOpen, { message: "open must be a time HH:MM from 00:00 to 23:59" }),
  close: z2.string().refine(isValidClose, { message: "close must be a time HH:MM from 00:01 to 24:00" })
}).superRefine((s, ctx) => {
  if (isValidOpen(s.open) && isValidClose(s.close) && minutesOf(s.close) <= minutesOf(s.open)) {
    ctx.addIssue({
      code: "custom",
      path: ["close"],
      message: `session crosses midnight or ends before it starts (${s.open}\u2013${s.close}); a session must close after it opens on the same day \u2014 split an overnight session at 24:00 and 00:00`
    });
  }
});
var DaySessionsSchema = z2.array(SessionSchema).superRefine((sessions, ctx) => {
  const valid = [];
  sessions.forEach((s, i) => {
    if (isValidOpen(s.open) && isValidClose(s.close)) {
      const o = minutesOf(s.open);
      const c2 = minutesOf(s.close);
      if (o < c2) valid.push({ i, o, c: c2 });
    }
  });
  valid.sort((a, b) => a.o - b.o || a.i - b.i);
  let prev;
  for (const cur of valid) {
    if (prev && cur.o < prev.c) {
      const p = sessions[prev.i];
      const s = sessions[cur.i];
      ctx.addIssue({
        code: "custom",
        path: [cur.i, "open"],
        message: `session ${s.open}\u2013${s.close} overlaps session ${prev.i} (${p.open}\u2013${p.close}) on the same day`
      });
    }
    if (!prev || cur.c > prev.c) prev = cur;
  }
});
var SpecifiedDateSchema = z2.object({
  date: z2.string().refine(isValidLocalDate2, { message: "date must be a valid calendar date YYYY-MM-DD" }),
  sessions: DaySessionsSchema,
  note: z2.string().optional()
});
var WeeklySchema = z2.object({
  mon: DaySessionsSchema,
  tue: DaySessionsSchema,
  wed: DaySessionsSchema,
  thu: DaySessionsSchema,
  fri: DaySessionsSchema,
  sat: DaySessionsSchema,
  sun: DaySessionsSchema
});
var OpeningTimesSchema = z2.object({
  alwaysOpen: z2.boolean(),
  weekly: WeeklySchema,
  bankHoliday: DaySessionsSchema.nullable(),
  specifiedDates: z2.array(SpecifiedDateSchema).superRefine((dates, ctx) => {
    const seen = /* @__PURE__ */ new Map();
    dates.forEach((d, i) => {
      if (typeof d.date !== "string") return;
      const first = seen.get(d.date);
      if (first === void 0) seen.set(d.date, i);
      else ctx.addIssue({ code: "custom", path: [i, "date"], message: `duplicate specified date ${d.date} (already given at specifiedDates.${first})` });
    });
  })
});
var NationSchema = z2.enum(["england-and-wales", "scotland", "northern-ireland"]);
function emptyWeek() {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}
var MINUTE = 6e4;
var HOUR = 60 * MINUTE;
var DAY = 24 * HOUR;
var WEEKDAY_BY_UTC_DAY = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
var zone = IANAZone.create(ZONE_NAME);
if (!zone.isValid) throw new Error(`time zone ${ZONE_NAME} is not available in this runtime`);
function offsetMs(t) {
  return zone.offset(t) * MINUTE;
}
function wallToInstant(wall) {
  const before = offsetMs(wall - 12 * HOUR);
  const after = offsetMs(wall + 12 * HOUR);
  const c1 = wall - before;
  const c2 = wall - after;
  const ok1 = offsetMs(c1) === before;
  const ok2 = before !== after && offsetMs(c2) === after;
  if (ok1 && ok2) return Math.min(c1, c2);
  if (ok1) return c1;
  if (ok2) return c2;
  let lo = Math.min(c1, c2);
  let hi = Math.max(c1, c2);
  const atHi = offsetMs(hi);
  while (hi - lo > 1e3) {
    const mid = lo + Math.max(1e3, Math.floor((hi - lo) / 2e3) * 1e3);
    if (offsetMs(mid) === atHi) hi = mid;
    else lo = mid;
  }
  return hi;
}
var dayCache = /* @__PURE__ */ new Map();
var DAY_CACHE_LIMIT = 5e4;
function pad2(n) {
  return n < 10 ? `0${n}` : String(n);
}
function localDay(num) {
  const hit = dayCache.get(num);
  if (hit) return hit;
  const d = new Date(num * DAY);
  const y = d.getUTCFullYear();
  const date = `${y < 1e3 ? String(y).padStart(4, "0") : y}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const startMs = wallToInstant(num * DAY);
  const endMs = wallToInstant((num + 1) * DAY);
  const day = { num, date, weekday: WEEKDAY_BY_UTC_DAY[d.getUTCDay()], startMs, endMs, changes: endMs - startMs !== DAY };
  if (dayCache.size >= DAY_CACHE_LIMIT) dayCache.clear();
  dayCache.set(num, day);
  return day;
}
function localDayAt(t) {
  let day = localDay(Math.floor(t / DAY));
  while (t < day.startMs) day = localDay(day.num - 1);
  while (t >= day.endMs) day = localDay(day.num + 1);
  return day;
}
var minutesMemo = /* @__PURE__ */ new Map();
function minutesOf(hhmm) {
  const hit = minutesMemo.get(hhmm);
  if (hit !== void 0) return hit;
  if (!CLOSE_RE.test(hhmm)) throw new RangeError(`invalid time (want HH:MM): ${hhmm}`);
  const m = Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  minutesMemo.set(hhmm, m);
  return m;
}
function instantOn(day, minutes2) {
  if (minutes2 === 0) return day.startMs;
  if (minutes2 >= 1440) return day.endMs;
  if (!day.changes) return day.startMs + minutes2 * MINUTE;
  return wallToInstant(day.num * DAY + minutes2 * MINUTE);
}
var ALL_DAY = Object.freeze([Object.freeze({ open: "00:00", close: "24:00" })]);
function findSpecified(times, date) {
  const list = times.specifiedDates;
  for (let i = 0; i < list.length; i++) if (list[i].date === date) return list[i];
  return void 0;
}
function sessionsFor(times, nation, date, weekday, calendar2) {
  if (times.specifiedDates.length > 0) {
    const specified = findSpecified(times, date);
    if (specified) return specified.sessions;
  }
  if (times.alwaysOpen) return ALL_DAY;
  if (times.bankHoliday !== null && calendar2.isBankHoliday(nation, date)) return times.bankHoliday;
  return times.weekly[weekday];
}
function dayIntervals(times, nation, day, calendar2) {
  const sessions = sessionsFor(times, nation, day.date, day.weekday, calendar2);
  const out = [];
  for (const s of sessions) {
    const start = instantOn(day, minutesOf(s.open));
    const end = instantOn(day, minutesOf(s.close));
    if (end > start) out.push([start, end]);
  }
  if (out.length > 1) out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return out;
}
function instantOf(d, name) {
  const t = d instanceof Date ? d.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${name} must be a valid Date`);
  return t;
}
function horizonEndOf(t, horizonDays) {
  if (!Number.isFinite(horizonDays) || horizonDays < 0) throw new RangeError(`horizonDays must be a finite number \u2265 0, got ${horizonDays}`);
  return t + horizonDays * DAY;
}
function isOpenAt(times, nation, at, calendar2) {
  const t = instantOf(at, "at");
  const day = localDayAt(t);
  const sessions = sessionsFor(times, nation, day.date, day.weekday, calendar2);
  if (!day.changes) {
    const minute = (t - day.startMs) / MINUTE;
    for (const s of sessions) if (minutesOf(s.open) <= minute && minute < minutesOf(s.close)) return true;
    return false;
  }
  for (const s of sessions) {
    if (instantOn(day, minutesOf(s.open)) <= t && t < instantOn(day, minutesOf(s.close))) return true;
  }
  return false;
}
function nextOpening(times, nation, from, calendar2, horizonDays = 14) {
  const t = instantOf(from, "from");
  const horizon = horizonEndOf(t, horizonDays);
  for (let day = localDayAt(t); day.startMs < horizon; day = localDay(day.num + 1)) {
    for (const [s, e] of dayIntervals(times, nation, day, calendar2)) {
      if (e <= t) continue;
      if (s <= t) return from;
      return s < horizon ? new Date(s) : null;
    }
  }
  return null;
}
function nextClosing(times, nation, from, calendar2, horizonDays = 14) {
  const t = instantOf(from, "from");
  const horizon = horizonEndOf(t, horizonDays);
  let end = Number.NaN;
  for (let day = localDayAt(t); ; day = localDay(day.num + 1)) {
    if (!Number.isNaN(end) && day.startMs > end) break;
    for (const [s, e] of dayIntervals(times, nation, day, calendar2)) {
      if (Number.isNaN(end)) {
        if (s <= t && t < e) end = e;
      } else if (s <= end) {
        if (e > end) end = e;
      } else {
        break;
      }
    }
    if (Number.isNaN(end)) return null;
    if (end > horizon) return null;
  }
  return new Date(end);
}

// src/geo/model.ts
var DistanceRuleScopes = ["postcode", "sector", "district", "area", "national"];
var SearchDistanceRule = z3.object({
  scope: z3.enum(DistanceRuleScopes),
  key: z3.string().trim().default(""),
  km: z3.number().min(1, "at least 1 km").max(99, "at most 99 km")
});
var AreaFile = z3.object({
  areas: z3.array(
    z3.object({ code: z3.string().min(1), name: z3.string().min(1), nation: z3.enum(Nations), region: z3.string().optional() })
  )
});
var DistanceRuleFile = z3.object({ rules: z3.array(SearchDistanceRule) });
var LatLon = z3.object({
  lat: z3.number().min(49).max(61, "outside the United Kingdom"),
  lon: z3.number().min(-9).max(2.5, "outside the United Kingdom")
});

// src/directory/model.ts
var ServiceStatuses = ["active", "closed", "commissioning"];
var Sexes = ["female", "male"];
var ReferralRoles = ["call-handler", "clinician", "provider", "patient"];
var DAYS_PER_YEAR = 365.25;
var MAX_AGE_DAYS = Math.round(130 * DAYS_PER_YEAR);
var text = (max) => z4.string().trim().min(1).max(max);
var phone = z4.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, "a telephone number: digits, spaces, brackets, dashes, optional leading +");
var AddressSchema = z4.object({
  lines: z4.array(text(200)).min(1, "at least one address line").max(4),
  town: text(100),
  postcode: text(10)
});
var ContactsSchema = z4.object({
  publicPhone: phone.optional(),
  professionalPhone: phone.optional(),
  web: z4.url().optional(),
  email: z4.email().optional()
});
var AccessSchema = z4.object({
  walkIn: z4.boolean(),
  phoneFirst: z4.boolean(),
  referralOnly: z4.boolean(),
  bookingRequired: z4.boolean(),
  instructions: z4.string().trim().max(1e3).optional()
}).superRefine((access, ctx) => {
  if (access.referralOnly && access.walkIn) {
    ctx.addIssue({ code: "custom", path: ["walkIn"], message: "a referral-only service cannot also take walk-ins" });
  }
  if (!access.walkIn && !access.phoneFirst && !access.referralOnly && !access.bookingRequired) {
    ctx.addIssue({ code: "custom", path: ["walkIn"], message: "say how patients get in: walk-in, phone first, referral only or booking required" });
  }
});
var ReferralEndpointSchema = z4.object({
  kind: z4.enum(["fhir", "http", "email", "phone"]),
  address: text(500),
  description: z4.string().trim().max(200).optional()
}).superRefine((endpoint, ctx) => {
  const ok = endpoint.kind === "email" ? z4.email().safeParse(endpoint.address).success : endpoint.kind === "phone" ? phone.safeParse(endpoint.address).success : /^https?:\/\/\S+$/.test(endpoint.address);
  if (!ok) ctx.addIssue({ code: "custom", path: ["address"], message: `not a valid ${endpoint.kind} address` });
});
var EligibilitySchema = z4.object({
  ageFromDays: z4.number().int().min(0).max(MAX_AGE_DAYS),
  ageToDays: z4.number().int().min(0).max(MAX_AGE_DAYS),
  sexes: z4.array(z4.enum(Sexes)).min(1, "accept at least one sex").max(2),
  /** ODS codes of GP practices whose patients only may use the service; empty means anyone. */
  registeredPractices: z4.array(z4.string().trim().regex(/^[A-Z0-9]{3,10}$/, "an ODS code")).default([])
}).superRefine((e, ctx) => {
  if (e.ageFromDays > e.ageToDays) {
    ctx.addIssue({ code: "custom", path: ["ageToDays"], message: `age range is upside down: from ${e.ageFromDays} days to ${e.ageToDays} days` });
  }
});
var SymptomPairSchema = z4.object({
  sg: z4.number().int().positive(),
  sd: z4.string().trim().min(1).max(10)
});
var CoverageSchema = z4.object({
  dispositions: z4.array(z4.string().trim().regex(/^Dx[0-9]+$/, "a disposition code like Dx02")).min(1, "accept at least one disposition"),
  symptoms: z4.array(SymptomPairSchema).min(1, "profile at least one symptom group and discriminator")
}).superRefine((c2, ctx) => {
  const seen = /* @__PURE__ */ new Set();
  c2.symptoms.forEach((pair, i) => {
    const key = `${pair.sg}/${pair.sd}`;
    if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["symptoms", i], message: `duplicate pair ${key}` });
    seen.add(key);
  });
});
var areaCodes = z4.array(text(50)).default([]);
var ServiceAreasSchema = z4.object({
  /** Areas whose commissioners commission this service (ranked as local there). */
  commissionedFor: areaCodes,
  /** If not empty, only patients in these areas are offered the service. */
  limitedTo: areaCodes,
  /** Areas the service is offered into from elsewhere, ranked below the local services. */
  promotedInto: areaCodes
});
var ServiceProfileSchema = z4.object({
  typeId: z4.number().int().positive(),
  status: z4.enum(ServiceStatuses),
  organisationId: text(64),
  parentId: z4.number().int().positive().nullable().default(null),
  /** The service's own ODS code; for a GP practice, the practice code patients are registered with. */
  odsCode: z4.string().trim().regex(/^[A-Z0-9]{3,10}$/, "an ODS code: 3\u201310 capital letters or digits").optional(),
  name: text(200),
  publicName: text(200),
  description: z4.string().trim().max(2e3).optional(),
  address: AddressSchema,
  /** Exact coordinates; if absent they come from the postcode. */
  location: LatLon.optional(),
  contacts: ContactsSchema,
  access: AccessSchema,
  referralEndpoints: z4.array(ReferralEndpointSchema).max(10).default([]),
  referralRoles: z4.array(z4.enum(ReferralRoles)).min(1, "at least one referral role"),
  eligibility: EligibilitySchema,
  coverage: CoverageSchema,
  openingTimes: OpeningTimesSchema,
  areas: ServiceAreasSchema,
  /** How often the DoS lead must re-verify the profile. */
  verificationIntervalDays: z4.number().int().min(7).max(730).default(182)
});
var ProfileSections = Object.keys(ServiceProfileSchema.shape);
var optionalSections = Object.fromEntries(
  Object.entries(ServiceProfileSchema.shape).map(([key, schema]) => [
    key,
    (schema instanceof z4.ZodDefault ? schema.unwrap() : schema).optional()
  ])
);
var ServicePatchSchema = z4.strictObject(optionalSections).refine((patch) => Object.keys(patch).length > 0, { message: "change at least one section" });
var ProposeCreateSchema = z4.object({
  reason: text(1e3),
  service: ServiceProfileSchema
});
var ProposeUpdateSchema = z4.object({
  reason: text(1e3),
  changes: ServicePatchSchema
});
var DecisionSchema = z4.object({ reason: text(1e3) });
var ApproveSchema = z4.object({ reason: z4.string().trim().max(1e3).optional() });
var RankingSchema = z4.object({
  areaCode: text(50),
  serviceTypeId: z4.number().int().positive(),
  rank: z4.number().int().min(1).max(10)
});
var HolidayOverrideSchema = z4.object({
  nation: NationSchema,
  date: z4.iso.date(),
  kind: z4.enum(["add", "remove"]),
  name: z4.string().trim().max(200).optional()
});
var ServiceListQuery = z4.object({
  typeId: z4.coerce.number().int().positive().optional(),
  status: z4.enum(ServiceStatuses).optional(),
  areaCode: z4.string().optional(),
  organisationId: z4.string().optional(),
  q: z4.string().trim().max(100).optional(),
  limit: z4.coerce.number().int().min(1).max(500).default(50),
  offset: z4.coerce.number().int().min(0).default(0)
});

// src/demo/coverage.ts
var SG_SPECIAL = 360;
var SG_CATHETER = 11005;
var SD_BLOCKED_CATHETER = "14090";
var SD_CATHETER_OUT = "14091";
var SD_CATHETER_LEAKING = "14092";
var SD_CATHETER_INFECTION = "14093";
var PRESENTATIONS = {
  1011: { "14000": "E", "14001": "E", "14002": "U", "14003": "P", "14004": "U" },
  // chest pain
  11e3: { "14010": "E", "14011": "E", "14012": "U", "14013": "P", "14014": "E" },
  // breathing problems
  1004: { "14020": "E", "14021": "E", "14022": "U", "14023": "U", "14024": "M", "14223": "E" },
  // abdominal pain
  1112: { "14030": "E", "14031": "E", "14032": "E", "14033": "M", "14224": "E" },
  // headache
  11001: { "14040": "E", "14041": "U", "14042": "M", "14043": "U" },
  // back pain
  11002: { "14050": "E", "14051": "U", "14052": "E", "14053": "U", "14054": "P" },
  // fever in a child
  1152: { "14050": "E", "14060": "E", "14061": "U", "14062": "M" },
  // rash
  11003: { "14021": "E", "14070": "U", "14071": "U", "14072": "U", "14073": "M" },
  // diarrhoea and vomiting
  11004: { "14080": "P", "14081": "U", "14082": "U", "14083": "P" },
  // urinary symptoms
  11005: { "14090": "U", "14091": "U", "14092": "P", "14093": "U" },
  // urinary catheter problems
  1169: { "14100": "U", "14101": "E", "14104": "P", "14105": "M", "15002": "U" },
  // toothache
  1051: { "14102": "U" },
  // dental bleeding
  11006: { "14103": "U", "14104": "P", "15003": "U" },
  // dental injury
  1073: { "14110": "E", "14111": "E", "14112": "U", "14113": "M" },
  // red eye
  11007: { "14110": "E", "14111": "E", "14112": "U", "14113": "M", "14114": "U" },
  // other eye problems
  1092: { "14114": "U", "14290": "E", "14291": "P" },
  // foreign body
  1186: { "14120": "E", "14121": "U", "14122": "E", "14123": "E", "14124": "P" },
  // mental health
  11008: { "14130": "U", "14131": "E", "14132": "P" },
  // falls
  11009: { "14140": "E", "14141": "E", "14142": "E", "14143": "M" },
  // head injury
  11010: { "14150": "E", "14151": "U", "14152": "U", "14153": "P", "14154": "M" },
  // wounds
  11011: { "14160": "E", "14161": "U", "14162": "U", "14163": "M" },
  // burns and scalds
  11012: { "14170": "E", "14171": "U", "14172": "M" },
  // allergic reaction
  1137: { "14180": "E", "14181": "U", "14182": "P" },
  // palpitations
  11013: { "14190": "E", "14191": "U", "14192": "M" },
  // sore throat
  11014: { "14200": "U", "14201": "U", "14202": "P", "14203": "M" },
  // cough
  11015: { "14210": "U", "14211": "P", "14212": "M" },
  // earache
  11016: { "14220": "E", "14221": "U", "14222": "U", "14223": "E", "14224": "E", "14225": "U" },
  // pregnancy
  1192: { "14230": "P", "14231": "U", "14232": "P" },
  // repeat prescription
  11017: { "14240": "U", "14241": "U", "14242": "U", "14243": "P" },
  // palliative care needs
  11018: { "14250": "E", "14251": "U", "14252": "M", "15000": "E", "15001": "E" },
  // dizziness and fainting (and the emergency screen)
  11019: { "14260": "E", "14261": "E", "14262": "P" },
  // poisoning or overdose
  11020: { "14270": "U", "14271": "M" },
  // limb injury
  1146: { "14280": "U", "14281": "M", "14282": "P" }
  // sexual concerns
};
var OPTIONAL_DISCRIMINATORS = /* @__PURE__ */ new Set(["15000", "15001", "15002", "15003"]);
var CLINICAL_GROUPS = Object.keys(PRESENTATIONS).map(Number);
var range = (prefix, from, to) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(2, "0")}`);
var DX = {
  ed: ["Dx02", "Dx03", "Dx89", "Dx92", "Dx94"],
  contactPrimary: range("Dx", 5, 8),
  // Dx05–Dx08
  speakPrimary: range("Dx", 11, 15),
  // Dx11–Dx15
  ownGp: ["Dx09", "Dx10", "Dx16", "Dx75", "Dx115"],
  repeatPrescription: ["Dx80", "Dx85", "Dx86", "Dx87"],
  dental: [...range("Dx", 17, 22), "Dx118"],
  callback: ["Dx32", "Dx34", "Dx35", "Dx325", "Dx327", "Dx330"],
  validation: ["Dx333", "Dx334", "Dx337", "Dx338"],
  ambulance: ["Dx01010", "Dx011", "Dx0111", "Dx0112", "Dx0113", "Dx0114", "Dx0115", "Dx0116", "Dx0117", "Dx0118", "Dx01120", "Dx01121", "Dx01125", "Dx012", "Dx0121", "Dx0122", "Dx0124", "Dx0126", "Dx0127", "Dx01213", "Dx013", "Dx016"]
};
var ALL_ROLES = ["call-handler", "clinician", "provider", "patient"];
var PROFESSIONALS = ["clinician", "provider"];
var WALK_IN = { walkIn: true, phoneFirst: false, referralOnly: false, bookingRequired: false };
var PHONE_FIRST = { walkIn: false, phoneFirst: true, referralOnly: false, bookingRequired: false };
var REFERRAL_ONLY = { walkIn: false, phoneFirst: false, referralOnly: true, bookingRequired: false };
var BOOKING = { walkIn: false, phoneFirst: false, referralOnly: false, bookingRequired: true };
var INJURY_GROUPS = [1092, 11009, 11010, 11011, 11020, 11012, 11007];
var CHILD_GROUPS = [11002, 11e3, 11003, 1152, 1004, 11014, 11013, 11015, 11012];
var SDEC_GROUPS = [1004, 1011, 11e3, 1112, 1137, 11018, 1152, 11004, 11003, 11014, 11001];
var DENTAL_GROUPS = [1169, 1051, 11006];
var EYE_GROUPS = [1073, 11007];
var KINDS = {
  ed: {
    typeId: 105,
    dispositions: DX.ed,
    rules: [{ groups: "all", exceptGroups: [1192], levels: ["E", "U", "P"], generic: ["4052"] }],
    referralRoles: ALL_ROLES,
    access: { ...WALK_IN, instructions: "Open 24 hours. Ambulances and walk-in patients; bring a list of your medicines." }
  },
  utc: {
    typeId: 135,
    dispositions: ["Dx03", "Dx89", ...DX.contactPrimary],
    rules: [{ groups: "all", exceptGroups: [1186, 11016, 11017, 1192, 1146], levels: ["U", "P", "M"], generic: ["4003"] }],
    referralRoles: ALL_ROLES,
    access: { ...WALK_IN, instructions: "Walk in, or be booked a time slot by NHS 111." }
  },
  miu: {
    typeId: 1002,
    dispositions: ["Dx89", ...DX.contactPrimary],
    rules: [{ groups: INJURY_GROUPS, levels: ["U", "P", "M"], generic: ["4003"] }],
    referralRoles: ALL_ROLES,
    access: { ...WALK_IN, instructions: "Minor injuries only: cuts, sprains, minor burns, suspected simple fractures." }
  },
  walkIn: {
    typeId: 1001,
    dispositions: DX.contactPrimary,
    rules: [{ groups: "all", exceptGroups: [1186, 11016, 11017, 11005, 1192], levels: ["P", "M"], generic: ["4003"] }],
    referralRoles: ALL_ROLES,
    access: WALK_IN
  },
  gp: {
    typeId: 100,
    dispositions: [...DX.contactPrimary, ...DX.speakPrimary, ...DX.ownGp, ...DX.repeatPrescription],
    // Pregnancy only as a routine matter (4003): its urgent discriminators go to maternity triage.
    rules: [{ groups: "all", levels: ["U", "P", "M"], generic: ["4003"], exceptDiscriminators: ["14280", "14221", "14222", "14225"] }],
    referralRoles: ALL_ROLES,
    access: { ...PHONE_FIRST, instructions: "Registered patients: phone or use the online form from 08:00. Professionals use the bypass line." }
  },
  gpHub: {
    typeId: 136,
    dispositions: ["Dx06", "Dx07", "Dx08", "Dx09", "Dx10", "Dx16", "Dx75"],
    rules: [{ groups: "all", exceptGroups: [11016, 11017], levels: ["P", "M"], generic: ["4003"], exceptDiscriminators: ["14280"] }],
    referralRoles: ["call-handler", "clinician", "provider"],
    access: { ...BOOKING, instructions: "Pre-booked appointments only, made by the patient\u2019s practice or NHS 111." }
  },
  ooh: {
    typeId: 25,
    dispositions: [...DX.contactPrimary, ...DX.speakPrimary, ...DX.repeatPrescription],
    rules: [{ groups: "all", exceptGroups: [11016], levels: ["U", "P", "M"], generic: ["4003"], exceptDiscriminators: ["14280"] }],
    pairs: [[SG_SPECIAL, ["Z001", "Z004"]]],
    referralRoles: ["call-handler", "clinician", "provider"],
    access: { ...REFERRAL_ONLY, instructions: "By appointment through NHS 111 or the clinical assessment service only; no walk-ins." }
  },
  cas: {
    typeId: 133,
    dispositions: [...DX.speakPrimary, ...DX.callback],
    rules: [{ groups: "all", levels: ["E", "U", "P", "M"], generic: ["4052", "4003"] }],
    pairs: [[SG_SPECIAL, ["Z001", "Z002", "Z003", "Z004"]]],
    referralRoles: ["call-handler", "clinician", "provider"],
    access: { ...REFERRAL_ONLY, instructions: "Passed electronically from NHS 111; a clinician calls the patient back." }
  },
  validation: {
    typeId: 139,
    dispositions: DX.validation,
    rules: [{ groups: "all", levels: ["E", "U"], generic: ["4052"] }],
    referralRoles: ["call-handler", "clinician"],
    access: { ...REFERRAL_ONLY, instructions: "Ambulance and ED outcomes are validated by a clinician call-back before they stand." }
  },
  nhs111: {
    typeId: 130,
    dispositions: ["Dx38", "Dx39", "Dx46"],
    rules: [{ groups: "all", levels: ["P", "M"], generic: ["4003"] }],
    referralRoles: ALL_ROLES,
    access: { ...PHONE_FIRST, instructions: "Call 111 or use 111 online; free from landlines and mobiles." }
  },
  sdec: {
    typeId: 140,
    dispositions: ["Dx03", "Dx89"],
    rules: [{ groups: SDEC_GROUPS, levels: ["U"], generic: ["4052"] }],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: "Clinician-to-clinician referral: call the SDEC coordinator before sending the patient." }
  },
  ucr: {
    typeId: 146,
    // Dx110 for falls, frailty and breathing only — NOT for urinary catheter problems (see community.ts, gap a).
    dispositions: ["Dx05", "Dx06", "Dx07", "Dx110"],
    pairs: [
      [11008, ["14130", "14132", "4003"]],
      [11e3, ["14013", "4003"]],
      [11003, ["14072", "14073"]],
      [11004, ["14080"]],
      [11018, ["14251", "14252"]],
      [SG_SPECIAL, ["Z002", "Z004"]]
    ],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: "Two-hour crisis response at home for adults; clinician referral through the single point of access." }
  },
  pharmacy: {
    typeId: 13,
    dispositions: ["Dx28", "Dx98", ...DX.repeatPrescription],
    pairs: [
      [1192, ["14230", "14231", "14232"]],
      [1146, ["14281"]],
      [11004, ["14080"]],
      [11013, ["14192"]],
      [11015, ["14212"]],
      [1152, ["14062"]],
      [11014, ["14203"]],
      [11003, ["14073"]],
      [11012, ["14172"]],
      [1073, ["14113"]],
      [11010, ["14154"]],
      [11011, ["14163"]],
      [1112, ["14033"]],
      [1169, ["14105"]],
      [11001, ["14042"]],
      [1004, ["14024"]]
    ],
    referralRoles: ALL_ROLES,
    access: { ...WALK_IN, instructions: "Walk in; NHS 111 referrals for Pharmacy First and emergency supplies are sent ahead electronically." }
  },
  optician: {
    typeId: 14,
    dispositions: ["Dx60"],
    pairs: [
      [1073, ["14113"]],
      [11007, ["14113", "14114", "4003"]],
      [1092, ["14114"]]
    ],
    referralRoles: ["call-handler", "clinician", "patient"],
    access: { ...PHONE_FIRST, instructions: "Urgent eye care service: phone first for a same-day or next-day appointment." }
  },
  eyeCasualty: {
    typeId: 1070,
    dispositions: ["Dx02", "Dx03", "Dx89"],
    rules: [{ groups: EYE_GROUPS, levels: ["E", "U", "P", "M"], generic: ["4052"] }],
    pairs: [
      [1092, ["14114"]],
      [11011, ["14162"]]
    ],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: "Referral from a clinician, optometrist or the ED only." }
  },
  pau: {
    typeId: 1071,
    dispositions: ["Dx02", "Dx03", "Dx89"],
    rules: [{ groups: CHILD_GROUPS, levels: ["E", "U"], generic: ["4052"] }],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: "Children referred by a GP, the CAS or the ED; call the paediatric registrar first." }
  },
  epu: {
    typeId: 1072,
    dispositions: ["Dx03", "Dx89"],
    pairs: [
      [11016, ["14220", "14223"]],
      [1004, ["14223"]]
    ],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: "Pregnancies under 16 weeks; referral from a GP, the CAS, a midwife or the ED." }
  },
  maternityTriage: {
    typeId: 1040,
    dispositions: ["Dx30", "Dx50"],
    rules: [{ groups: [11016], levels: ["E", "U", "P", "M"], generic: ["4052", "4003"] }],
    pairs: [
      [1112, ["14224"]],
      [1004, ["14223"]]
    ],
    referralRoles: ALL_ROLES,
    access: { ...PHONE_FIRST, instructions: "Pregnant women phone the maternity triage line before coming in." }
  },
  midwives: {
    typeId: 1041,
    dispositions: ["Dx30"],
    pairs: [[11016, ["4003", "14221"]]],
    referralRoles: ["clinician", "provider", "patient"],
    access: { ...PHONE_FIRST, instructions: "Booked women phone their community midwife team; after 17:00 phone maternity triage." }
  },
  sexualHealth: {
    typeId: 1050,
    dispositions: ["Dx31", "Dx98"],
    pairs: [[1146, ["14281", "14282", "4003"]]],
    referralRoles: ALL_ROLES,
    access: WALK_IN
  },
  sarc: {
    typeId: 1051,
    dispositions: ["Dx94"],
    pairs: [[1146, ["14280"]]],
    referralRoles: ALL_ROLES,
    access: { ...PHONE_FIRST, instructions: "Phone the SARC crisis line; a crisis worker arranges a forensic examination if wanted." }
  },
  edt: {
    typeId: 1060,
    dispositions: ["Dx06", "Dx07", "Dx08"],
    pairs: [
      [11017, ["14243"]],
      [11008, ["14132"]],
      [SG_SPECIAL, ["Z004"]]
    ],
    referralRoles: ["call-handler", "clinician", "provider"],
    access: { ...PHONE_FIRST, instructions: "Out-of-hours social care emergencies only (carer breakdown, adult or child safeguarding)." }
  },
  reablement: {
    typeId: 1061,
    dispositions: ["Dx07", "Dx08"],
    pairs: [
      [11008, ["14132"]],
      [11017, ["14243"]],
      [SG_SPECIAL, ["Z004"]]
    ],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: "Same-day care at home to avoid an admission; professional referral by phone." }
  },
  districtNursingDay: {
    typeId: 1030,
    // Catheter problems they can manage without re-catheterising (leaking, infection); blocked or
    // dislodged catheters need the specialist catheter nurse (gap b).
    dispositions: ["Dx110", "Dx111", "Dx112"],
    pairs: [
      [SG_CATHETER, [SD_CATHETER_LEAKING, SD_CATHETER_INFECTION, "4003"]],
      [SG_SPECIAL, ["Z002"]],
      [11017, ["14241"]],
      [11010, ["14153"]]
    ],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: "Housebound patients; referral through the community single point of access." }
  },
  districtNursingNight: {
    typeId: 1031,
    dispositions: ["Dx110", "Dx111"],
    pairs: [
      [SG_CATHETER, [SD_CATHETER_LEAKING, SD_CATHETER_INFECTION, "4003"]],
      [11017, ["14240", "14241", "14242"]],
      [SG_SPECIAL, ["Z001", "Z002"]]
    ],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: "Night visits for patients on a community nursing caseload; phone the night coordinator." }
  },
  catheterNurse: {
    typeId: 1032,
    dispositions: ["Dx110", "Dx111", "Dx112"],
    pairs: [
      [SG_CATHETER, [SD_BLOCKED_CATHETER, SD_CATHETER_OUT, SD_CATHETER_LEAKING, SD_CATHETER_INFECTION, "4003"]],
      [SG_SPECIAL, ["Z002"]]
    ],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: "Re-catheterisation at home; professional referral by phone." }
  },
  palliativeLine: {
    typeId: 1033,
    dispositions: ["Dx117"],
    rules: [{ groups: [11017], levels: ["E", "U", "P", "M"], generic: ["4003"] }],
    pairs: [[SG_SPECIAL, ["Z001", "Z004"]]],
    referralRoles: ALL_ROLES,
    access: { ...PHONE_FIRST, instructions: "Patients on the palliative care register, their carers and professionals: phone any time." }
  },
  hospice: {
    typeId: 1033,
    dispositions: ["Dx117"],
    pairs: [
      [11017, ["14240", "14242", "14243"]],
      [SG_SPECIAL, ["Z001"]]
    ],
    referralRoles: ["clinician", "provider", "patient"],
    access: { ...PHONE_FIRST, instructions: "Advice for patients known to the hospice, their families and professionals." }
  },
  mhCrisis: {
    typeId: 1020,
    dispositions: ["Dx92", "Dx11", "Dx12", "Dx13"],
    rules: [{ groups: [1186], levels: ["E", "U", "P", "M"], generic: ["4003"] }],
    pairs: [[SG_SPECIAL, ["Z003"]]],
    referralRoles: ALL_ROLES,
    access: { ...PHONE_FIRST, instructions: "Mental health crisis line: anyone may phone, any time." }
  },
  safeHaven: {
    typeId: 1021,
    dispositions: ["Dx92"],
    pairs: [[1186, ["14121", "14124"]]],
    referralRoles: ALL_ROLES,
    access: { ...WALK_IN, instructions: "Walk in for support in a calm place; no appointment or referral needed." }
  },
  urgentDental: {
    typeId: 1010,
    dispositions: DX.dental,
    rules: [{ groups: DENTAL_GROUPS, levels: ["U", "P", "M"], generic: ["4003"] }],
    referralRoles: ["call-handler", "clinician", "patient"],
    access: { ...PHONE_FIRST, instructions: "Phone first: treatment is by appointment given on the phone, never walk-in." }
  },
  dentalPractice: {
    typeId: 1011,
    dispositions: ["Dx19", "Dx20", "Dx21", "Dx22"],
    rules: [{ groups: DENTAL_GROUPS, levels: ["U", "P", "M"], generic: ["4003"] }],
    referralRoles: ["call-handler", "clinician", "patient"],
    access: { walkIn: false, phoneFirst: true, referralOnly: false, bookingRequired: true, instructions: "Phone first; urgent slots kept each morning." }
  },
  police: {
    typeId: 1080,
    dispositions: ["Dx49"],
    pairs: [
      [1186, ["14120", "14123"]],
      [1146, ["14280"]],
      [11019, ["14260"]]
    ],
    referralRoles: ["call-handler", "clinician"],
    access: { ...PHONE_FIRST, instructions: "Dial 999 when life or property is at risk; health partners use the liaison line." }
  },
  ambulance: {
    typeId: 1081,
    dispositions: DX.ambulance,
    // The disposition decides an ambulance; it takes any presentation short of a minor one.
    rules: [{ groups: "all", levels: ["E", "U", "P"], generic: ["4052"] }],
    referralRoles: ["call-handler", "clinician"],
    access: { ...REFERRAL_ONLY, instructions: "Dispatched through the 999 / NHS 111 interface only." }
  }
};
var cache = /* @__PURE__ */ new WeakMap();
function coverageFor(catalogue2, kind) {
  let byKind = cache.get(catalogue2);
  if (!byKind) cache.set(catalogue2, byKind = /* @__PURE__ */ new Map());
  const hit = byKind.get(kind);
  if (hit) return hit;
  const spec = KINDS[kind];
  const pairs2 = [];
  const seen = /* @__PURE__ */ new Set();
  const add = (sg, sd) => {
    if (OPTIONAL_DISCRIMINATORS.has(sd) && !catalogue2.discriminator(sd)) return;
    const key = `${sg}/${sd}`;
    if (seen.has(key)) return;
    seen.add(key);
    pairs2.push({ sg, sd });
  };
  for (const rule of spec.rules ?? []) {
    const groups = rule.groups === "all" ? CLINICAL_GROUPS : rule.groups;
    for (const sg of groups) {
      if (rule.exceptGroups?.includes(sg)) continue;
      for (const [sd, level] of Object.entries(PRESENTATIONS[sg] ?? {})) {
        if (rule.levels.includes(level) && !rule.exceptDiscriminators?.includes(sd)) add(sg, sd);
      }
      for (const sd of rule.generic ?? []) add(sg, sd);
    }
  }
  for (const [sg, sds] of spec.pairs ?? []) for (const sd of sds) add(sg, sd);
  const coverage = { dispositions: [...spec.dispositions], symptoms: pairs2 };
  const problems = catalogue2.unknownCodes({
    dispositions: coverage.dispositions,
    symptomGroups: pairs2.map((p) => p.sg),
    discriminators: pairs2.map((p) => p.sd),
    serviceTypes: [spec.typeId]
  });
  if (problems.length) {
    throw new Error(`demo data for "${kind}" uses codes the catalogue does not know (load the shipped demo catalogue): ${problems.map((p) => p.message).join("; ")}`);
  }
  const frozen = Object.freeze({ dispositions: Object.freeze(coverage.dispositions), symptoms: Object.freeze(pairs2.map((p) => Object.freeze(p))) });
  byKind.set(kind, frozen);
  return frozen;
}
var years = (n) => Math.round(n * 365.25);

// src/demo/hours.ts
var MON_FRI = ["mon", "tue", "wed", "thu", "fri"];
var MON_SAT = ["mon", "tue", "wed", "thu", "fri", "sat"];
var WEEKEND = ["sat", "sun"];
var EVERY_DAY = Weekdays;
var session = (open, close) => ({ open, close });
var ALL_DAY2 = [session("00:00", "24:00")];
function days(which, sessions) {
  return Object.fromEntries(which.map((d) => [d, sessions.map((s) => ({ ...s }))]));
}
function week(...parts) {
  return Object.assign(emptyWeek(), ...parts);
}
function weeklyTimes(weekly, options = {}) {
  const bankHoliday = options.bankHoliday === void 0 ? [] : options.bankHoliday;
  return {
    alwaysOpen: false,
    weekly,
    bankHoliday: bankHoliday === null ? null : bankHoliday.map((s) => ({ ...s })),
    specifiedDates: options.specifiedDates ?? []
  };
}
function twentyFourSeven(specifiedDates = []) {
  return { alwaysOpen: true, weekly: emptyWeek(), bankHoliday: null, specifiedDates };
}
function everyDay(sessions, options = { bankHoliday: null }) {
  return weeklyTimes(week(days(EVERY_DAY, sessions)), options);
}
function outOfHours(weekdayStart = "18:30", weekdayEnd = "08:00") {
  return weeklyTimes(week(days(MON_FRI, [session("00:00", weekdayEnd), session(weekdayStart, "24:00")]), days(WEEKEND, ALL_DAY2)), {
    bankHoliday: ALL_DAY2
  });
}
function nightly(start, end, options = { bankHoliday: null }) {
  return everyDay([session("00:00", end), session(start, "24:00")], options);
}
function everyNDays(first, stepDays, count2) {
  const start = Date.UTC(Number(first.slice(0, 4)), Number(first.slice(5, 7)) - 1, Number(first.slice(8, 10)));
  return Array.from({ length: count2 }, (_, i) => new Date(start + i * stepDays * 864e5).toISOString().slice(0, 10));
}
function onOrAfter(date, weekday) {
  const index2 = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].indexOf(weekday);
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const dow = new Date(t).getUTCDay();
  return new Date(t + (index2 - dow + 7) % 7 * 864e5).toISOString().slice(0, 10);
}

// src/demo/random.ts
var Random = class {
  state;
  constructor(seed) {
    this.state = (Math.imul(seed ^ 2654435769, 2246822507) ^ 3266489909) >>> 0;
  }
  /** A float in [0, 1). */
  next() {
    let t = this.state = this.state + 1831565813 >>> 0;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi] inclusive. */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(items) {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[Math.floor(this.next() * items.length)];
  }
  /** Picks by weight; weights need not sum to 1. */
  weighted(items, weight) {
    let total = 0;
    for (const item of items) total += weight(item);
    let r = this.next() * total;
    for (const item of items) {
      r -= weight(item);
      if (r < 0) return item;
    }
    return items[items.length - 1];
  }
  /** A shuffled copy (Fisher–Yates). */
  shuffle(items) {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
};

// src/demo/national.ts
var REGIONS = {
  london: "London",
  "south-east": "South East",
  "south-west": "South West",
  east: "East of England",
  midlands: "Midlands",
  "north-east-yorkshire": "North East and Yorkshire",
  "north-west": "North West",
  wales: "Wales",
  scotland: "Scotland",
  "northern-ireland": "Northern Ireland"
};
var c = (name, outward, lat, lon, pop, region) => ({ name, outward, lat, lon, pop, region });
var CENTRES = [
  c("London (central)", "WC1", 51.5074, -0.1278, 1800, "london"),
  c("London (north)", "N7", 51.556, -0.117, 1500, "london"),
  c("London (east)", "E15", 51.541, 3e-3, 1700, "london"),
  c("London (south)", "SE5", 51.474, -0.091, 1800, "london"),
  c("London (west)", "W5", 51.513, -0.304, 1500, "london"),
  c("Birmingham", "B1", 52.4862, -1.8904, 1150, "midlands"),
  c("Manchester", "M1", 53.4808, -2.2426, 1100, "north-west"),
  c("Leeds", "LS1", 53.8008, -1.5491, 800, "north-east-yorkshire"),
  c("Liverpool", "L1", 53.4084, -2.9916, 600, "north-west"),
  c("Sheffield", "S1", 53.3811, -1.4701, 580, "north-east-yorkshire"),
  c("Bristol", "BS1", 51.4545, -2.5879, 470, "south-west"),
  c("Newcastle upon Tyne", "NE1", 54.9783, -1.6178, 450, "north-east-yorkshire"),
  c("Nottingham", "NG1", 52.9548, -1.1581, 420, "midlands"),
  c("Leicester", "LE1", 52.6369, -1.1398, 370, "midlands"),
  c("Coventry", "CV1", 52.4068, -1.5197, 370, "midlands"),
  c("Bradford", "BD1", 53.796, -1.7594, 360, "north-east-yorkshire"),
  c("Stoke-on-Trent", "ST1", 53.0027, -2.1794, 260, "midlands"),
  c("Wolverhampton", "WV1", 52.587, -2.1288, 260, "midlands"),
  c("Plymouth", "PL1", 50.3755, -4.1427, 265, "south-west"),
  c("Southampton", "SO14", 50.9097, -1.4044, 250, "south-east"),
  c("Portsmouth", "PO1", 50.8198, -1.088, 210, "south-east"),
  c("Derby", "DE1", 52.9225, -1.4746, 260, "midlands"),
  c("Hull", "HU1", 53.7676, -0.3274, 270, "north-east-yorkshire"),
  c("Brighton", "BN1", 50.8225, -0.1372, 290, "south-east"),
  c("Reading", "RG1", 51.4543, -0.9781, 230, "south-east"),
  c("Norwich", "NR1", 52.6309, 1.2974, 210, "east"),
  c("Cambridge", "CB1", 52.2053, 0.1218, 150, "east"),
  c("Oxford", "OX1", 51.752, -1.2577, 160, "south-east"),
  c("Milton Keynes", "MK9", 52.0406, -0.7594, 290, "south-east"),
  c("Northampton", "NN1", 52.2405, -0.9027, 230, "midlands"),
  c("Exeter", "EX1", 50.7184, -3.5339, 130, "south-west"),
  c("Gloucester", "GL1", 51.8642, -2.2382, 130, "south-west"),
  c("Swindon", "SN1", 51.5558, -1.7797, 230, "south-west"),
  c("Bournemouth", "BH1", 50.7192, -1.8808, 400, "south-west"),
  c("Ipswich", "IP1", 52.0567, 1.1482, 140, "east"),
  c("Peterborough", "PE1", 52.5695, -0.2405, 210, "east"),
  c("York", "YO1", 53.96, -1.0873, 210, "north-east-yorkshire"),
  c("Middlesbrough", "TS1", 54.5742, -1.235, 140, "north-east-yorkshire"),
  c("Sunderland", "SR1", 54.9069, -1.3838, 270, "north-east-yorkshire"),
  c("Preston", "PR1", 53.7632, -2.7031, 140, "north-west"),
  c("Blackpool", "FY1", 53.8175, -3.0357, 140, "north-west"),
  c("Carlisle", "CA1", 54.8925, -2.9329, 110, "north-west"),
  c("Lincoln", "LN1", 53.2307, -0.5406, 100, "midlands"),
  c("Canterbury", "CT1", 51.2802, 1.0789, 160, "south-east"),
  c("Maidstone", "ME14", 51.2704, 0.5227, 170, "south-east"),
  c("Chelmsford", "CM1", 51.7356, 0.4685, 180, "east"),
  c("Luton", "LU1", 51.8787, -0.42, 220, "east"),
  c("Truro", "TR1", 50.2632, -5.051, 120, "south-west"),
  c("Shrewsbury", "SY1", 52.7073, -2.7553, 100, "midlands"),
  c("Worcester", "WR1", 52.1936, -2.2216, 100, "midlands"),
  c("Cardiff", "CF10", 51.4816, -3.1791, 360, "wales"),
  c("Swansea", "SA1", 51.6214, -3.9436, 240, "wales"),
  c("Newport", "NP20", 51.5842, -2.9977, 150, "wales"),
  c("Wrexham", "LL11", 53.0462, -2.993, 130, "wales"),
  c("Bangor", "LL57", 53.2274, -4.1293, 70, "wales"),
  c("Aberystwyth", "SY23", 52.4153, -4.0829, 40, "wales"),
  c("Glasgow", "G1", 55.8642, -4.2518, 630, "scotland"),
  c("Edinburgh", "EH1", 55.9533, -3.1883, 520, "scotland"),
  c("Aberdeen", "AB10", 57.1497, -2.0943, 200, "scotland"),
  c("Dundee", "DD1", 56.462, -2.9707, 150, "scotland"),
  c("Inverness", "IV1", 57.4778, -4.2247, 70, "scotland"),
  c("Stirling", "FK8", 56.1165, -3.9369, 90, "scotland"),
  c("Dumfries", "DG1", 55.07, -3.605, 50, "scotland"),
  c("Belfast", "BT1", 54.5973, -5.9301, 340, "northern-ireland"),
  c("Derry", "BT48", 54.9966, -7.3086, 110, "northern-ireland"),
  c("Newry", "BT34", 54.1751, -6.3402, 60, "northern-ireland"),
  c("Enniskillen", "BT74", 54.3438, -7.6315, 30, "northern-ireland")
];
var KIND_WEIGHTS = {
  pharmacy: 230,
  gp: 200,
  dentalPractice: 140,
  optician: 90,
  districtNursingDay: 45,
  midwives: 25,
  sexualHealth: 20,
  gpHub: 20,
  ooh: 15,
  hospice: 12,
  urgentDental: 10,
  utc: 10,
  miu: 10,
  ucr: 10,
  reablement: 10,
  mhCrisis: 8,
  safeHaven: 8,
  districtNursingNight: 8,
  walkIn: 5,
  ed: 5,
  sdec: 5,
  pau: 4,
  epu: 4,
  eyeCasualty: 4,
  maternityTriage: 4,
  edt: 4,
  catheterNurse: 4,
  palliativeLine: 3,
  cas: 2,
  sarc: 2,
  police: 2,
  nhs111: 1,
  validation: 1,
  ambulance: 1
};
var LABELS = {
  pharmacy: "Pharmacy",
  gp: "Medical Practice",
  dentalPractice: "Dental Practice",
  optician: "Opticians",
  districtNursingDay: "District Nursing Team",
  midwives: "Community Midwives",
  sexualHealth: "Sexual Health Clinic",
  gpHub: "GP Access Hub",
  ooh: "GP Out-of-Hours Base",
  hospice: "Hospice Advice Team",
  urgentDental: "Urgent Dental Clinic",
  utc: "Urgent Treatment Centre",
  miu: "Minor Injury Unit",
  ucr: "Urgent Community Response",
  reablement: "Rapid Response and Reablement",
  mhCrisis: "Mental Health Crisis Team",
  safeHaven: "Safe Haven",
  districtNursingNight: "Community Nursing Night Service",
  walkIn: "Walk-in Centre",
  ed: "Emergency Department",
  sdec: "Same Day Emergency Care",
  pau: "Paediatric Assessment Unit",
  epu: "Early Pregnancy Unit",
  eyeCasualty: "Eye Casualty",
  maternityTriage: "Maternity Triage",
  edt: "Social Care Emergency Duty Team",
  catheterNurse: "Continence and Catheter Nursing",
  palliativeLine: "Palliative Care Advice Line",
  cas: "Clinical Assessment Service",
  sarc: "Sexual Assault Referral Centre",
  police: "Police Health Liaison",
  nhs111: "NHS 111",
  validation: "Validation Service",
  ambulance: "Ambulance Dispatch"
};
var freeze = (value) => deepFreeze2(value);
function deepFreeze2(value) {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze2(child);
  }
  return value;
}
var ELIGIBILITY = {
  all: freeze({ ageFromDays: 0, ageToDays: MAX_AGE_DAYS, sexes: ["female", "male"], registeredPractices: [] }),
  adults: freeze({ ageFromDays: years(18), ageToDays: MAX_AGE_DAYS, sexes: ["female", "male"], registeredPractices: [] }),
  over16: freeze({ ageFromDays: years(16), ageToDays: MAX_AGE_DAYS, sexes: ["female", "male"], registeredPractices: [] }),
  children: freeze({ ageFromDays: 0, ageToDays: years(16), sexes: ["female", "male"], registeredPractices: [] }),
  under18: freeze({ ageFromDays: 0, ageToDays: years(18) - 1, sexes: ["female", "male"], registeredPractices: [] }),
  over65: freeze({ ageFromDays: years(65), ageToDays: MAX_AGE_DAYS, sexes: ["female", "male"], registeredPractices: [] }),
  pregnancy: freeze({ ageFromDays: years(12), ageToDays: years(55), sexes: ["female"], registeredPractices: [] }),
  earlyPregnancy: freeze({ ageFromDays: years(16), ageToDays: years(55), sexes: ["female"], registeredPractices: [] }),
  women: freeze({ ageFromDays: years(16), ageToDays: MAX_AGE_DAYS, sexes: ["female"], registeredPractices: [] }),
  men: freeze({ ageFromDays: years(16), ageToDays: MAX_AGE_DAYS, sexes: ["male"], registeredPractices: [] })
};
function hourTemplates() {
  const christmas = (year) => [`${year}-12-25`, `${year}-12-26`];
  const closedChristmas = [...christmas(2026), ...christmas(2027)].map((date) => ({ date, sessions: [], note: "Closed" }));
  const plt = everyNDays(onOrAfter("2026-01-14", "wed"), 28, 26).map((date) => ({ date, sessions: [session("08:00", "13:00")], note: "Protected learning time" }));
  const office = weeklyTimes(week(days(MON_FRI, [session("08:00", "18:30")])));
  const officeLunch = weeklyTimes(week(days(MON_FRI, [session("08:30", "13:00"), session("14:00", "18:00")])));
  const officeSat = weeklyTimes(week(days(MON_FRI, [session("08:00", "18:30")]), days(["sat"], [session("09:00", "12:00")])));
  const officeExtended = weeklyTimes(week(days(MON_FRI, [session("08:00", "20:00")]), days(["sat"], [session("09:00", "13:00")])));
  const officePlt = weeklyTimes(week(days(MON_FRI, [session("08:00", "18:30")])), { specifiedDates: plt });
  const day7 = everyDay([session("08:00", "20:00")]);
  const day7Short = everyDay([session("09:00", "17:00")]);
  const evenings = everyDay([session("18:00", "23:00")]);
  const eveningsWeekends = weeklyTimes(week(days(MON_FRI, [session("18:30", "22:00")]), days(WEEKEND, [session("09:00", "22:00")])), { bankHoliday: [session("09:00", "22:00")] });
  const weekdaysWeekendShort = weeklyTimes(week(days(MON_FRI, [session("08:00", "20:00")]), days(WEEKEND, [session("09:00", "17:00")])), { bankHoliday: [session("09:00", "17:00")] });
  const t = {
    ed: [twentyFourSeven()],
    utc: [twentyFourSeven(), everyDay([session("08:00", "24:00")]), everyDay([session("08:00", "22:00")]), day7],
    miu: [day7, day7Short, weekdaysWeekendShort, weeklyTimes(week(days(MON_FRI, [session("09:00", "17:00")])))],
    walkIn: [day7, { ...day7, specifiedDates: closedChristmas }],
    gp: [office, office, officeLunch, officeSat, officeExtended, officePlt],
    gpHub: [
      weeklyTimes(week(days(MON_FRI, [session("18:30", "20:00")]), days(["sat"], [session("09:00", "17:00")]))),
      weeklyTimes(week(days(MON_FRI, [session("18:30", "21:00")]), days(WEEKEND, [session("09:00", "13:00")])))
    ],
    ooh: [outOfHours(), outOfHours(), weeklyTimes(week(days(MON_FRI, [session("18:30", "23:00")]), days(WEEKEND, [session("08:00", "23:00")])), { bankHoliday: [session("08:00", "23:00")] })],
    cas: [twentyFourSeven()],
    validation: [twentyFourSeven()],
    nhs111: [twentyFourSeven()],
    sdec: [weekdaysWeekendShort, weeklyTimes(week(days(MON_FRI, [session("08:00", "18:00")])))],
    ucr: [day7, everyDay([session("08:00", "22:00")])],
    pharmacy: [
      weeklyTimes(week(days(MON_FRI, [session("09:00", "18:00")]), days(["sat"], [session("09:00", "17:30")]))),
      weeklyTimes(week(days(MON_FRI, [session("09:00", "13:00"), session("14:00", "18:00")]), days(["sat"], [session("09:00", "13:00")]))),
      weeklyTimes(week(days(MON_SAT, [session("07:00", "23:00")]), days(["sun"], [session("10:00", "16:00")])), { bankHoliday: [session("10:00", "16:00")], specifiedDates: closedChristmas.filter((d) => d.date.endsWith("12-25")) }),
      weeklyTimes(week(days(MON_SAT, [session("08:00", "20:00")]), days(["sun"], [session("10:00", "16:00")])), { bankHoliday: [session("10:00", "16:00")] }),
      weeklyTimes(week(days(MON_FRI, [session("08:30", "18:30")])))
    ],
    optician: [
      weeklyTimes(week(days(MON_SAT, [session("09:00", "17:30")]))),
      weeklyTimes(week(days(MON_SAT, [session("09:00", "17:30")]), days(["sun"], [session("10:00", "16:00")])))
    ],
    eyeCasualty: [weeklyTimes(week(days(MON_FRI, [session("08:30", "17:00")]), days(WEEKEND, [session("09:00", "12:30")])), { bankHoliday: [session("09:00", "12:30")] }), twentyFourSeven()],
    pau: [everyDay([session("08:00", "22:00")]), twentyFourSeven()],
    epu: [weeklyTimes(week(days(MON_FRI, [session("08:00", "16:00")]))), weeklyTimes(week(days(MON_FRI, [session("08:00", "16:00")]), days(["sat"], [session("09:00", "12:00")])))],
    maternityTriage: [twentyFourSeven()],
    midwives: [weeklyTimes(week(days(MON_FRI, [session("09:00", "17:00")])))],
    sexualHealth: [
      weeklyTimes(week(days(["mon", "wed"], [session("09:00", "19:00")]), days(["fri"], [session("09:00", "16:00")]))),
      weeklyTimes(week(days(["tue", "thu"], [session("13:00", "19:00")]))),
      weeklyTimes(week(days(MON_FRI, [session("09:00", "17:00")]), days(["sat"], [session("10:00", "13:00")])))
    ],
    sarc: [twentyFourSeven()],
    edt: [outOfHours("17:00", "09:00")],
    reablement: [day7],
    districtNursingDay: [weeklyTimes(week(days(EVERY_DAY, [session("08:00", "17:30")]))), weeklyTimes(week(days(EVERY_DAY, [session("08:00", "18:00")])), { bankHoliday: null })],
    districtNursingNight: [nightly("19:00", "08:00"), nightly("18:00", "08:00")],
    catheterNurse: [weeklyTimes(week(days(MON_FRI, [session("08:30", "16:30")])))],
    palliativeLine: [twentyFourSeven()],
    hospice: [day7, twentyFourSeven(), weeklyTimes(week(days(MON_FRI, [session("09:00", "17:00")])))],
    mhCrisis: [twentyFourSeven(), twentyFourSeven(), everyDay([session("08:00", "22:00")])],
    safeHaven: [evenings, weeklyTimes(week(days(MON_FRI, [session("17:00", "23:00")]), days(WEEKEND, [session("12:00", "23:00")])), { bankHoliday: [session("12:00", "23:00")] })],
    urgentDental: [eveningsWeekends, weeklyTimes(week(days(EVERY_DAY, [session("08:00", "22:00")])), { bankHoliday: [session("08:00", "22:00")] })],
    dentalPractice: [
      weeklyTimes(week(days(MON_FRI, [session("09:00", "17:30")]))),
      weeklyTimes(week(days(MON_FRI, [session("08:30", "13:00"), session("14:00", "17:00")]))),
      weeklyTimes(week(days(MON_FRI, [session("09:00", "17:30")]), days(["sat"], [session("09:00", "13:00")])))
    ],
    police: [twentyFourSeven()],
    ambulance: [twentyFourSeven()]
  };
  return freeze(t);
}
var KIND_ELIGIBILITY = {
  pau: ELIGIBILITY.children,
  epu: ELIGIBILITY.earlyPregnancy,
  maternityTriage: ELIGIBILITY.pregnancy,
  midwives: ELIGIBILITY.pregnancy,
  ucr: ELIGIBILITY.adults,
  reablement: ELIGIBILITY.adults,
  safeHaven: ELIGIBILITY.adults,
  sdec: ELIGIBILITY.over16
};
function coverageVariants(catalogue2, kind, rng2) {
  const full = coverageFor(catalogue2, kind);
  const groups = [...new Set(full.symptoms.map((p) => p.sg))];
  if (groups.length < 6) return [full];
  const variants = [full];
  for (let v = 0; v < 2; v++) {
    const drop = new Set(rng2.shuffle(groups).slice(0, Math.max(1, Math.floor(groups.length / 8))));
    variants.push(freeze({ dispositions: full.dispositions, symptoms: full.symptoms.filter((p) => !drop.has(p.sg)) }));
  }
  return variants;
}
var INWARD = "ABDEFGHJLNPQRSTUWXYZ";
var STATUSES = ["active", "closed", "commissioning"];
var NATIONAL_ORG_ID = "gen-national";
var regionOrg = (region) => `gen-${region}`;
function generateNationalDirectory(count2, catalogue2, seed = 1) {
  if (!Number.isInteger(count2) || count2 < 0) throw new RangeError(`count must be a whole number \u2265 0, got ${count2}`);
  const rng2 = new Random(seed);
  const organisations = [
    { id: NATIONAL_ORG_ID, name: "Generated national directory (benchmark data)", kind: "provider" },
    ...Object.keys(REGIONS).map((region) => ({ id: regionOrg(region), name: `${REGIONS[region]} services (generated)`, kind: "provider", parentId: NATIONAL_ORG_ID }))
  ];
  const kinds = Object.keys(KINDS).filter((k) => catalogue2.serviceType(KINDS[k].typeId));
  const hours = hourTemplates();
  const coverage = new Map(kinds.map((k) => [k, coverageVariants(catalogue2, k, rng2)]));
  const kindCum = cumulative(kinds.map((k) => KIND_WEIGHTS[k]));
  const centreCum = cumulative(CENTRES.map((x) => x.pop));
  const counters = /* @__PURE__ */ new Map();
  const services2 = new Array(count2);
  for (let i = 0; i < count2; i++) {
    const kind = i < kinds.length ? kinds[i] : kinds[draw(kindCum, rng2.next())];
    const centre = CENTRES[draw(centreCum, rng2.next())];
    const spec = KINDS[kind];
    const label = LABELS[kind];
    const key = `${kind}|${centre.name}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    const km = 8 * Math.sqrt(rng2.next());
    const angle = rng2.next() * 2 * Math.PI;
    const lat = Math.round((centre.lat + km * Math.cos(angle) / 111.32) * 1e5) / 1e5;
    const lon = Math.round((centre.lon + km * Math.sin(angle) / (111.32 * Math.cos(centre.lat * Math.PI / 180))) * 1e5) / 1e5;
    const postcode = `${centre.outward} ${1 + Math.floor(rng2.next() * 9)}${INWARD[Math.floor(rng2.next() * INWARD.length)]}${INWARD[Math.floor(rng2.next() * INWARD.length)]}`;
    let eligibility = KIND_ELIGIBILITY[kind] ?? ELIGIBILITY.all;
    if (eligibility === ELIGIBILITY.all) {
      const e = rng2.next();
      if (e < 0.03) eligibility = ELIGIBILITY.adults;
      else if (e < 0.05) eligibility = ELIGIBILITY.under18;
      else if (e < 0.055) eligibility = ELIGIBILITY.over65;
      else if (kind === "sexualHealth" && e < 0.1) eligibility = rng2.next() < 0.5 ? ELIGIBILITY.women : ELIGIBILITY.men;
    }
    const status = rng2.next() < 0.03 ? STATUSES[1 + Math.floor(rng2.next() * 2)] : "active";
    const templates = hours[kind];
    const variants = coverage.get(kind);
    const phone2 = `01632 ${96e4 + i % 1e3}`;
    services2[i] = {
      typeId: spec.typeId,
      status,
      organisationId: regionOrg(centre.region),
      name: `${centre.name} ${label} ${n}`,
      publicName: `${centre.name} ${label}${n > 1 ? ` ${n}` : ""}`,
      address: { lines: [`${1 + i % 240} ${label === "Pharmacy" ? "High Street" : "Health Campus Road"}`], town: centre.name, postcode },
      location: { lat, lon },
      contacts: { professionalPhone: phone2 },
      access: spec.access,
      referralEndpoints: [{ kind: "phone", address: phone2 }],
      referralRoles: spec.referralRoles,
      eligibility,
      coverage: variants[Math.floor(rng2.next() * variants.length)],
      openingTimes: templates[Math.floor(rng2.next() * templates.length)],
      areas: EMPTY_AREAS,
      verificationIntervalDays: 182
    };
  }
  return { organisations, services: services2 };
}
var EMPTY_AREAS = freeze({ commissionedFor: [], limitedTo: [], promotedInto: [] });
function cumulative(weights) {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => out[i] = sum += w);
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}
function draw(cum, u) {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if (cum[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// src/geo/distance.ts
var EARTH_RADIUS_KM = 6371.0088;
var RAD = Math.PI / 180;
function distanceKm(lat1, lon1, lat2, lon2) {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

// src/search/grid.ts
var CELL_LAT = 0.05;
var CELL_LON = 0.08;
var Entries = class {
  constructor(words, capacity = 0) {
    this.words = words;
    this.lat = new Float32Array(capacity);
    this.lon = new Float32Array(capacity);
    this.slot = new Int32Array(capacity);
    this.masks = new Uint32Array(capacity * words);
    this.meta = new Int32Array(capacity);
    this.age = new Int32Array(capacity);
    this.hkey = new Int32Array(capacity);
  }
  words;
  size = 0;
  lat;
  lon;
  slot;
  /** `words` words per entry */
  masks;
  meta;
  age;
  hkey;
  get capacity() {
    return this.slot.length;
  }
  /** Writes entry `i` from the slot columns (mask words from `masks` at `maskOffset`). */
  set(i, slot, cols, masks, maskOffset) {
    this.lat[i] = cols.lat[slot];
    this.lon[i] = cols.lon[slot];
    this.slot[i] = slot;
    this.meta[i] = cols.meta[slot];
    this.age[i] = cols.age[slot];
    this.hkey[i] = cols.hkey[slot];
    const w = this.words;
    for (let k = 0; k < w; k++) this.masks[i * w + k] = masks[maskOffset + k];
  }
  /** Appends an entry (overlay use), growing the buffers. */
  push(slot, cols, masks, maskOffset) {
    if (this.size === this.capacity) this.grow(Math.max(16, this.capacity * 2));
    this.set(this.size++, slot, cols, masks, maskOffset);
  }
  grow(n) {
    const grow2 = (a, len) => {
      const b = new a.constructor(len);
      b.set(a);
      return b;
    };
    this.lat = grow2(this.lat, n);
    this.lon = grow2(this.lon, n);
    this.slot = grow2(this.slot, n);
    this.masks = grow2(this.masks, n * this.words);
    this.meta = grow2(this.meta, n);
    this.age = grow2(this.age, n);
    this.hkey = grow2(this.hkey, n);
  }
  /** Bytes held in typed arrays. */
  get bytes() {
    return this.capacity * 24 + this.masks.byteLength;
  }
};
var Grid = class extends Entries {
  row0;
  col0;
  rows;
  cols;
  /** entries of cell (r, c) are [cellStart[r*cols+c], cellStart[r*cols+c+1]) */
  cellStart;
  /**
   * @param slots the slot of each entry
   * @param masks `words` words per entry, in the order of `slots`
   */
  constructor(slots, masks, words, cols) {
    const n = slots.length;
    super(words, n);
    this.size = n;
    let rMin = Infinity;
    let rMax = -Infinity;
    let cMin = Infinity;
    let cMax = -Infinity;
    const rowOf = new Int32Array(n);
    const colOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const s = slots[i];
      const r = Math.floor(cols.lat[s] / CELL_LAT);
      const c2 = Math.floor(cols.lon[s] / CELL_LON);
      rowOf[i] = r;
      colOf[i] = c2;
      if (r < rMin) rMin = r;
      if (r > rMax) rMax = r;
      if (c2 < cMin) cMin = c2;
      if (c2 > cMax) cMax = c2;
    }
    if (n === 0) rMin = rMax = cMin = cMax = 0;
    this.row0 = rMin;
    this.col0 = cMin;
    this.rows = rMax - rMin + 1;
    this.cols = cMax - cMin + 1;
    const cells = this.rows * this.cols;
    const start = new Int32Array(cells + 1);
    const cellOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const cell = (rowOf[i] - rMin) * this.cols + (colOf[i] - cMin);
      cellOf[i] = cell;
      start[cell + 1]++;
    }
    for (let k = 0; k < cells; k++) start[k + 1] += start[k];
    const fill = start.slice(0, cells);
    for (let i = 0; i < n; i++) this.set(fill[cellOf[i]]++, slots[i], cols, masks, i * words);
    this.cellStart = start;
  }
  /** Grid row of a latitude, clamped to the grid. */
  rowOf(lat) {
    const r = Math.floor(lat / CELL_LAT) - this.row0;
    return r < 0 ? 0 : r >= this.rows ? this.rows - 1 : r;
  }
  colOf(lon) {
    const c2 = Math.floor(lon / CELL_LON) - this.col0;
    return c2 < 0 ? 0 : c2 >= this.cols ? this.cols - 1 : c2;
  }
  get bytes() {
    return super.bytes + this.cellStart.byteLength;
  }
};

// src/search/local-time.ts
import { IANAZone as IANAZone2 } from "luxon";
var MINUTE2 = 6e4;
var HOUR2 = 60 * MINUTE2;
var DAY2 = 24 * HOUR2;
var WEEKDAY_LABELS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
var zone2 = IANAZone2.create(ZONE_NAME);
if (!zone2.isValid) throw new Error(`time zone ${ZONE_NAME} is not available in this runtime`);
function offsetMs2(t) {
  return zone2.offset(t) * MINUTE2;
}
function wallToInstant2(wall) {
  const before = offsetMs2(wall - 12 * HOUR2);
  const after = offsetMs2(wall + 12 * HOUR2);
  const c1 = wall - before;
  const c2 = wall - after;
  const ok1 = offsetMs2(c1) === before;
  const ok2 = before !== after && offsetMs2(c2) === after;
  if (ok1 && ok2) return Math.min(c1, c2);
  if (ok1) return c1;
  if (ok2) return c2;
  let lo = Math.min(c1, c2);
  let hi = Math.max(c1, c2);
  const atHi = offsetMs2(hi);
  while (hi - lo > 1e3) {
    const mid = lo + Math.max(1e3, Math.floor((hi - lo) / 2e3) * 1e3);
    if (offsetMs2(mid) === atHi) hi = mid;
    else lo = mid;
  }
  return hi;
}
var cache2 = /* @__PURE__ */ new Map();
var CACHE_LIMIT = 2e4;
var pad22 = (n) => n < 10 ? `0${n}` : String(n);
function localDay2(num) {
  const hit = cache2.get(num);
  if (hit) return hit;
  const d = new Date(num * DAY2);
  const date = `${String(d.getUTCFullYear()).padStart(4, "0")}-${pad22(d.getUTCMonth() + 1)}-${pad22(d.getUTCDate())}`;
  const startMs = wallToInstant2(num * DAY2);
  const endMs = wallToInstant2((num + 1) * DAY2);
  const day = { num, date, weekday: (d.getUTCDay() + 6) % 7, startMs, endMs, changes: endMs - startMs !== DAY2 };
  if (cache2.size >= CACHE_LIMIT) cache2.clear();
  cache2.set(num, day);
  return day;
}
function localDayAt2(t) {
  let day = localDay2(Math.floor((t + HOUR2) / DAY2));
  while (t < day.startMs) day = localDay2(day.num - 1);
  while (t >= day.endMs) day = localDay2(day.num + 1);
  return day;
}
function instantOn2(day, minutes2) {
  if (minutes2 <= 0) return day.startMs;
  if (minutes2 >= 1440) return day.endMs;
  if (!day.changes) return day.startMs + minutes2 * MINUTE2;
  return wallToInstant2(day.num * DAY2 + minutes2 * MINUTE2);
}
function wallMinutes(t, day = localDayAt2(t)) {
  if (!day.changes) return Math.floor((t - day.startMs) / MINUTE2);
  return Math.floor((t + offsetMs2(t) - day.num * DAY2) / MINUTE2);
}
function formatMinutes(minutes2) {
  return `${pad22(Math.floor(minutes2 / 60))}:${pad22(minutes2 % 60)}`;
}
function localTimeFrom(t, from) {
  const day = localDayAt2(t);
  const time = formatMinutes(wallMinutes(t, day));
  const fromDay = localDayAt2(from);
  if (day.num === fromDay.num) return time;
  if (t === day.startMs && day.num === fromDay.num + 1) return "24:00";
  if (day.num - fromDay.num < 7) return `${WEEKDAY_LABELS[day.weekday]} ${time}`;
  const d = new Date(day.num * DAY2);
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  return `${WEEKDAY_LABELS[day.weekday]} ${d.getUTCDate()} ${month} ${time}`;
}

// src/search/window.ts
var CLOSING_MARGIN_MS = 30 * MINUTE2;
var HOUR_MS = 60 * MINUTE2;
var DAY_MS = 24 * HOUR_MS;
function windowLengthMs(timeframe) {
  switch (timeframe.kind) {
    case "immediate":
      return HOUR_MS;
    case "minutes":
      return bandMs(timeframe.minutes);
    case "working-days":
      return bandMs(timeframe.days * 24 * 60);
    case "none":
      return 7 * DAY_MS;
  }
}
function bandMs(minutes2) {
  if (minutes2 <= 30) return 30 * MINUTE2;
  if (minutes2 <= 60) return minutes2 * MINUTE2;
  return (minutes2 - 60) * MINUTE2;
}
function describeTimeframe(timeframe) {
  switch (timeframe.kind) {
    case "immediate":
      return "1-hour window";
    case "minutes": {
      const m = timeframe.minutes;
      if (m % 60 === 0) return `${m / 60}-hour window`;
      return `${m}-minute window`;
    }
    case "working-days":
      return timeframe.days === 1 ? "next-working-day window" : `${timeframe.days}-working-day window`;
    case "none":
      return "7-day window";
  }
}

// src/search/hours.ts
var NATIONS = ["england-and-wales", "scotland", "northern-ireland"];
function nationIndex(nation) {
  const i = NATIONS.indexOf(nation);
  if (i < 0) throw new RangeError(`unknown nation: ${String(nation)}`);
  return i;
}
var ALL_DAY3 = Int16Array.of(0, 1440);
var DAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
function minutes(hhmm) {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
function pairs(sessions) {
  const list = sessions.map((s) => [minutes(s.open), minutes(s.close)]).filter(([o, c2]) => c2 > o);
  list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Int16Array(list.length * 2);
  list.forEach(([o, c2], i) => {
    out[2 * i] = o;
    out[2 * i + 1] = c2;
  });
  return out;
}
function compileHours(times) {
  return {
    alwaysOpen: times.alwaysOpen,
    weekly: DAY_KEYS.map((d) => pairs(times.weekly[d] ?? [])),
    bankHoliday: times.bankHoliday === null ? null : pairs(times.bankHoliday),
    specified: times.specifiedDates.length === 0 ? null : new Map(times.specifiedDates.map((d) => [d.date, pairs(d.sessions)]))
  };
}
function hoursKey(times) {
  const day = (s) => s.map((x) => `${x.open}-${x.close}`).join(",");
  const weekly = DAY_KEYS.map((d) => day(times.weekly[d] ?? [])).join("|");
  const bank = times.bankHoliday === null ? "~" : day(times.bankHoliday);
  const specified = times.specifiedDates.map((d) => `${d.date}=${day(d.sessions)}`).join(";");
  return `${times.alwaysOpen ? 1 : 0}#${weekly}#${bank}#${specified}`;
}
var SearchClock = class {
  constructor(calendar2, at) {
    this.calendar = calendar2;
    this.atMs = at;
    this.days = [localDayAt2(at)];
  }
  calendar;
  atMs;
  days;
  holidays = [];
  /** start of the spell found by the last successful `fitSpell` */
  spellStart = 0;
  /** end of that spell (only with `follow`); NaN when it runs on beyond 14 days */
  spellEnd = Number.NaN;
  day(i) {
    const days2 = this.days;
    while (days2.length <= i) days2.push(localDay2(days2[0].num + days2.length));
    return days2[i];
  }
  isBankHoliday(i, nation) {
    const k = i * 3 + nation;
    let v = this.holidays[k];
    if (v === void 0) {
      v = this.calendar.isBankHoliday(NATIONS[nation], this.day(i).date) ? 1 : 0;
      while (this.holidays.length < k) this.holidays.push(-1);
      this.holidays[k] = v;
    } else if (v === -1) {
      v = this.calendar.isBankHoliday(NATIONS[nation], this.day(i).date) ? 1 : 0;
      this.holidays[k] = v;
    }
    return v === 1;
  }
};
function sessionsOn(c2, clock, i, day, nation) {
  if (c2.specified !== null) {
    const hit = c2.specified.get(day.date);
    if (hit !== void 0) return hit;
  }
  if (c2.alwaysOpen) return ALL_DAY3;
  if (c2.bankHoliday !== null && clock.isBankHoliday(i, nation)) return c2.bankHoliday;
  return c2.weekly[day.weekday];
}
var FOLLOW_DAYS_MS = 14 * DAY2;
function fitSpell(clock, c2, nation, endMs, follow) {
  const atMs = clock.atMs;
  if (c2.alwaysOpen && c2.specified === null) {
    clock.spellStart = clock.day(0).startMs;
    clock.spellEnd = Number.NaN;
    return true;
  }
  const need = atMs + CLOSING_MARGIN_MS;
  let curS = Number.NEGATIVE_INFINITY;
  let curE = Number.NEGATIVE_INFINITY;
  let found = false;
  let horizon = Number.POSITIVE_INFINITY;
  for (let i = 0; ; i++) {
    const day = clock.day(i);
    if (found) {
      if (day.startMs > curE) break;
    } else if (day.startMs > endMs && day.startMs > curE) {
      return false;
    }
    const arr = sessionsOn(c2, clock, i, day, nation);
    for (let k = 0; k < arr.length; k += 2) {
      const s = instantOn2(day, arr[k]);
      const e = instantOn2(day, arr[k + 1]);
      if (e <= s) continue;
      if (s <= curE) {
        if (e > curE) curE = e;
      } else {
        if (found) {
          clock.spellEnd = curE;
          return true;
        }
        if (s > endMs) return false;
        curS = s;
        curE = e;
      }
      if (!found && curE >= need) {
        found = true;
        clock.spellStart = curS;
        if (!follow) return true;
        horizon = Math.max(curS, atMs) + FOLLOW_DAYS_MS;
      }
    }
    if (found && curE > horizon) {
      clock.spellEnd = Number.NaN;
      return true;
    }
  }
  clock.spellEnd = curE;
  return true;
}

// src/search/index.ts
var M_LIVE = 1;
var M_ACTIVE = 2;
var M_FEMALE = 4;
var M_MALE = 8;
var M_PRACTICES = 16;
var M_LIMITED = 32;
var M_AREAS = 64;
var M_RED = 128;
var M_ROLE_SHIFT = 8;
var M_DX_SHIFT = 12;
var MAX_DX_SETS = 1 << 20;
var AGE_MAX_PACKED = 65535;
var GroupIndex = class {
  constructor(sg, grid) {
    this.sg = sg;
    this.grid = grid;
    this.overlay = new Entries(grid.words);
  }
  sg;
  grid;
  /** discriminator code → bit */
  sdBits = /* @__PURE__ */ new Map();
  /** dead entries in the grid or overlay */
  dead = 0;
  overlay;
  /** mask words per entry */
  get words() {
    return this.grid.words;
  }
};
var EMPTY_SLOTS = new Int32Array(0);
var EMPTY_MASKS = new Uint32Array(0);
function grow(a, n) {
  const b = new a.constructor(n);
  b.set(a);
  return b;
}
var DirectoryIndex = class {
  catalogue;
  calendar;
  overlayLimit;
  // ── registries (only ever grow) ──
  /** service type id → type index */
  typeIndex = /* @__PURE__ */ new Map();
  typeIds = [];
  typeNames = [];
  typeNationalRank = [];
  typeMaxResults = [];
  typeCatchAll = [];
  /** area code → area id */
  areaIds = /* @__PURE__ */ new Map();
  /** disposition code → bit */
  dxBits = /* @__PURE__ */ new Map();
  dxWords = 4;
  /** distinct disposition lists: `dxWords` words per set */
  dxSetBits = new Uint32Array(0);
  dxSetCount = 0;
  dxSetByKey = /* @__PURE__ */ new Map();
  dxSetByObject = /* @__PURE__ */ new WeakMap();
  /** compiled timetables; a slot's `hkey` is timetable id × 3 + nation */
  hours = [];
  hoursByObject = /* @__PURE__ */ new WeakMap();
  hoursByKey = /* @__PURE__ */ new Map();
  symptomCache = /* @__PURE__ */ new WeakMap();
  // ── spatial ──
  groups = /* @__PURE__ */ new Map();
  all;
  /** slots of catch-all types (may include dead slots; check M_LIVE) */
  catchAllSlots = [];
  // ── ranking and capacity ──
  /** area id → [type index, rank] overrides */
  rankByArea = /* @__PURE__ */ new Map();
  capacities = /* @__PURE__ */ new Map();
  // ── slot columns ──
  slotCount = 0;
  capacity = 0;
  live = 0;
  deadSlots = 0;
  rebuilds = 0;
  meta = new Int32Array(0);
  age = new Int32Array(0);
  hkey = new Int32Array(0);
  /** where each slot's entries are: pos[posStart[slot] + k] for its k-th group; ≥ 0 grid index, < 0 overlay −(i+1) */
  posStart = new Int32Array(0);
  pos = new Int32Array(0);
  posLen = 0;
  typeOf = new Int32Array(0);
  /** service id by slot */
  ids = new Int32Array(0);
  lat = new Float64Array(0);
  lon = new Float64Array(0);
  capReset = new Float64Array(0);
  svc = [];
  ods = [];
  practices = [];
  commissioned = [];
  limited = [];
  promoted = [];
  symOf = [];
  idToSlot = /* @__PURE__ */ new Map();
  constructor(services2, options) {
    this.catalogue = options.catalogue;
    this.calendar = options.calendar;
    this.overlayLimit = Math.max(1, options.overlayLimit ?? 128);
    for (const t of options.catalogue.serviceTypes) this.typeIdx(t.id);
    this.dxWords = Math.max(1, Math.ceil((options.catalogue.dispositions.length + 32) / 32));
    for (const d of options.catalogue.dispositions) this.dxBit(d.code);
    for (const [id, c2] of options.capacities ?? []) this.capacities.set(id, c2);
    this.all = new GroupIndex(0, new Grid(EMPTY_SLOTS, EMPTY_MASKS, 0, this));
    this.setRankings(options.rankings ?? []);
    this.rebuildAll([...services2]);
  }
  // ── public API ─────────────────────────────────────────────────────────────────────────────
  /** Live services. */
  get size() {
    return this.live;
  }
  get(id) {
    const slot = this.idToSlot.get(id);
    return slot === void 0 ? void 0 : this.svc[slot];
  }
  /** Every live service (any status). */
  *services() {
    for (let s = 0; s < this.slotCount; s++) if (this.meta[s] & M_LIVE) yield this.svc[s];
  }
  /** Adds a service, or replaces the one with the same id. */
  upsert(service) {
    const old = this.idToSlot.get(service.id);
    const touched = /* @__PURE__ */ new Set();
    if (old !== void 0) {
      for (const g of this.symOf[old]?.groups ?? []) touched.add(g);
      this.kill(old);
    }
    const slot = this.allocSlot();
    const sym = this.writeSlot(slot, service);
    const one = new Uint32Array(8);
    for (let k = 0; k < sym.groups.length; k++) {
      const group = sym.groups[k];
      const bits = sym.bits[k];
      let need = 1;
      for (const b of bits) need = Math.max(need, (b >> 5) + 1);
      if (need > group.words) this.rebuildGroup(group, need);
      const mask = need > one.length ? new Uint32Array(group.words) : one.fill(0);
      for (const b of bits) mask[b >> 5] |= 1 << (b & 31);
      group.overlay.push(slot, this, mask, 0);
      this.pos[this.posStart[slot] + k] = -group.overlay.size;
      touched.add(group);
    }
    this.all.overlay.push(slot, this, EMPTY_MASKS, 0);
    if (this.typeCatchAll[this.typeOf[slot]]) this.catchAllSlots.push(slot);
    this.afterMutation(touched);
  }
  /** Removes a service; false if it was not there. */
  remove(id) {
    const slot = this.idToSlot.get(id);
    if (slot === void 0) return false;
    const groups = new Set(this.symOf[slot]?.groups ?? []);
    this.kill(slot);
    this.afterMutation(groups);
    return true;
  }
  /** Sets (or clears, with null) a service's capacity status. Kept for ids not (yet) indexed too. */
  setCapacity(serviceId, capacity) {
    if (capacity === null) this.capacities.delete(serviceId);
    else this.capacities.set(serviceId, capacity);
    const slot = this.idToSlot.get(serviceId);
    if (slot === void 0) return;
    this.capReset[slot] = capacity === null ? 0 : capacity.resetAt.getTime();
    this.setEntryBits(slot, M_RED, capacity !== null && capacity.status === "red");
  }
  /** Replaces the area ranking strategies. */
  setRankings(rankings) {
    const byArea = /* @__PURE__ */ new Map();
    for (const r of rankings) {
      const area = this.areaId(r.areaCode);
      const t = this.typeIdx(r.serviceTypeId);
      let list = byArea.get(area);
      if (!list) byArea.set(area, list = []);
      const existing = list.find(([type]) => type === t);
      if (existing) existing[1] = r.rank;
      else list.push([t, r.rank]);
    }
    this.rankByArea = byArea;
  }
  /** Rebuilds every grid now (e.g. after a bulk load of changes). */
  compact() {
    this.rebuildAll([...this.services()]);
  }
  stats() {
    let bytes = 0;
    let entries = 0;
    for (const a of [this.meta, this.age, this.hkey, this.posStart, this.pos, this.typeOf, this.ids, this.lat, this.lon, this.capReset, this.dxSetBits]) bytes += a.byteLength;
    for (const g of [...this.groups.values(), this.all]) {
      bytes += g.grid.bytes + g.overlay.bytes;
      if (g !== this.all) entries += g.grid.size + g.overlay.size;
    }
    bytes += this.capacity * 8 * 7;
    return { services: this.live, symptomGroups: this.groups.size, entries, heapEstimate: bytes, rebuilds: this.rebuilds };
  }
  slotOf(id) {
    return this.idToSlot.get(id);
  }
  areaIdOf(code) {
    return this.areaIds.get(code);
  }
  // ── registries ─────────────────────────────────────────────────────────────────────────────
  typeIdx(typeId) {
    let t = this.typeIndex.get(typeId);
    if (t !== void 0) return t;
    const type = this.catalogue.serviceType(typeId);
    t = this.typeIds.length;
    this.typeIndex.set(typeId, t);
    this.typeIds.push(typeId);
    this.typeNames.push(type?.name ?? `Service type ${typeId}`);
    this.typeNationalRank.push(type?.nationalRank ?? 10);
    this.typeMaxResults.push(type?.maxResults ?? 2);
    this.typeCatchAll.push(type?.catchAll ?? false);
    return t;
  }
  areaId(code) {
    let a = this.areaIds.get(code);
    if (a === void 0) this.areaIds.set(code, a = this.areaIds.size);
    return a;
  }
  areaList(codes) {
    if (codes.length === 0) return null;
    return Int32Array.from(codes, (c2) => this.areaId(c2));
  }
  dxBit(code) {
    let b = this.dxBits.get(code);
    if (b !== void 0) return b;
    b = this.dxBits.size;
    this.dxBits.set(code, b);
    if (b >= this.dxWords * 32) {
      const old = this.dxWords;
      const words = old * 2;
      const next = new Uint32Array(Math.max(this.dxSetBits.length / old, 16) * words);
      for (let s = 0; s < this.dxSetCount; s++) for (let w = 0; w < old; w++) next[s * words + w] = this.dxSetBits[s * old + w];
      this.dxSetBits = next;
      this.dxWords = words;
    }
    return b;
  }
  /** The id of a list of dispositions (lists with the same codes share one). */
  dxSetId(codes) {
    const hit = this.dxSetByObject.get(codes);
    if (hit !== void 0) return hit;
    const key = [...codes].sort().join(",");
    let id = this.dxSetByKey.get(key);
    if (id === void 0) {
      if (this.dxSetCount >= MAX_DX_SETS) throw new Error(`more than ${MAX_DX_SETS} distinct disposition lists`);
      const bits = codes.map((c2) => this.dxBit(c2));
      id = this.dxSetCount++;
      const W = this.dxWords;
      if ((id + 1) * W > this.dxSetBits.length) {
        const next = new Uint32Array(Math.max(16, (id + 1) * 2) * W);
        next.set(this.dxSetBits);
        this.dxSetBits = next;
      }
      for (const b of bits) this.dxSetBits[id * W + (b >> 5)] |= 1 << (b & 31);
      this.dxSetByKey.set(key, id);
    }
    this.dxSetByObject.set(codes, id);
    return id;
  }
  hoursId(times) {
    const byObject = this.hoursByObject.get(times);
    if (byObject !== void 0) return byObject;
    const key = hoursKey(times);
    let id = this.hoursByKey.get(key);
    if (id === void 0) {
      id = this.hours.length;
      this.hours.push(compileHours(times));
      this.hoursByKey.set(key, id);
    }
    this.hoursByObject.set(times, id);
    return id;
  }
  compileSymptoms(symptoms) {
    const hit = this.symptomCache.get(symptoms);
    if (hit) return hit;
    const groups = [];
    const bits = [];
    for (const { sg, sd } of symptoms) {
      let group = this.groups.get(sg);
      if (!group) {
        group = new GroupIndex(sg, new Grid(EMPTY_SLOTS, EMPTY_MASKS, 1, this));
        this.groups.set(sg, group);
      }
      let bit = group.sdBits.get(sd);
      if (bit === void 0) group.sdBits.set(sd, bit = group.sdBits.size);
      let g = groups.indexOf(group);
      if (g < 0) {
        g = groups.length;
        groups.push(group);
        bits.push([]);
      }
      bits[g].push(bit);
    }
    const compiled = { groups, bits };
    this.symptomCache.set(symptoms, compiled);
    return compiled;
  }
  // ── slots ──────────────────────────────────────────────────────────────────────────────────
  ensureCapacity(n) {
    if (n <= this.capacity) return;
    const cap = Math.max(n, Math.ceil(this.capacity * 1.5), 64);
    this.meta = grow(this.meta, cap);
    this.age = grow(this.age, cap);
    this.hkey = grow(this.hkey, cap);
    this.posStart = grow(this.posStart, cap);
    this.typeOf = grow(this.typeOf, cap);
    this.ids = grow(this.ids, cap);
    this.lat = grow(this.lat, cap);
    this.lon = grow(this.lon, cap);
    this.capReset = grow(this.capReset, cap);
    this.capacity = cap;
  }
  allocSlot() {
    this.ensureCapacity(this.slotCount + 1);
    return this.slotCount++;
  }
  writeSlot(slot, s) {
    const e = s.eligibility;
    const areas = s.areas;
    let meta = M_LIVE;
    if (s.status === "active") meta |= M_ACTIVE;
    if (e.sexes.includes("female")) meta |= M_FEMALE;
    if (e.sexes.includes("male")) meta |= M_MALE;
    if (e.registeredPractices.length > 0) meta |= M_PRACTICES;
    if (areas.limitedTo.length > 0) meta |= M_LIMITED;
    if (areas.commissionedFor.length + areas.limitedTo.length + areas.promotedInto.length > 0) meta |= M_AREAS;
    for (const r of s.referralRoles) meta |= 1 << M_ROLE_SHIFT + ReferralRoles.indexOf(r);
    const capacity = this.capacities.get(s.id);
    if (capacity && capacity.status === "red") meta |= M_RED;
    this.capReset[slot] = capacity ? capacity.resetAt.getTime() : 0;
    meta |= this.dxSetId(s.coverage.dispositions) << M_DX_SHIFT;
    this.meta[slot] = meta;
    this.age[slot] = Math.min(e.ageFromDays, AGE_MAX_PACKED) | Math.min(e.ageToDays, AGE_MAX_PACKED) << 16;
    this.hkey[slot] = this.hoursId(s.openingTimes) * 3 + nationIndex(s.nation);
    this.typeOf[slot] = this.typeIdx(s.typeId);
    this.ids[slot] = s.id;
    this.lat[slot] = s.lat;
    this.lon[slot] = s.lon;
    this.svc[slot] = s;
    this.ods[slot] = s.odsCode ?? null;
    this.practices[slot] = e.registeredPractices.length > 0 ? new Set(e.registeredPractices) : null;
    this.commissioned[slot] = this.areaList(areas.commissionedFor);
    this.limited[slot] = this.areaList(areas.limitedTo);
    this.promoted[slot] = this.areaList(areas.promotedInto);
    const sym = this.compileSymptoms(s.coverage.symptoms);
    this.symOf[slot] = sym;
    this.posStart[slot] = this.posLen;
    this.posLen += sym.groups.length;
    if (this.posLen > this.pos.length) this.pos = grow(this.pos, Math.max(1024, this.posLen * 1.5) | 0);
    this.idToSlot.set(s.id, slot);
    this.live++;
    return sym;
  }
  /** Sets or clears a `meta` bit of a slot and of each of its group entries. */
  setEntryBits(slot, bit, on) {
    this.meta[slot] = on ? this.meta[slot] | bit : this.meta[slot] & ~bit;
    const groups = this.symOf[slot]?.groups ?? [];
    const start = this.posStart[slot];
    for (let k = 0; k < groups.length; k++) {
      const p = this.pos[start + k];
      const entries = p >= 0 ? groups[k].grid : groups[k].overlay;
      const i = p >= 0 ? p : -p - 1;
      entries.meta[i] = on ? entries.meta[i] | bit : entries.meta[i] & ~bit;
    }
  }
  /** Records where a group's grid entries now are. */
  trackGrid(g) {
    const grid = g.grid;
    for (let i = 0; i < grid.size; i++) {
      const s = grid.slot[i];
      const k = this.symOf[s].groups.indexOf(g);
      this.pos[this.posStart[s] + k] = i;
    }
  }
  kill(slot) {
    if (!(this.meta[slot] & M_LIVE)) return;
    this.setEntryBits(slot, M_LIVE, false);
    const s = this.svc[slot];
    if (s && this.idToSlot.get(s.id) === slot) this.idToSlot.delete(s.id);
    for (const g of this.symOf[slot]?.groups ?? []) g.dead++;
    this.all.dead++;
    this.svc[slot] = void 0;
    this.symOf[slot] = null;
    this.practices[slot] = null;
    this.live--;
    this.deadSlots++;
  }
  afterMutation(groups) {
    if (this.deadSlots > Math.max(4096, this.live)) {
      this.rebuildAll([...this.services()]);
      return;
    }
    for (const g of groups) if (this.needsRebuild(g)) this.rebuildGroup(g, g.words);
    if (this.needsRebuild(this.all)) this.rebuildGroup(this.all, 0);
    if (this.catchAllSlots.length > 64) {
      const live = this.catchAllSlots.filter((s) => this.meta[s] & M_LIVE);
      if (live.length * 2 < this.catchAllSlots.length) this.catchAllSlots = live;
    }
  }
  needsRebuild(g) {
    return g.overlay.size > this.overlayLimit || g.dead > this.overlayLimit && g.dead * 4 > g.grid.size + g.overlay.size;
  }
  /** A group's grid from its live grid entries and overlay, with `words` mask words per entry. */
  rebuildGroup(g, words) {
    const parts = [g.grid, g.overlay];
    let n = 0;
    for (const p of parts) for (let i = 0; i < p.size; i++) if (this.meta[p.slot[i]] & M_LIVE) n++;
    const slots = new Int32Array(n);
    const masks = new Uint32Array(n * words);
    let k = 0;
    for (const p of parts) {
      const w0 = p.words;
      const copy = Math.min(w0, words);
      for (let i = 0; i < p.size; i++) {
        const s = p.slot[i];
        if (!(this.meta[s] & M_LIVE)) continue;
        slots[k] = s;
        for (let w = 0; w < copy; w++) masks[k * words + w] = p.masks[i * w0 + w];
        k++;
      }
    }
    g.grid = new Grid(slots, masks, words, this);
    g.overlay = new Entries(words);
    g.dead = 0;
    if (g !== this.all) this.trackGrid(g);
    this.rebuilds++;
  }
  /** Rebuilds everything from these services, in slots ordered by place (for memory locality). */
  rebuildAll(services2) {
    const keys = new Float64Array(services2.length);
    services2.forEach((s, i) => keys[i] = Math.floor(s.lat / CELL_LAT) * 1e5 + Math.floor(s.lon / CELL_LON));
    const order = Int32Array.from(services2.keys()).sort((a, b) => keys[a] - keys[b] || services2[a].id - services2[b].id);
    this.idToSlot.clear();
    this.groups = /* @__PURE__ */ new Map();
    this.symptomCache = /* @__PURE__ */ new WeakMap();
    this.catchAllSlots = [];
    this.slotCount = 0;
    this.live = 0;
    this.deadSlots = 0;
    this.capacity = 0;
    this.meta = new Int32Array(0);
    this.age = new Int32Array(0);
    this.hkey = new Int32Array(0);
    this.posStart = new Int32Array(0);
    this.pos = new Int32Array(0);
    this.posLen = 0;
    this.typeOf = new Int32Array(0);
    this.ids = new Int32Array(0);
    this.lat = new Float64Array(0);
    this.lon = new Float64Array(0);
    this.capReset = new Float64Array(0);
    this.svc = [];
    this.ods = [];
    this.practices = [];
    this.commissioned = [];
    this.limited = [];
    this.promoted = [];
    this.symOf = [];
    this.ensureCapacity(services2.length + 64);
    const seen = /* @__PURE__ */ new Set();
    for (const i of order) {
      const s = services2[i];
      if (seen.has(s.id)) throw new Error(`duplicate service id ${s.id}`);
      seen.add(s.id);
      const slot = this.allocSlot();
      this.writeSlot(slot, s);
      if (this.typeCatchAll[this.typeOf[slot]]) this.catchAllSlots.push(slot);
    }
    const n = this.slotCount;
    const counts = /* @__PURE__ */ new Map();
    for (let s = 0; s < n; s++) for (const g of this.symOf[s].groups) counts.set(g, (counts.get(g) ?? 0) + 1);
    const fill = /* @__PURE__ */ new Map();
    for (const [g, count2] of counts) {
      const words = Math.max(1, Math.ceil(g.sdBits.size / 32));
      fill.set(g, { slots: new Int32Array(count2), masks: new Uint32Array(count2 * words), words, at: 0 });
    }
    for (let s = 0; s < n; s++) {
      const sym = this.symOf[s];
      for (let k = 0; k < sym.groups.length; k++) {
        const f = fill.get(sym.groups[k]);
        const i = f.at++;
        f.slots[i] = s;
        for (const b of sym.bits[k]) f.masks[i * f.words + (b >> 5)] |= 1 << (b & 31);
      }
    }
    for (const [g, f] of fill) {
      g.grid = new Grid(f.slots, f.masks, f.words, this);
      g.overlay = new Entries(f.words);
      g.dead = 0;
    }
    for (const [g] of fill) this.trackGrid(g);
    this.all = new GroupIndex(0, new Grid(Int32Array.from({ length: n }, (_, i) => i), EMPTY_MASKS, 0, this));
    this.rebuilds++;
  }
};

// src/search/engine.ts
var RAD2 = Math.PI / 180;
var KM_PER_DEG = 6371.0088 * RAD2;
var BAND = 2e-3;
var CATCH_ALL_KM = 60;
var CATCH_ALL_COUNT = 2;
var RULE_CAPACITY = 1;
var RULE_DISCRIMINATOR = 2;
var RULE_DISPOSITION = 3;
var RULE_ROLE = 4;
var RULE_AGE = 5;
var RULE_OPENING = 6;
var RULE_AREA = 7;
var RULE_NAMES = ["capacity", "capacity", "discriminator", "disposition", "referral-role", "age", "opening", "area"];
var TIER_OWN = 0;
var TIER_COMMISSIONED = 1;
var TIER_OTHER = 2;
var TIER_PROMOTED = 3;
var TIER_NAMES = ["own-gp", "commissioned", "other", "promoted"];
var scratches = /* @__PURE__ */ new WeakMap();
function scratchFor(index2) {
  let s = scratches.get(index2);
  const types = index2.typeIds.length;
  const hkeys = index2.hours.length * 3;
  let k = 1;
  for (const m of index2.typeMaxResults) if (m > k) k = m;
  if (!s || s.typeStamp.length < types || s.k < k) {
    s = {
      stamp: 0,
      hoursStamp: new Uint32Array(Math.max(hkeys, 64)),
      hoursPass: new Uint8Array(Math.max(hkeys, 64)),
      typeStamp: new Uint32Array(types + 8),
      typeCount: new Int32Array(types + 8),
      k,
      topSlot: new Int32Array((types + 8) * k),
      topKey: new Float64Array((types + 8) * k),
      topTier: new Int8Array((types + 8) * k),
      rank: new Int32Array(types + 8),
      qmask: new Uint32Array(8),
      gapCode: new Float64Array(4096),
      gapMiss: new Int32Array(4096)
    };
    scratches.set(index2, s);
  }
  if (s.hoursStamp.length < hkeys) {
    s.hoursStamp = new Uint32Array(hkeys * 2);
    s.hoursPass = new Uint8Array(hkeys * 2);
  }
  s.stamp = s.stamp + 1 >>> 0;
  if (s.stamp === 0) {
    s.hoursStamp.fill(0);
    s.typeStamp.fill(0);
    s.stamp = 1;
  }
  return s;
}
function includes(list, id) {
  if (list === null) return false;
  for (let i = 0; i < list.length; i++) if (list[i] === id) return true;
  return false;
}
var Scan = class {
  constructor(index2, q, clock, scratch) {
    this.index = index2;
    this.q = q;
    this.clock = clock;
    this.scratch = scratch;
    this.atMs = q.at.getTime();
    this.endMs = this.atMs + windowLengthMs(q.disposition.timeframe);
    this.km = q.distanceKm;
    this.qlat = q.lat;
    this.qlon = q.lon;
    this.cosQ = Math.cos(q.lat * RAD2);
    this.sinQ = Math.sin(q.lat * RAD2);
    this.r2hi = (q.distanceKm * (1 + BAND)) ** 2;
    this.r2lo = (q.distanceKm * (1 - BAND)) ** 2;
    this.firstNeed = M_LIVE | M_ACTIVE | (q.sex === "female" ? M_FEMALE : q.sex === "male" ? M_MALE : M_FEMALE | M_MALE);
    this.roleBit = 1 << M_ROLE_SHIFT + roleIndex(q.referralRole);
    const bit = index2.dxBits.get(q.disposition.code);
    this.dxWord = bit === void 0 ? -1 : bit >> 5;
    this.dxMask = bit === void 0 ? 0 : 1 << (bit & 31);
    this.age = q.ageDays;
    this.areaId = q.areaCode === null ? -1 : index2.areaIdOf(q.areaCode) ?? -2;
    this.practice = q.registeredPractice;
  }
  index;
  q;
  clock;
  scratch;
  considered = 0;
  /** gaps found so far (in `scratch.gapCode` / `gapMiss`) */
  gapCount = 0;
  /** gap index → detail, for details that depend on the service (capacity reason, many-word groups) */
  gapSpecial = null;
  atMs;
  endMs;
  km;
  qlat;
  qlon;
  cosQ;
  sinQ;
  r2hi;
  r2lo;
  /** meta bits an entry needs for the first filter: live, active and the sexes asked for */
  firstNeed;
  roleBit;
  dxWord;
  dxMask;
  age;
  areaId;
  practice;
  /** 0: one-word discriminator mask `q0`; 1: a requested discriminator is unknown in the group; 2: several words */
  sdMode = 1;
  q0 = 0;
  words = 0;
  detailCache = /* @__PURE__ */ new Map();
  /** Squared km from the query point if within the search distance, else -1 (exact, slow). */
  dist2(lat, lon) {
    const dLat = lat - this.qlat;
    const y = dLat * KM_PER_DEG;
    const x = (lon - this.qlon) * KM_PER_DEG * (this.cosQ - this.sinQ * dLat * RAD2 * 0.5);
    const d2 = x * x + y * y;
    if (d2 > this.r2hi) return -1;
    if (d2 > this.r2lo) {
      const d = distanceKm(this.qlat, this.qlon, lat, lon);
      return d > this.km ? -1 : d * d;
    }
    return d2;
  }
  /** Near the boundary: the haversine distance decides (squared km, or -1 if outside). */
  exact(slot) {
    const d = distanceKm(this.qlat, this.qlon, this.index.lat[slot], this.index.lon[slot]);
    return d > this.km ? -1 : d * d;
  }
  practiceOk(slot) {
    return this.practice !== null && this.index.practices[slot].has(this.practice);
  }
  /** Rule 7 passes: not limited, or limited to (or promoted into) the patient's area. */
  areaAllowed(slot) {
    const ix = this.index;
    if (!(ix.meta[slot] & M_LIMITED)) return true;
    return this.areaId >= 0 && (includes(ix.limited[slot], this.areaId) || includes(ix.promoted[slot], this.areaId));
  }
  /** Rule 6 for a timetable key, memoised for this search. */
  evalHours(hk) {
    const ok = fitSpell(this.clock, this.index.hours[hk / 3 | 0], hk % 3, this.endMs, false);
    this.scratch.hoursStamp[hk] = this.scratch.stamp;
    this.scratch.hoursPass[hk] = ok ? 1 : 0;
    return ok;
  }
  opens(slot) {
    const hk = this.index.hkey[slot];
    const sc = this.scratch;
    return sc.hoursStamp[hk] === sc.stamp ? sc.hoursPass[hk] === 1 : this.evalHours(hk);
  }
  sdMulti(masks, off) {
    const q = this.scratch.qmask;
    for (let w = 0; w < this.words; w++) {
      const m = q[w];
      if ((masks[off + w] & m) !== m) return false;
    }
    return true;
  }
  addGap(slot, rule, miss) {
    const sc = this.scratch;
    const g = this.gapCount++;
    if (g === sc.gapCode.length) {
      const code = new Float64Array(g * 2);
      code.set(sc.gapCode);
      const m = new Int32Array(g * 2);
      m.set(sc.gapMiss);
      sc.gapCode = code;
      sc.gapMiss = m;
    }
    sc.gapCode[g] = this.index.ids[slot] * 8 + rule;
    sc.gapMiss[g] = miss;
    if (rule === RULE_CAPACITY || rule === RULE_DISCRIMINATOR && this.sdMode !== 0) (this.gapSpecial ??= /* @__PURE__ */ new Map()).set(g, this.gapDetail(rule, slot, miss));
  }
  /**
   * The gaps leave the shared buffers as one exact-size in-heap array (later searches reuse the
   * buffers; small typed arrays per search would push V8 into full collections). The Gap objects
   * are made from it on first read: a search near a city can find thousands, and not every caller
   * reads them.
   */
  gapReader() {
    const n = this.gapCount;
    if (n === 0) return () => [];
    const sc = this.scratch;
    const data = new Array(2 * n);
    for (let g = 0; g < n; g++) {
      data[g] = sc.gapCode[g];
      data[n + g] = sc.gapMiss[g];
    }
    const special = this.gapSpecial;
    return () => {
      const out = new Array(n);
      const details = [];
      let sdMiss = -1;
      let sdDetail = "";
      for (let g = 0; g < n; g++) {
        const code = data[g];
        const rule = code % 8;
        let detail;
        if (special !== null && special.has(g)) detail = special.get(g);
        else if (rule === RULE_DISCRIMINATOR) {
          const miss = data[n + g];
          if (miss !== sdMiss) {
            sdMiss = miss;
            sdDetail = this.gapDetail(rule, -1, miss);
          }
          detail = sdDetail;
        } else detail = details[rule] ?? (details[rule] = this.gapDetail(rule, -1, 0));
        out[g] = { serviceId: (code - rule) / 8, rule: RULE_NAMES[rule], detail };
      }
      return out;
    };
  }
  tierOf(slot, meta) {
    const ix = this.index;
    if (this.practice !== null && ix.ods[slot] === this.practice) return TIER_OWN;
    if (!(meta & M_AREAS) || this.areaId < 0) return TIER_OTHER;
    if (includes(ix.commissioned[slot], this.areaId)) return TIER_COMMISSIONED;
    if (includes(ix.promoted[slot], this.areaId)) return TIER_PROMOTED;
    return TIER_OTHER;
  }
  /** Keeps the best `maxResults` of each type by (tier, distance, id). */
  accept(slot, meta, d2) {
    const ix = this.index;
    const sc = this.scratch;
    const t = ix.typeOf[slot];
    const topKey = sc.topKey;
    const topSlot = sc.topSlot;
    const topTier = sc.topTier;
    const base = t * sc.k;
    const max = ix.typeMaxResults[t];
    if (sc.typeStamp[t] !== sc.stamp) {
      sc.typeStamp[t] = sc.stamp;
      sc.typeCount[t] = 0;
    }
    let n = sc.typeCount[t];
    if (n === max && topKey[base + n - 1] < d2) return;
    const tier = this.tierOf(slot, meta);
    const key = tier * 1e7 + d2;
    const ids = ix.ids;
    const id = ids[slot];
    if (n === max) {
      const worst = base + n - 1;
      if (key > topKey[worst] || key === topKey[worst] && id > ids[topSlot[worst]]) return;
      n--;
    }
    let i = base + n;
    while (i > base && (topKey[i - 1] > key || topKey[i - 1] === key && ids[topSlot[i - 1]] > id)) {
      topKey[i] = topKey[i - 1];
      topSlot[i] = topSlot[i - 1];
      topTier[i] = topTier[i - 1];
      i--;
    }
    topKey[i] = key;
    topSlot[i] = slot;
    topTier[i] = tier;
    sc.typeCount[t] = n + 1;
  }
  gapDetail(rule, slot, miss) {
    const q = this.q;
    switch (rule) {
      case RULE_CAPACITY: {
        const reason = this.index.capacities.get(this.index.ids[slot])?.reason;
        return reason ? `capacity not red (red: ${reason})` : "capacity not red";
      }
      case RULE_DISCRIMINATOR: {
        const missing = this.sdMode === 0 ? this.cached(`sd:${miss}`, () => this.missingOf(miss)) : this.missingFor(slot);
        return this.cached(`sd-detail:${missing}`, () => `profiled for SG ${q.symptomGroup} with SD ${missing}`);
      }
      case RULE_DISPOSITION:
        return `accepts ${q.disposition.code}`;
      case RULE_ROLE:
        return `takes referrals from a ${q.referralRole.replace("-", " ")}`;
      case RULE_AGE:
        return `accepts age ${q.ageDays} days (${humanAge(q.ageDays)})`;
      case RULE_OPENING:
        return openingNeed(this.atMs, this.endMs);
      default:
        return q.areaCode === null ? "offered without a known area" : `offered in area ${q.areaCode}`;
    }
  }
  cached(key, make) {
    let s = this.detailCache.get(key);
    if (s === void 0) this.detailCache.set(key, s = make());
    return s;
  }
  /** "14090, 14091": the requested discriminators whose bits are in `miss` (one-word groups). */
  missingOf(miss) {
    const group = this.index.groups.get(this.q.symptomGroup);
    return this.q.symptomDiscriminators.filter((sd) => {
      const bit = group.sdBits.get(sd);
      return (miss & 1 << (bit & 31)) !== 0;
    }).join(", ");
  }
  /** The requested discriminators a service is not profiled for (any group size). */
  missingFor(slot) {
    const pairs2 = this.index.svc[slot].coverage.symptoms;
    return this.q.symptomDiscriminators.filter((sd) => !pairs2.some((p) => p.sg === this.q.symptomGroup && p.sd === sd)).join(", ");
  }
};
function scanEntries(st, E, a, b) {
  const ix = st.index;
  const elat = E.lat;
  const elon = E.lon;
  const eslot = E.slot;
  const emask = E.masks;
  const emeta = E.meta;
  const eage = E.age;
  const ehkey = E.hkey;
  const words = E.words;
  const capReset = ix.capReset;
  const dxBits = ix.dxSetBits;
  const dxW = ix.dxWords;
  const sc = st.scratch;
  const hStamp = sc.hoursStamp;
  const hPass = sc.hoursPass;
  const stamp = sc.stamp;
  const qlat = st.qlat;
  const qlon = st.qlon;
  const kx0 = KM_PER_DEG * st.cosQ;
  const kx1 = KM_PER_DEG * st.sinQ * RAD2 * 0.5;
  const r2hi = st.r2hi;
  const r2lo = st.r2lo;
  const need = st.firstNeed;
  const roleBit = st.roleBit;
  const sdMode = st.sdMode;
  const q0 = st.q0;
  const dxWord = st.dxWord;
  const dxMask = st.dxMask;
  const ageQ = st.age;
  const atMs = st.atMs;
  let considered = 0;
  for (let i = a; i < b; i++) {
    const dLat = elat[i] - qlat;
    const y = dLat * KM_PER_DEG;
    const x = (elon[i] - qlon) * (kx0 - kx1 * dLat);
    let d2 = x * x + y * y;
    if (d2 > r2hi) continue;
    const meta = emeta[i];
    if ((meta & need) !== need) continue;
    if (d2 > r2lo) {
      d2 = st.exact(eslot[i]);
      if (d2 < 0) continue;
    }
    if ((meta & M_PRACTICES) !== 0 && !st.practiceOk(eslot[i])) continue;
    considered++;
    let fails = 0;
    let rule = 0;
    if ((meta & M_RED) !== 0 && capReset[eslot[i]] > atMs) {
      fails = 1;
      rule = RULE_CAPACITY;
    }
    const sdOk = sdMode === 0 ? (emask[i] & q0) === q0 : sdMode === 1 ? false : st.sdMulti(emask, i * words);
    if (!sdOk) {
      if (++fails > 1) continue;
      rule = RULE_DISCRIMINATOR;
    }
    if (dxWord < 0 || (dxBits[(meta >>> M_DX_SHIFT) * dxW + dxWord] & dxMask) === 0) {
      if (++fails > 1) continue;
      rule = RULE_DISPOSITION;
    }
    if ((meta & roleBit) === 0) {
      if (++fails > 1) continue;
      rule = RULE_ROLE;
    }
    const ag = eage[i];
    if (ageQ < (ag & 65535) || ageQ > ag >>> 16) {
      if (++fails > 1) continue;
      rule = RULE_AGE;
    }
    if ((meta & M_LIMITED) !== 0 && !st.areaAllowed(eslot[i])) {
      if (++fails > 1) continue;
      rule = RULE_AREA;
    }
    const hk = ehkey[i];
    if (hStamp[hk] === stamp ? hPass[hk] === 0 : !st.evalHours(hk)) {
      if (++fails > 1) continue;
      rule = RULE_OPENING;
    }
    if (fails === 0) st.accept(eslot[i], meta, d2);
    else st.addGap(eslot[i], rule, sdOk || sdMode !== 0 ? 0 : q0 & ~emask[i]);
  }
  st.considered += considered;
}
function roleIndex(role) {
  switch (role) {
    case "call-handler":
      return 0;
    case "clinician":
      return 1;
    case "provider":
      return 2;
    case "patient":
      return 3;
  }
}
function humanAge(days2) {
  if (days2 >= 730) return `${Math.floor(days2 / 365.25)} years`;
  if (days2 >= 61) return `${Math.floor(days2 / 30.4375)} months`;
  return `${days2} days`;
}
function openingNeed(atMs, endMs) {
  return `open between ${localTimeFrom(atMs, atMs)} and ${localTimeFrom(endMs, atMs)}, not closing before ${localTimeFrom(atMs + CLOSING_MARGIN_MS, atMs)}`;
}
function scanGroup(scan, group) {
  const grid = group.grid;
  if (grid.size > 0) {
    const km = scan.km * (1 + BAND);
    const dLat = km / KM_PER_DEG;
    const maxLat = Math.min(89, Math.abs(scan.qlat) + dLat);
    const dLon = Math.min(180, km / (KM_PER_DEG * Math.cos(maxLat * RAD2)));
    const rLo = Math.floor((scan.qlat - dLat) / CELL_LAT) - grid.row0;
    const rHi = Math.floor((scan.qlat + dLat) / CELL_LAT) - grid.row0;
    const cLo = Math.floor((scan.qlon - dLon) / CELL_LON) - grid.col0;
    const cHi = Math.floor((scan.qlon + dLon) / CELL_LON) - grid.col0;
    if (rHi >= 0 && rLo < grid.rows && cHi >= 0 && cLo < grid.cols) {
      const r0 = rLo < 0 ? 0 : rLo;
      const r1 = rHi >= grid.rows ? grid.rows - 1 : rHi;
      const c0 = cLo < 0 ? 0 : cLo;
      const c1 = cHi >= grid.cols ? grid.cols - 1 : cHi;
      const cols = grid.cols;
      const start = grid.cellStart;
      for (let r = r0; r <= r1; r++) {
        const a = start[r * cols + c0];
        const b = start[r * cols + c1 + 1];
        if (b > a) scanEntries(scan, grid, a, b);
      }
    }
  }
  if (group.overlay.size > 0) scanEntries(scan, group.overlay, 0, group.overlay.size);
}
function search(index2, query) {
  const sc = scratchFor(index2);
  const clock = new SearchClock(index2.calendar, query.at.getTime());
  const scan = new Scan(index2, query, clock, sc);
  const types = index2.typeIds.length;
  for (let t = 0; t < types; t++) sc.rank[t] = index2.typeNationalRank[t];
  if (scan.areaId >= 0) for (const [t, r] of index2.rankByArea.get(scan.areaId) ?? []) sc.rank[t] = r;
  const group = index2.groups.get(query.symptomGroup);
  if (group) {
    const words = group.words;
    if (sc.qmask.length < words) sc.qmask = new Uint32Array(words * 2);
    sc.qmask.fill(0, 0, words);
    let impossible = false;
    for (const sd of query.symptomDiscriminators) {
      const bit = group.sdBits.get(sd);
      if (bit === void 0 || bit >> 5 >= words) impossible = true;
      else sc.qmask[bit >> 5] |= 1 << (bit & 31);
    }
    scan.words = words;
    scan.q0 = sc.qmask[0];
    scan.sdMode = impossible ? 1 : words === 1 ? 0 : 2;
    scanGroup(scan, group);
  }
  const picked = [];
  for (let t = 0; t < types; t++) {
    if (sc.typeStamp[t] !== sc.stamp) continue;
    for (let i = 0; i < sc.typeCount[t]; i++) {
      const at = t * sc.k + i;
      const tier = sc.topTier[at];
      picked.push({ slot: sc.topSlot[at], tier, rank: sc.rank[t], d2: sc.topKey[at] - tier * 1e7 });
    }
  }
  picked.sort((a, b) => comparePicked(index2, a, b));
  const chosen = picked.slice(0, query.limit);
  let catchAll = false;
  let results;
  if (chosen.length === 0) {
    catchAll = true;
    results = catchAllResults(index2, scan, sc);
  } else {
    results = chosen.map((p) => buildResult(index2, scan, p.slot, p.tier, p.rank, false));
  }
  const readGaps = scan.gapReader();
  let gaps;
  const outcome = {
    results,
    catchAll,
    windowEnd: new Date(scan.endMs),
    distanceKm: query.distanceKm,
    considered: scan.considered,
    // Made on first read (then kept); enumerable, so spreading and JSON include it.
    get gaps() {
      return gaps ??= readGaps();
    },
    set gaps(value) {
      gaps = value;
    }
  };
  if (query.explain) outcome.excluded = explain(index2, scan, results);
  return outcome;
}
function comparePicked(index2, a, b) {
  const pa = a.tier === TIER_PROMOTED ? 1 : 0;
  const pb = b.tier === TIER_PROMOTED ? 1 : 0;
  return pa - pb || a.rank - b.rank || a.tier - b.tier || a.d2 - b.d2 || index2.ids[a.slot] - index2.ids[b.slot];
}
function catchAllResults(index2, scan, sc) {
  const best = [];
  for (const slot of index2.catchAllSlots) {
    if ((index2.meta[slot] & (M_LIVE | M_ACTIVE)) !== (M_LIVE | M_ACTIVE)) continue;
    const lat = index2.lat[slot];
    const dy = (lat - scan.qlat) * KM_PER_DEG;
    if (dy > CATCH_ALL_KM * 1.01 || dy < -CATCH_ALL_KM * 1.01) continue;
    const d = distanceKm(scan.qlat, scan.qlon, lat, index2.lon[slot]);
    if (d > CATCH_ALL_KM) continue;
    best.push({ slot, d });
  }
  best.sort((a, b) => a.d - b.d || index2.ids[a.slot] - index2.ids[b.slot]);
  return best.slice(0, CATCH_ALL_COUNT).map(({ slot }) => buildResult(index2, scan, slot, scan.tierOf(slot, index2.meta[slot]), sc.rank[index2.typeOf[slot]], true));
}
function round1(x) {
  return Math.round(x * 10) / 10;
}
function resultCapacity(index2, serviceId, atMs) {
  const c2 = index2.capacities.get(serviceId);
  if (!c2) return { status: "green", reason: null, setAt: null, resetAt: null, expired: false };
  const expired = atMs >= c2.resetAt.getTime();
  return { status: expired ? "green" : c2.status, reason: expired ? null : c2.reason, setAt: c2.setAt, resetAt: c2.resetAt, expired };
}
function buildResult(index2, scan, slot, tier, rank, catchAll) {
  const s = index2.svc[slot];
  const atMs = scan.atMs;
  const km = round1(distanceKm(scan.qlat, scan.qlon, index2.lat[slot], index2.lon[slot]));
  let openNow;
  let opensAt = null;
  let closesAt = null;
  const hk = index2.hkey[slot];
  const fits = fitSpell(scan.clock, index2.hours[hk / 3 | 0], hk % 3, scan.endMs, true);
  if (fits) {
    openNow = scan.clock.spellStart <= atMs;
    if (!openNow) opensAt = new Date(scan.clock.spellStart);
    if (!Number.isNaN(scan.clock.spellEnd)) closesAt = new Date(scan.clock.spellEnd);
  } else {
    const nation = NATIONS[hk % 3];
    openNow = isOpenAt(s.openingTimes, nation, scan.q.at, index2.calendar);
    if (!openNow) opensAt = nextOpening(s.openingTimes, nation, scan.q.at, index2.calendar);
    closesAt = nextClosing(s.openingTimes, nation, opensAt ?? scan.q.at, index2.calendar);
  }
  const capacity = resultCapacity(index2, index2.ids[slot], atMs);
  const reasons = [`${km.toFixed(1)} km away`];
  if (catchAll) reasons.push("nearest emergency department: nothing else fitted (catch-all)");
  if (tier === TIER_OWN) reasons.push("your own GP practice");
  else if (tier === TIER_COMMISSIONED) reasons.push("commissioned for your area");
  else if (tier === TIER_PROMOTED) reasons.push("offered into your area from elsewhere");
  if (openNow) reasons.push(closesAt === null ? "open now (24 hours)" : `open now until ${localTimeFrom(closesAt.getTime(), atMs)}`);
  else if (opensAt !== null) reasons.push(fits ? `opens at ${localTimeFrom(opensAt.getTime(), atMs)}, within the ${describeTimeframe(scan.q.disposition.timeframe)}` : `closed now; opens at ${localTimeFrom(opensAt.getTime(), atMs)}`);
  else reasons.push("closed");
  const c2 = index2.capacities.get(s.id);
  if (capacity.expired && c2) reasons.push(`capacity ${c2.status} expired at ${localTimeFrom(c2.resetAt.getTime(), atMs)}: counts as green`);
  else if (capacity.status !== "green") reasons.push(`capacity ${capacity.status}${capacity.reason ? `: ${capacity.reason}` : ""}`);
  const a = s.access;
  if (a.walkIn) reasons.push("walk in");
  if (a.phoneFirst) reasons.push("phone first");
  if (a.referralOnly) reasons.push("referral only");
  if (a.bookingRequired) reasons.push("booking required");
  const e = s.referralEndpoints[0];
  if (e) {
    reasons.push(
      e.kind === "fhir" ? `refer by FHIR to ${e.address}` : e.kind === "http" ? `refer online at ${e.address}` : e.kind === "email" ? `refer by e-mail to ${e.address}` : `refer by phone on ${e.address}`
    );
  }
  return {
    serviceId: s.id,
    name: s.name,
    publicName: s.publicName,
    typeId: s.typeId,
    typeName: index2.typeNames[index2.typeOf[slot]],
    distanceKm: km,
    rank,
    tier: TIER_NAMES[tier],
    openNow,
    opensAt,
    closesAt,
    capacity,
    access: s.access,
    referralEndpoints: s.referralEndpoints,
    contacts: s.contacts,
    address: s.address,
    catchAll,
    reasons
  };
}
function explain(index2, scan, results) {
  const q = scan.q;
  const returned = new Set(results.map((r) => r.serviceId));
  const perType = /* @__PURE__ */ new Map();
  for (const r of results) perType.set(r.typeId, (perType.get(r.typeId) ?? 0) + 1);
  const slots = slotsWithin(index2, scan);
  const out = [];
  for (const slot of slots) {
    const s = index2.svc[slot];
    if (returned.has(s.id)) continue;
    const rules = [];
    const f = index2.meta[slot];
    if (!(f & M_ACTIVE)) rules.push({ rule: "status", detail: `service is ${s.status}` });
    const pairs2 = s.coverage.symptoms.filter((p) => p.sg === q.symptomGroup);
    if (pairs2.length === 0) rules.push({ rule: "symptom-group", detail: `profiled for SG ${q.symptomGroup}` });
    if ((f & scan.firstNeed & (M_FEMALE | M_MALE)) !== (scan.firstNeed & (M_FEMALE | M_MALE))) rules.push({ rule: "sex", detail: q.sex === "unknown" ? "accepts both sexes" : `accepts ${q.sex} patients` });
    if (f & M_PRACTICES && (q.registeredPractice === null || !index2.practices[slot].has(q.registeredPractice))) {
      rules.push({ rule: "registered-practice", detail: `for patients of ${s.eligibility.registeredPractices.join(", ")} only` });
    }
    if (f & M_RED && index2.capReset[slot] > scan.atMs) rules.push({ rule: "capacity", detail: scan.gapDetail(RULE_CAPACITY, slot, 0) });
    const missing = q.symptomDiscriminators.filter((sd) => !pairs2.some((p) => p.sd === sd));
    if (pairs2.length > 0 && missing.length > 0) rules.push({ rule: "discriminator", detail: `profiled for SG ${q.symptomGroup} with SD ${missing.join(", ")}` });
    if (!s.coverage.dispositions.includes(q.disposition.code)) rules.push({ rule: "disposition", detail: scan.gapDetail(RULE_DISPOSITION, slot, 0) });
    if ((f & scan.roleBit) === 0) rules.push({ rule: "referral-role", detail: scan.gapDetail(RULE_ROLE, slot, 0) });
    if (scan.age < s.eligibility.ageFromDays || scan.age > s.eligibility.ageToDays) {
      rules.push({ rule: "age", detail: `${scan.gapDetail(RULE_AGE, slot, 0)}; the service takes ${s.eligibility.ageFromDays}\u2013${s.eligibility.ageToDays} days` });
    }
    if (!scan.opens(slot)) rules.push({ rule: "opening", detail: scan.gapDetail(RULE_OPENING, slot, 0) });
    if (!scan.areaAllowed(slot)) rules.push({ rule: "area", detail: `${scan.gapDetail(RULE_AREA, slot, 0)}; limited to ${s.areas.limitedTo.join(", ")}` });
    if (rules.length === 0) {
      const max = index2.typeMaxResults[index2.typeOf[slot]];
      const shown = perType.get(s.typeId) ?? 0;
      rules.push({
        rule: "ranking",
        detail: scan.q.limit <= results.length && shown < max ? `ranked below the first ${results.length} results (the limit)` : `${shown} ${index2.typeNames[index2.typeOf[slot]]} result${shown === 1 ? "" : "s"} already offered (at most ${max} of a type)`
      });
    }
    out.push({ serviceId: s.id, name: s.name, typeId: s.typeId, distanceKm: round1(distanceKm(q.lat, q.lon, s.lat, s.lon)), rules });
  }
  out.sort((a, b) => a.distanceKm - b.distanceKm || a.serviceId - b.serviceId);
  return out;
}
function slotsWithin(index2, scan) {
  const out = [];
  const group = index2.all;
  const grid = group.grid;
  const km = scan.km * (1 + BAND);
  const dLat = km / KM_PER_DEG;
  const dLon = Math.min(180, km / (KM_PER_DEG * Math.cos(Math.min(89, Math.abs(scan.qlat) + dLat) * RAD2)));
  const take = (slot) => {
    if (index2.meta[slot] & M_LIVE && scan.dist2(index2.lat[slot], index2.lon[slot]) >= 0) out.push(slot);
  };
  if (grid.size > 0) {
    const r0 = grid.rowOf(scan.qlat - dLat);
    const r1 = grid.rowOf(scan.qlat + dLat);
    const c0 = grid.colOf(scan.qlon - dLon);
    const c1 = grid.colOf(scan.qlon + dLon);
    for (let r = r0; r <= r1; r++) {
      const end = grid.cellStart[r * grid.cols + c1 + 1];
      for (let i = grid.cellStart[r * grid.cols + c0]; i < end; i++) take(grid.slot[i]);
    }
  }
  for (let i = 0; i < group.overlay.size; i++) take(group.overlay.slot[i]);
  return out;
}

// src/search/fixtures.ts
function offsetKm(from, northKm, eastKm = 0) {
  const R = 6371.0088;
  const lat = from.lat + northKm / R * (180 / Math.PI);
  const lon = from.lon + eastKm / (R * Math.cos(from.lat * Math.PI / 180)) * (180 / Math.PI);
  return { lat, lon };
}
function nationalServices(profiles2) {
  return profiles2.map((p, i) => {
    const { lat, lon } = p.location;
    const nation = lon < -5.4 && lat < 55.4 && lat > 54 ? "northern-ireland" : lat > 55 && !(lon > -2.1 && lat < 55.8) ? "scotland" : "england-and-wales";
    return {
      ...p,
      parentId: p.parentId ?? null,
      referralEndpoints: p.referralEndpoints ?? [],
      verificationIntervalDays: p.verificationIntervalDays ?? 182,
      id: i + 1,
      version: 1,
      lat,
      lon,
      areaCode: `gen-${p.address.town.toLowerCase().replace(/[^a-z]+/g, "-")}`,
      nation,
      lastVerifiedAt: null,
      nextVerificationDue: null,
      createdAt: /* @__PURE__ */ new Date(0),
      updatedAt: /* @__PURE__ */ new Date(0)
    };
  });
}

// src/search/bench-core.ts
v8.setFlagsFromString("--expose_gc");
var gc = vm.runInNewContext("gc");
var heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};
var count = Number(process.argv[2] ?? 1e5);
var searches = Number(process.argv[3] ?? 1e4);
var catalogue = Catalogue.load();
var calendar = new BankHolidayCalendar();
var profiles = generateNationalDirectory(count, catalogue).services;
var services = nationalServices(profiles);
var heapBefore = heapMb();
var t0 = performance.now();
var index = new DirectoryIndex(services, { catalogue, calendar });
var buildMs = performance.now() - t0;
var heapAfter = heapMb();
var stats = index.stats();
var rng = new Random(42);
var active = services.filter((s) => s.status === "active");
var DISTANCES = [10, 15, 20, 25, 30, 40, 60];
var YEAR_START = Date.UTC(2026, 0, 1);
function makeQuery(forceKm) {
  const s = active[Math.floor(rng.next() * active.length)];
  const pair = s.coverage.symptoms[Math.floor(rng.next() * s.coverage.symptoms.length)];
  const sds = [pair.sd];
  if (rng.next() < 0.2) {
    const other = s.coverage.symptoms.filter((p) => p.sg === pair.sg && p.sd !== pair.sd);
    if (other.length) sds.push(other[Math.floor(rng.next() * other.length)].sd);
  }
  const code = s.coverage.dispositions[Math.floor(rng.next() * s.coverage.dispositions.length)];
  const place = offsetKm(s, (rng.next() - 0.5) * 10, (rng.next() - 0.5) * 10);
  const u = rng.next();
  return {
    lat: place.lat,
    lon: place.lon,
    areaCode: s.areaCode,
    ageDays: Math.floor(rng.next() * 95 * 365.25),
    sex: u < 0.45 ? "female" : u < 0.9 ? "male" : "unknown",
    disposition: catalogue.disposition(code),
    symptomGroup: pair.sg,
    symptomDiscriminators: sds,
    at: new Date(YEAR_START + Math.floor(rng.next() * 365 * 24 * 60) * 6e4),
    distanceKm: forceKm ?? DISTANCES[Math.floor(rng.next() * DISTANCES.length)],
    referralRole: rng.next() < 0.7 ? "call-handler" : ReferralRoles[Math.floor(rng.next() * ReferralRoles.length)],
    registeredPractice: null,
    limit: 10,
    explain: false
  };
}
function run(label, queries, readGaps = true) {
  for (const q of queries.slice(0, 1e3)) search(index, q);
  const times = new Float64Array(queries.length);
  let results = 0;
  let gaps = 0;
  let considered = 0;
  let catchAll = 0;
  const started = performance.now();
  for (let i = 0; i < queries.length; i++) {
    const a = performance.now();
    const out = search(index, queries[i]);
    times[i] = (performance.now() - a) * 1e3;
    results += out.results.length;
    if (readGaps) gaps += out.gaps.length;
    considered += out.considered;
    if (out.catchAll) catchAll++;
  }
  const wall = performance.now() - started;
  times.sort();
  const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  const n = queries.length;
  console.log(
    `${label.padEnd(28)} p50 ${pct(0.5).toFixed(1).padStart(6)} \xB5s  p90 ${pct(0.9).toFixed(1).padStart(6)} \xB5s  p99 ${pct(0.99).toFixed(1).padStart(7)} \xB5s  max ${times[n - 1].toFixed(0).padStart(6)} \xB5s  ${Math.round(n / (wall / 1e3)).toLocaleString("en-GB")}/s  | per search: considered ${(considered / n).toFixed(0)}, results ${(results / n).toFixed(1)}, gaps ${(gaps / n).toFixed(0)}, catch-all ${(100 * catchAll / n).toFixed(1)}%`
  );
}
console.log(`services ${stats.services.toLocaleString("en-GB")}, symptom groups ${stats.symptomGroups}, grid entries ${stats.entries.toLocaleString("en-GB")}, timetables ${index.hours.length}`);
console.log(`build ${buildMs.toFixed(0)} ms; heap: services ${heapBefore.toFixed(0)} MB, + index ${(heapAfter - heapBefore).toFixed(0)} MB (own estimate ${(stats.heapEstimate / 1e6).toFixed(0)} MB), total ${heapAfter.toFixed(0)} MB`);
var varied = Array.from({ length: searches }, () => makeQuery());
run("varied, gaps not read", varied, false);
if (process.env.ONLY_FIRST) process.exit(0);
run("varied (10\u201360 km)", varied);
run("all at 60 km", Array.from({ length: searches }, () => makeQuery(60)));
var upserts = 2e3;
t0 = performance.now();
for (let i = 0; i < upserts; i++) {
  const s = active[Math.floor(rng.next() * active.length)];
  index.upsert({ ...s, version: s.version + 1 });
}
var upsertMs = (performance.now() - t0) / upserts;
t0 = performance.now();
for (let i = 0; i < upserts; i++) {
  const s = active[Math.floor(rng.next() * active.length)];
  index.setCapacity(s.id, { status: "red", reason: "bench", setBy: null, setAt: new Date(YEAR_START), resetAt: new Date(YEAR_START + 4 * 36e5) });
}
var capacityUs = (performance.now() - t0) / upserts * 1e3;
console.log(`upsert ${upsertMs.toFixed(3)} ms each (amortised, ${index.stats().rebuilds} grid rebuilds in all), setCapacity ${capacityUs.toFixed(2)} \xB5s each`);
run("varied, after 2,000 upserts", Array.from({ length: searches }, () => makeQuery()));
