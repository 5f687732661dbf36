import 'reflect-metadata';
import { GraphQLError, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { loadConfig } from '../../src/config/config';
import { admitOperation } from '../../src/graphql/limits/admission.plugin';
import { buildApiSchema } from '../../src/graphql/schema';
import { benchQueries } from './queries';

// The admission step's own cost per request, without HTTP or PostgreSQL: for each screen of the
// bench and a few refused shapes, the median time of admitOperation (raw variables check,
// variable coercion, the walk of the operation as executed with its argument checks), next to
// graphql-js's validate of the same document (which Apollo runs once per document, then caches).
// Run: NODE_ENV=production node -r ts-node/register/transpile-only test/bench/admission-cost.ts
// (production: graphql-js's instanceof checks take their fast path, as in the served API).

const ROUNDS = 2000;

function medianMicroseconds(run: () => void): number {
  for (let warm = 0; warm < 200; warm += 1) run();
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  samples.sort((left, right) => left - right);
  return samples[Math.floor(samples.length / 2)];
}

async function main(): Promise<void> {
  const config = loadConfig({});
  const schema = await buildApiSchema();
  const orBranches = { or: Array.from({ length: 25 }, (_unused, index) => ({ subject: { eq: `s${index}` } })) };
  const cases = [
    ...benchQueries().map((query) => ({ name: `${query.id}: ${query.title}`, query: query.query, variables: query.variables })),
    {
      name: "refused: a fragment chain X3 → X2 → X1 → X0 (each level × 100 slots)",
      query: `{ teacher(id: 1) { ...X3 } } fragment X0 on Teacher { id } ${[1, 2, 3]
        .map((level) => `fragment X${level} on Teacher { ...X${level - 1} availabilities(first: 100) { nodes { teacher { ...X${level - 1} } } } }`)
        .join(' ')}`,
      variables: {},
    },
    { name: 'accepted: 25 `or` branches in a variable', query: 'query ($f: BookingFilter) { bookings(filter: $f) { totalCount } }', variables: { f: orBranches } },
  ];
  console.log('| operation | admission (µs, median) | validate (µs, median) | outcome |');
  console.log('|---|--:|--:|---|');
  for (const { name, query, variables } of cases) {
    const document = parse(query);
    const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
    let outcome = 'admitted';
    const admission = medianMicroseconds(() => {
      try {
        admitOperation(schema, document, operation, variables, config.queryLimits, config.inputLimits);
      } catch (error) {
        outcome = error instanceof GraphQLError ? `refused (${String(error.extensions.code)})` : 'error';
      }
    });
    const validation = medianMicroseconds(() => validate(schema, document));
    console.log(`| ${name} | ${admission.toFixed(1)} | ${validation.toFixed(1)} | ${outcome} |`);
  }
}

void main();
