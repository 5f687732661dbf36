import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parse, validate } from 'graphql';
import puppeteer, { type Browser } from 'puppeteer-core';
import { buildApiSchema } from '../../src/graphql/schema';
import { consoleTabs } from '../../src/server/console/console-operations';
import { startTestApp, type TestApp } from '../support/test-app';

// The console at GET /graphql, in a real browser (Debian's chromium, headless): it must load and
// work with no network beyond the API itself, sign in and run a query. The screenshot it takes is
// the README's (docs/console.png).

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = path.resolve(__dirname, '../../docs/console.png');

describe('the console\'s example operations', () => {
  it('are valid against the schema', async () => {
    const schema = await buildApiSchema();
    for (const tab of consoleTabs(new Date('2026-09-01T08:00:00Z'))) expect(validate(schema, parse(tab.query)).map((error) => error.message)).toEqual([]);
  });
});

describe('the console in a browser', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (as .ci/run does) or set CHROMIUM_PATH`);
    app = await startTestApp({ signInAs: null });
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('loads offline, signs in as the demo teacher and runs a query', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 800 });
    const origin = new URL(app.url).origin;
    const elsewhere: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url().startsWith(origin) || request.url().startsWith('data:') || request.url().startsWith('blob:')) return void request.continue();
      elsewhere.push(request.url());
      void request.abort();
    });
    await page.goto(app.url, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.graphiql-execute-button');

    // The first tab signs in; the console keeps the token for the next requests.
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(`document.querySelector('.result-window')?.textContent?.includes('sessionToken')`);
    expect(await page.$eval('.result-window', (element) => element.textContent)).toContain('teacher@example.com');

    // The second tab: the teacher's upcoming lessons, as that teacher.
    const tabs = await page.$$('.graphiql-tab');
    await tabs[1].click();
    // GraphiQL takes the operation name from the editor once the tab's text is in it (debounced):
    // run only then, or the previous tab's operation name goes with the new text.
    await page.waitForFunction(`document.querySelector('.graphiql-query-editor')?.textContent?.includes('query TeacherUpcomingLessons')`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(`document.querySelector('.result-window')?.textContent?.includes('"lastName"')`);
    const result = await page.$eval('.result-window', (element) => element.textContent ?? '');
    expect(result).toContain('"email": "teacher@example.com"');
    expect(result).toContain('"totalCount"');

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(elsewhere).toEqual([]);
  });
});
