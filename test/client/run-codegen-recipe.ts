import { generate } from '@graphql-codegen/cli';
import config, { clientOutputDirectory } from '../../codegen';

// Runs the repository's codegen.ts recipe (client preset) as `npx graphql-codegen --config codegen.ts`
// would, without writing files, and prints the generated files as JSON: [{ filename, content }] with
// file names relative to the recipe's output directory. An optional argument names an extra schema file
// added to schema.graphql (the test uses it to show that an unmapped scalar fails the generation).
const extraSchemaFile = process.argv[2];
const schema = extraSchemaFile ? [config.schema as string, extraSchemaFile] : config.schema;
generate({ ...config, schema, cwd: process.cwd(), silent: true }, false).then(
  (files: Array<{ filename: string; content: string }>) => {
    const relative = files.map(({ filename, content }) => ({ filename: filename.slice(filename.indexOf(clientOutputDirectory) + clientOutputDirectory.length), content }));
    process.stdout.write(JSON.stringify(relative));
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
