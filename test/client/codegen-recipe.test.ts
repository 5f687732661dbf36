import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { typeCheckFiles } from './type-check';

// The documented recipe, codegen.ts (GraphQL Code Generator's client preset with the scalar mapping),
// run as a user runs it, then a small client using its typed documents type-checked with the compiler.
// The generator runs in a child Node process: some of its dependencies are ES modules that jest's
// module system cannot require on Node 20.

const root = path.resolve(__dirname, '../..');

interface GeneratedFile {
  filename: string;
  content: string;
}

/** Runs codegen.ts in a child process, with an extra schema file if given; returns its files or its error output. */
function runRecipe(extraSchemaFile?: string): { files?: GeneratedFile[]; error?: string } {
  const child = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'run-codegen-recipe.ts'), ...(extraSchemaFile ? [extraSchemaFile] : [])],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return child.status === 0 ? { files: JSON.parse(child.stdout) as GeneratedFile[] } : { error: child.stderr };
}

const header = `
  import type { ResultOf, TypedDocumentNode, VariablesOf } from '@graphql-typed-document-node/core';
  import { FormulasDocument, TeacherWeekDocument } from './generated/graphql';
  declare function execute<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables: Variables): Promise<Result>;
  type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
  type Formula = ResultOf<typeof FormulasDocument>['formulas']['nodes'][number];
  type Availability = NonNullable<ResultOf<typeof TeacherWeekDocument>['teacher']>['availabilities']['nodes'][number];
`;

describe('codegen.ts, the client preset recipe', () => {
  let files: GeneratedFile[];
  beforeAll(() => {
    const result = runRecipe();
    if (!result.files) throw new Error(`codegen.ts failed: ${result.error}`);
    files = result.files;
  }, 120_000);

  function typeCheck(client: string): string[] {
    return typeCheckFiles({ ...Object.fromEntries(files.map(({ filename, content }) => [`generated/${filename}`, content])), 'client.ts': header + client });
  }

  it('generates the client preset files: typed documents and the graphql() function', () => {
    expect(files.map(({ filename }) => filename).sort()).toEqual(['fragment-masking.ts', 'gql.ts', 'graphql.ts', 'index.ts']);
    const graphqlModule = files.find(({ filename }) => filename === 'graphql.ts')!.content;
    expect(graphqlModule).toContain('export const FormulasDocument');
    expect(graphqlModule).toContain('priceDt: string');
    expect(graphqlModule).toContain('startTime: string');
    expect(files.find(({ filename }) => filename === 'gql.ts')!.content).toContain('export function graphql(source: string)');
  });

  it('a client using the typed documents type-checks, with DateTime and Decimal exactly string', () => {
    const client = `
      const priceIsString: Equal<Formula['priceDt'], string> = true;
      const startIsString: Equal<Availability['startTime'], string> = true;
      const fromIsString: Equal<VariablesOf<typeof TeacherWeekDocument>['from'], string> = true;
      export const checks = [priceIsString, startIsString, fromIsString];
      export async function prices(): Promise<string[]> {
        const data = await execute(FormulasDocument, {});
        return data.formulas.nodes.map((formula) => formula.priceDt);
      }
      export async function week(): Promise<string[]> {
        const data = await execute(TeacherWeekDocument, { teacherId: '1', from: '2026-09-01T00:00:00Z', to: '2026-09-08T00:00:00Z' });
        return data.teacher?.availabilities.nodes.map((availability) => availability.startTime) ?? [];
      }
    `;
    expect(typeCheck(client)).toEqual([]);
  });

  it.each([
    ['a Decimal used as a number', `export const total = (formulas: Formula[]): number => formulas.reduce((sum, formula) => sum + formula.priceDt, 0);`],
    ['a DateTime used as a Date', `export const start = (availability: Availability): Date => availability.startTime;`],
    ['a Date object sent as a DateTime variable', `export const run = () => execute(TeacherWeekDocument, { teacherId: '1', from: new Date(), to: new Date() });`],
    ['a Decimal that is not exactly string', `export const priceIsNumber: Equal<Formula['priceDt'], number> = true;`],
  ])('rejects a client misusing the types: %s', (_name, misuse) => {
    expect(typeCheck(misuse).join('\n')).toMatch(/not assignable/);
  });

  it('strictScalars: a scalar without a mapping makes the recipe fail, naming the scalar', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'nexus-codegen-'));
    try {
      const extraSchemaFile = path.join(directory, 'extra.graphql');
      writeFileSync(extraSchemaFile, 'scalar Money\nextend type Query { moneyProbe: Money }\n');
      const result = runRecipe(extraSchemaFile);
      expect(result.files).toBeUndefined();
      expect(result.error).toContain('Money');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 120_000);
});
