// src/tables.ts is written by hand (decision 0021): this holds it to the migrated schema. Every table
// and column the migrations create must be declared there, and nothing more, with the same
// nullability and the same family of type (a text column typed `number` would type-check and then
// lie at run time).
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/database';
import { migrate } from '../src/platform/migrate';
import { testDatabase } from './fixture';

type Family = 'string' | 'number' | 'boolean' | 'Date' | 'json' | 'array';
interface ColumnShape {
  family: Family | `unknown: ${string}`;
  nullable: boolean;
  /** Declared: wrapped in Generated<…> (inserts may omit it). Migrated: serial or identity (the database numbers it). */
  generated?: boolean;
  /** Migrated only: an insert may omit it (a default, or null). */
  omittable?: boolean;
}
type Schema = Map<string, Map<string, ColumnShape>>;

/** Tables the migration runner keeps for itself; no store reads them through Kysely. */
const NOT_DECLARED = new Set(['schema_migrations']);

const TABLES_FILE = path.resolve(import.meta.dirname, '../src/tables.ts');

/** Reads each property of `interface Tables` in `source` as a column's type family and nullability. */
function declaredSchema(source: string): Schema {
  const file = ts.createSourceFile('tables.ts', source, ts.ScriptTarget.Latest, true);
  const aliases = new Map<string, ts.TypeNode>();
  let tables: ts.InterfaceDeclaration | undefined;
  file.forEachChild((node) => {
    if (ts.isTypeAliasDeclaration(node)) aliases.set(node.name.text, node.type);
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'Tables') tables = node;
  });
  if (!tables) throw new Error('src/tables.ts declares no interface Tables');
  const schema: Schema = new Map();
  for (const table of tables.members) {
    if (!ts.isPropertySignature(table) || !table.type || !ts.isTypeLiteralNode(table.type)) continue;
    const columns = new Map<string, ColumnShape>();
    for (const column of table.type.members) {
      if (!ts.isPropertySignature(column) || !column.type) continue;
      const generated = ts.isTypeReferenceNode(column.type) && column.type.typeName.getText(file) === 'Generated';
      columns.set(column.name.getText(file), { ...shapeOf(column.type, aliases, file), generated });
    }
    schema.set(table.name.getText(file), columns);
  }
  return schema;
}

/** The select-side type of a column: unwraps Generated<T>, ColumnType<Select, …> and the file's aliases. */
function shapeOf(type: ts.TypeNode, aliases: Map<string, ts.TypeNode>, file: ts.SourceFile): ColumnShape {
  if (ts.isParenthesizedTypeNode(type)) return shapeOf(type.type, aliases, file);
  if (ts.isUnionTypeNode(type)) {
    const isNull = (t: ts.TypeNode) => ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword;
    const rest = type.types.filter((t) => !isNull(t));
    const families = [...new Set(rest.map((t) => shapeOf(t, aliases, file)).map((s) => s.family))];
    const nullable = rest.length < type.types.length || rest.some((t) => shapeOf(t, aliases, file).nullable);
    return { family: families.length === 1 ? families[0] : `unknown: ${type.getText(file)}`, nullable };
  }
  if (ts.isArrayTypeNode(type)) return { family: 'array', nullable: false };
  if (ts.isLiteralTypeNode(type)) {
    if (ts.isStringLiteral(type.literal)) return { family: 'string', nullable: false };
    if (ts.isNumericLiteral(type.literal)) return { family: 'number', nullable: false };
  }
  if (type.kind === ts.SyntaxKind.StringKeyword) return { family: 'string', nullable: false };
  if (type.kind === ts.SyntaxKind.NumberKeyword) return { family: 'number', nullable: false };
  if (type.kind === ts.SyntaxKind.BooleanKeyword) return { family: 'boolean', nullable: false };
  if (ts.isTypeReferenceNode(type)) {
    const name = type.typeName.getText(file);
    const [first] = type.typeArguments ?? [];
    if (name === 'Date') return { family: 'Date', nullable: false };
    if (name === 'Json') return { family: 'json', nullable: false };
    if ((name === 'Generated' || name === 'ColumnType') && first) return shapeOf(first, aliases, file);
    const alias = aliases.get(name);
    if (alias) return shapeOf(alias, aliases, file);
  }
  return { family: `unknown: ${type.getText(file)}`, nullable: false };
}

/** PostgreSQL's information_schema data_type, as the family of JS value the drivers hand back. */
function familyOfColumn(dataType: string): ColumnShape['family'] {
  if (dataType === 'ARRAY') return 'array';
  if (dataType === 'json' || dataType === 'jsonb') return 'json';
  if (dataType === 'boolean') return 'boolean';
  if (dataType.startsWith('timestamp')) return 'Date';
  // database.ts parses int8 and numeric as numbers and date as a 'YYYY-MM-DD' string on both drivers.
  if (['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision'].includes(dataType)) return 'number';
  if (['text', 'character varying', 'character', 'uuid', 'date', 'citext'].includes(dataType)) return 'string';
  return `unknown: ${dataType}`;
}

