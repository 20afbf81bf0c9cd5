// Which organisation commissions each area (e.g. a sub-ICB place team), so that "my areas" means
// something: a commissioner's default coverage analysis covers the areas of their organisation and
// of the organisations below it (an ICB sees all its places). Empty until set (demo seed, CLI).
export const up = String.raw`
alter table areas add column commissioner_id text references organisations (id);
create index areas_commissioner on areas (commissioner_id);
`;
