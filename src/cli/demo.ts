import type { DataSource } from 'typeorm';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../seed/plan';
import { todayInTunis } from '../seed/reference-week';
import { seedDatabase } from '../seed/seed-database';

// What `npm start` adds on the embedded database: the demo data when it is empty, and where to go next.

/**
 * Loads the demo data (scale 1, on this week) into an empty database: `npm start` on the embedded
 * default only, never on DATABASE_URL. Returns whether it did.
 */
export async function loadDemoWhenEmpty(dataSource: DataSource, log: (line: string) => void): Promise<boolean> {
  const [{ seeded }] = (await dataSource.query('SELECT EXISTS (SELECT 1 FROM users) AS seeded')) as Array<{ seeded: boolean }>;
  if (seeded) return false;
  const referenceDate = todayInTunis();
  log(`demo: the embedded database is empty: loading the demo data on the week of ${referenceDate} (npm run seed resets it)`);
  await seedDatabase(dataSource, { scale: 1, referenceDate });
  return true;
}

/** The lines printed once the API listens: console, demo sign-in, reset. */
export function nextSteps(port: number, production: boolean): string {
  if (production) return '';
  const base = `http://localhost:${port}`;
  return [
    `  console:  open ${base}/graphql in a browser (GraphiQL, works offline; Apollo Sandbox: ${base}/sandbox)`,
    `  sign in:  run the "SignIn" operation there; it stores the token in the Authorization header`,
    `  accounts: ${Object.values(DEMO_ACCOUNTS).join(', ')} (password ${DEMO_PASSWORD})`,
    '  reset:    npm run seed (in another terminal, while this runs)',
  ].join('\n');
}