async function migratedSchema(database: Database): Promise<Schema> {
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }>`
    select table_name, column_name, data_type, is_nullable, column_default, is_identity from information_schema.columns
    where table_schema = 'public' order by table_name, ordinal_position`.execute(database.db);
  const schema: Schema = new Map();
  for (const row of rows) {
    if (NOT_DECLARED.has(row.table_name)) continue;
    const columns = schema.get(row.table_name) ?? new Map<string, ColumnShape>();
    const nullable = row.is_nullable === 'YES';
    const generated = row.is_identity === 'YES' || (row.column_default?.startsWith('nextval(') ?? false);
    columns.set(row.column_name, { family: familyOfColumn(row.data_type), nullable, generated, omittable: generated || nullable || row.column_default !== null });
    schema.set(row.table_name, columns);
  }
  return schema;
}

/** Every difference between the two, one line each, naming the table and column. */
function schemaDrift(declared: Schema, migrated: Schema): string[] {
  const problems: string[] = [];
  for (const table of migrated.keys()) if (!declared.has(table)) problems.push(`table ${table}: in the database, not in tables.ts`);
  for (const table of declared.keys()) if (!migrated.has(table)) problems.push(`table ${table}: in tables.ts, not in the database`);
  for (const [table, columns] of migrated) {
    const declaredColumns = declared.get(table);
    if (!declaredColumns) continue;
    for (const [column, actual] of columns) {
      const expected = declaredColumns.get(column);
      if (!expected) {
        problems.push(`${table}.${column}: in the database, not in tables.ts`);
        continue;
      }
      if (expected.nullable !== actual.nullable) {
        problems.push(`${table}.${column}: ${actual.nullable ? 'nullable' : 'not null'} in the database, ${expected.nullable ? 'nullable' : 'not null'} in tables.ts`);
      }
      if (expected.family !== actual.family) problems.push(`${table}.${column}: ${actual.family} in the database, ${expected.family} in tables.ts`);
      // Kysely would demand a value the database makes itself, or let an insert omit one it must have.
      if (actual.generated && !expected.generated) problems.push(`${table}.${column}: numbered by the database, not Generated<…> in tables.ts`);
      if (expected.generated && !actual.omittable) problems.push(`${table}.${column}: Generated<…> in tables.ts, but no default in the database`);
    }
    for (const column of declaredColumns.keys()) if (!columns.has(column)) problems.push(`${table}.${column}: in tables.ts, not in the database`);
  }
  return problems;
}

describe('src/tables.ts against the migrated schema', () => {
  let database: Database;
  let migrated: Schema;
  beforeAll(async () => {
    database = await testDatabase();
    await migrate(database);
    migrated = await migratedSchema(database);
  });
  afterAll(async () => {
    await database.close();
  });

  it('declares every table and column the migrations create, with their nullability and type', () => {
    const declared = declaredSchema(fs.readFileSync(TABLES_FILE, 'utf8'));
    expect(schemaDrift(declared, migrated)).toEqual([]);
  });

  it('names each drifted table and column', () => {
    // tables.ts with one of each mistake, to prove the comparison is not vacuous.
    const doctored = fs
      .readFileSync(TABLES_FILE, 'utf8')
      .replace(/\n {2}search_distance_rules: [^\n]*\n/, '\n  ghost_table: { id: string };\n')
      .replace('  case_notes: { id: string; case_id: string;', '  case_notes: { id: string; case_id: number | null; extra: string;')
      .replace('  outbox: {\n    id: Generated<number>;', '  outbox: {\n    id: number;')
      .replace('  cases: {\n    id: string;', '  cases: {\n    id: Generated<string>;')
      .replace(/\n {2}ranking_strategies: \{ area_code: string; service_type_id: number; rank: number \}/, '\n  ranking_strategies: { area_code: string; service_type_id: number }');
    expect(schemaDrift(declaredSchema(doctored), migrated).sort()).toEqual(
      [
        'table search_distance_rules: in the database, not in tables.ts',
        'table ghost_table: in tables.ts, not in the database',
        'case_notes.case_id: not null in the database, nullable in tables.ts',
        'case_notes.case_id: string in the database, number in tables.ts',
        'case_notes.extra: in tables.ts, not in the database',
        'ranking_strategies.rank: in the database, not in tables.ts',
        'outbox.id: numbered by the database, not Generated<…> in tables.ts',
        'cases.id: Generated<…> in tables.ts, but no default in the database',
      ].sort(),
    );
  });

  it('reads the select-side type through Generated, ColumnType and aliases', () => {
    const shapes = declaredSchema(`type Timestamp = ColumnType<Date, string, string>;
      export interface Tables { t: { a: Generated<string | null>; b: Timestamp | null; c: 'x' | 'y'; d: ColumnType<string[], string[] | undefined, string[]>; e: Json<unknown> } }`).get('t');
    expect(Object.fromEntries(shapes ?? [])).toEqual({
      a: { family: 'string', nullable: true, generated: true },
      b: { family: 'Date', nullable: true, generated: false },
      c: { family: 'string', nullable: false, generated: false },
      d: { family: 'array', nullable: false, generated: false },
      e: { family: 'json', nullable: false, generated: false },
    });
  });
});
