import { defineConfig } from '@playwright/test';

// Run by `cargo xtask test`, which starts the real server on a free port with a fresh
// database and passes its address in BASE_URL. Chromium is Debian's; Playwright never
// downloads a browser.
if (!process.env.BASE_URL) {
  throw new Error('BASE_URL is not set: run the journeys through `cargo xtask test`');
}

export default defineConfig({
  testDir: './specs',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // One server and one brand file are shared by all journeys, and the machine has 2 cores.
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: process.env.BASE_URL,
    locale: 'en-US',
    timezoneId: 'Europe/London',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
});
