import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startExampleServer, type RunningExample } from '../../examples/web/example-server';
import { startIdentityProvider, type IdentityProvider } from '../support/identity-provider';
import { startStack, type Stack } from '../support/start-stack';

// CI installs Debian's chromium (.ci/run) and must run this; elsewhere it needs the package.
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env['CI']) throw new Error(`chromium is required in CI (${CHROMIUM})`);
const describeInBrowser = available ? describe : describe.skip;

// Page-side expressions, as strings: the test's own TypeScript has no DOM types.
const FIRST_ROW_ID = `document.querySelector('[data-testid="row"]')?.getAttribute('data-id')`;

const MANIFEST = join(
  __dirname,
  '..',
  '..',
  'examples',
  'web',
  'src',
  'gql',
  'persisted-documents.json',
);

describeInBrowser(
  'the example browser client, on its own origin, against a gateway with auth on',
  () => {
    let idp: IdentityProvider;
    let example: RunningExample;
    let stack: Stack;
    let browser: Browser;
    const methods: string[] = [];

    beforeAll(async () => {
      idp = await startIdentityProvider();
      example = await startExampleServer();
      stack = await startStack({
        env: {
          NODE_ENV: 'production',
          AUTH_DISABLED: 'false',
          ...idp.env,
          CORS_ORIGINS: example.origin,
          TRUSTED_DOCUMENTS: MANIFEST,
        },
      });
      stack.gateway.httpServer.on('request', (request: { method?: string }) => {
        methods.push(request.method ?? '');
      });
      browser = await puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--autoplay-policy=no-user-gesture-required',
        ],
      });
    }, 60_000);
    afterAll(async () => {
      await browser.close();
      await stack.close();
      await example.close();
      await idp.stop();
    });

    async function open(scope: string): Promise<Page> {
      const page = await browser.newPage();
      const token = await idp.token({ scope });
      await page.goto(example.pageFor(stack.gateway.url, token));
      await page.waitForSelector('[data-testid="row"]');
      return page;
    }

    const rowIds = async (page: Page) =>
      (await page.evaluate(
        `[...document.querySelectorAll('[data-testid="row"]')].map((row) => row.dataset.id)`,
      )) as string[];
    const status = async (page: Page) =>
      (await page.evaluate(
        `(({ textContent, dataset }) => ({ text: textContent, codes: dataset.codes }))(` +
          `document.querySelector('[data-testid="status"]'))`,
      )) as { text: string; codes: string };

    it('renders recordings with their conference names, after a CORS preflight', async () => {
      const page = await open('recordings:read');
      const ids = await rowIds(page);
      expect(ids).toEqual(stack.simulator.dataset.recordings.slice(0, 10).map((r) => r.id));
      const conferences = (await page.evaluate(
        `[...document.querySelectorAll('[data-testid="row"] td:nth-child(4)')].map((cell) => cell.textContent)`,
      )) as string[];
      const named = new Set(stack.simulator.dataset.conferences.map((c) => c.name));
      expect(conferences.some((name) => named.has(name))).toBe(true);
      // The token in Authorization made every POST a non-simple request: the browser asked first.
      expect(methods).toContain('OPTIONS');
      await page.close();
    });

    it('pages forward and back with cursors', async () => {
      const page = await open('recordings:read');
      const first = await rowIds(page);
      await page.click('#next');
      await page.waitForFunction(`${FIRST_ROW_ID} !== ${JSON.stringify(first[0])}`);
      const second = await rowIds(page);
      expect(second).toEqual(stack.simulator.dataset.recordings.slice(10, 20).map((r) => r.id));
      await page.click('#previous');
      await page.waitForFunction(`${FIRST_ROW_ID} === ${JSON.stringify(first[0])}`);
      expect(await rowIds(page)).toEqual(first);
      await page.close();
    });

    it('plays a recording from its pre-signed download URL', async () => {
      const page = await open('recordings:read');
      await page.click('[data-testid="row"] [data-action="play"]');
      const player = "document.getElementById('player')";
      await page.waitForFunction(`!${player}.paused && ${player}.currentTime > 0.2`, {
        timeout: 10_000,
      });
      await page.close();
    });

    it('shows FORBIDDEN when a read-only token deletes, and the recording stays', async () => {
      const page = await open('recordings:read');
      const [id] = await rowIds(page);
      stack.simulator.clearRequests();
      await page.click('[data-testid="row"] [data-action="delete"]');
      await page.waitForFunction(
        `!!document.querySelector('[data-testid="status"]').getAttribute('data-codes')`,
      );
      expect((await status(page)).codes).toBe('FORBIDDEN');
      expect((await status(page)).text).toContain('recordings:delete');
      expect(stack.simulator.requests).toHaveLength(0);
      expect(stack.simulator.dataset.recordings.some((r) => r.id === id)).toBe(true);
      await page.close();
    });

    it('deletes with a token that has the delete scope', async () => {
      const page = await open('recordings:read recordings:delete');
      const [id] = await rowIds(page);
      await page.click('[data-testid="row"] [data-action="delete"]');
      await page.waitForFunction(`${FIRST_ROW_ID} !== ${JSON.stringify(id)}`);
      expect(stack.simulator.dataset.recordings.some((r) => r.id === id)).toBe(false);
      await page.close();
    });

    it('records a live conference: Record, then Stop, and the new recording heads the table', async () => {
      const page = await open('recordings:read recordings:control');
      await page.waitForSelector('[data-testid="live-conference"] [data-action="record"]');
      const conferenceId = (await page.evaluate(
        `document.querySelector('[data-testid="live-conference"]').dataset.id`,
      )) as string;
      const live = stack.simulator.dataset.conferences.find((c) => c.id === conferenceId);
      expect(live?.status).toBe('in_progress');
      const record = '[data-testid="live-conference"] [data-action="record"]';

      await page.click(record);
      await page.waitForFunction(`document.querySelector('${record}').textContent === 'Stop'`);
      expect(stack.simulator.dataset.activeRecordings.has(`conference:${conferenceId}`)).toBe(true);
      await page.click(record);
      await page.waitForFunction(
        `document.querySelector('[data-testid="status"]').textContent === 'Recording saved.'`,
      );

      const saved = stack.simulator.dataset.recordings[0]!;
      expect(saved.conference_id).toBe(conferenceId);
      expect((await rowIds(page))[0]).toBe(saved.id);
      expect(await page.evaluate(`document.querySelector('${record}').textContent`)).toBe('Record');
      await page.close();
    });

    it('shows FORBIDDEN when a token without recordings:control presses Record', async () => {
      const page = await open('recordings:read recordings:delete');
      const record = '[data-testid="live-conference"] [data-action="record"]';
      await page.waitForSelector(record);
      stack.simulator.clearRequests();
      await page.click(record);
      await page.waitForFunction(
        `!!document.querySelector('[data-testid="status"]').getAttribute('data-codes')`,
      );
      expect((await status(page)).codes).toBe('FORBIDDEN');
      expect((await status(page)).text).toContain('recordings:control');
      expect(stack.simulator.requests).toHaveLength(0);
      await page.close();
    });
  },
);
