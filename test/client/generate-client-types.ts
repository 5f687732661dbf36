import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { codegen } from '@graphql-codegen/core';
import * as typescriptPlugin from '@graphql-codegen/typescript';
import * as typescriptOperationsPlugin from '@graphql-codegen/typescript-operations';
import { parse } from 'graphql';
import { clientScalarConfig } from '../../codegen';

// Prints the client types that GraphQL Code Generator makes from schema.graphql and test/client/operations.
const root = path.resolve(__dirname, '../..');
const operationsDirectory = path.join(__dirname, 'operations');

const documents = readdirSync(operationsDirectory)
  .filter((file) => file.endsWith('.graphql'))
  .map((file) => ({ location: file, document: parse(readFileSync(path.join(operationsDirectory, file), 'utf8')) }));

const config = {
  ...clientScalarConfig,
  enumType: 'string-literal',
  enumsAsTypes: true,
};
const schema = parse(readFileSync(path.join(root, 'schema.graphql'), 'utf8'));

// typescript-operations 6 emits the enums and inputs its operations use: the schema's own types
// go to a module of their own so that nothing is declared twice.
Promise.all([
  codegen({ schema, documents: [], filename: 'schema-types.ts', plugins: [{ typescript: {} }], pluginMap: { typescript: typescriptPlugin }, config }),
  codegen({
    schema,
    documents,
    filename: 'operations.ts',
    plugins: [{ typescriptOperations: {} }],
    pluginMap: { typescriptOperations: typescriptOperationsPlugin },
    config,
  }),
]).then(
  ([schemaTypes, operations]) => process.stdout.write(JSON.stringify({ schemaTypes, operations })),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
