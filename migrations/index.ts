import { InitialSchema1764000000000 } from './1764000000000-InitialSchema';

// Migrations in the order they run. Imported explicitly so the same list works from
// TypeScript (tests, CLI) and from the compiled dist/.
export const MIGRATIONS: Function[] = [InitialSchema1764000000000];
