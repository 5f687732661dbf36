import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * GraphQL Code Generator recipe for clients of this API: the client preset (typed documents and a
 * typed `graphql()` function) on the committed schema.graphql and the example operations in
 * test/client/operations. Run it with `npm run codegen` (or `npx graphql-codegen --config codegen.ts`);
 * the output goes to generated/graphql/ (git-ignored). Preset documentation:
 * https://the-guild.dev/graphql/codegen/plugins/presets/preset-client
 */

/**
 * TypeScript type of every custom scalar of schema.graphql, as it travels in JSON (input and output).
 * DateTime is an ISO 8601 string with offset, Date an ISO 8601 calendar date (YYYY-MM-DD), Decimal a
 * decimal string (kept as text so that no precision is lost in a JavaScript number), EmailAddress a
 * string, JSON any JSON value. With `strictScalars` a scalar missing here fails the generation.
 * The single source of this mapping: test/client/generate-client-types.ts uses it too.
 */
export const clientScalars = {
  Date: 'string',
  DateTime: 'string',
  Decimal: 'string',
  EmailAddress: 'string',
  JSON: 'unknown',
} as const;

/** Generator options shared by this recipe and the test's typescript-operations run. */
export const clientScalarConfig = { strictScalars: true, scalars: clientScalars };

/** Folder the recipe writes to (relative to the repository root). */
export const clientOutputDirectory = 'generated/graphql/';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/client/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    [clientOutputDirectory]: {
      preset: 'client',
      config: { ...clientScalarConfig, enumsAsTypes: true },
    },
  },
};

export default config;
