import { startTestApp, type TestApp } from '../../support/test-app';
import { Expectations } from './harness';
import { prepareViewers, type Viewers } from './viewers';

/** What a permission-matrix suite works with: its server (no default viewer), the matrix's viewers and the expected ids. */
export interface MatrixApp {
  app: TestApp;
  viewers: Viewers;
  expectations: Expectations;
}

/**
 * Starts the suite's server before its tests (no default viewer), signs the matrix's viewers in,
 * hands the three to `ready`, and closes the server after the tests. Call it in a describe body.
 */
export function useMatrixApp(ready: (matrix: MatrixApp) => void): void {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    const viewers = await prepareViewers(app);
    ready({ app, viewers, expectations: new Expectations(app, viewers) });
  });
  afterAll(async () => {
    await app?.close();
  });
}
