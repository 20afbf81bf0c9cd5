// Full-text search of the directory for staff (issue 16): a service's names, description and the codes
// of what it can do (its capabilities), stemmed in English. An expression index, not a stored column:
// the text is derived from the profile, so it can never fall out of step with it. The same expression
// is in directory/store.ts (SERVICE_TEXT), which the planner must match exactly to use the index.
export const up = String.raw`
create index services_text_search on services using gin (
  to_tsvector('english'::regconfig,
    name || ' ' || public_name || ' ' || coalesce(profile->>'description', '') || ' ' ||
    coalesce(jsonb_path_query_array(profile, '$.capabilities[*].code')::text, ''))
);
`;
