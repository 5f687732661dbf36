import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');

/**
 * Writes the files (name relative to a fresh temporary directory → TypeScript source) and type-checks
 * them with the compiler in strict mode, resolving packages (graphql, @graphql-typed-document-node/core)
 * from this repository's node_modules; returns the diagnostics' messages (empty when it type-checks).
 */
export function typeCheckFiles(files: Record<string, string>): string[] {
  const directory = mkdtempSync(path.join(tmpdir(), 'nexus-codegen-'));
  try {
    const paths = Object.entries(files).map(([name, content]) => {
      const file = path.join(directory, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    });
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      skipLibCheck: true,
      types: [],
      paths: { '*': [path.join(root, 'node_modules', '*')] },
    };
    return ts.getPreEmitDiagnostics(ts.createProgram(paths, options)).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
