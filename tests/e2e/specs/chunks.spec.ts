import { test, expect, type Page } from '@playwright/test';
import { AppPage } from '../pages/app';
import { SignUpPage } from '../pages/account';
import { HelpPage } from '../pages/help';

/** Every wasm file the page asks for, in order (answered by the network or the worker). */
function wasmRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) paths.push(path);
  });
  return paths;
}

const isChunk = (path: string) => !path.endsWith('_bg.wasm');

test('each area of the app loads its own code once, when first opened, and again offline', async ({ page, request, context }) => {
  const wasm = wasmRequests(page);
  const app = new AppPage(page);
  await app.open('/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  expect(wasm.filter(isChunk), 'the home page needs no chunk').toEqual([]);

  // Sign-up, then the wallet, security and help areas, moving through the app's own links.
  await new SignUpPage(page).createVerifiedAccount(request);
  const signedUp = wasm.filter(isChunk).length;
  expect(signedUp, 'the sign-up and verification pages came with chunks of their own').toBeGreaterThan(0);

  await page.getByTestId('header-wallet').click();
  await expect(page.getByTestId('balance-CNY')).toBeVisible();
  const walletChunks = wasm.filter(isChunk).slice(signedUp);
  expect(walletChunks.length, 'opening the wallet fetched its chunk').toBeGreaterThan(0);

  await page.getByTestId('header-security').click();
  await expect(page).toHaveURL(/\/security$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const afterSecurity = wasm.filter(isChunk).length;
  expect(afterSecurity, 'opening security fetched its chunk').toBeGreaterThan(signedUp + walletChunks.length);

  await app.nav.getByRole('link', { name: 'Help' }).click();
  await expect(new HelpPage(page).searchBox).toBeVisible();
  await page.getByTestId('header-wallet').click();
  await expect(page.getByTestId('balance-CNY')).toBeVisible();

  const chunks = wasm.filter(isChunk);
  expect(new Set(chunks).size, `no chunk fetched twice: ${chunks.join(', ')}`).toBe(chunks.length);
  // Once per document: the home page, and the sign-up page opened by its address. The
  // preload link and the loader share one download.
  expect(wasm.filter((p) => !isChunk(p)), 'the main module once per page load').toHaveLength(2);

  await app.expectNoConsoleErrors();

  // Offline, the areas opened before still start: their chunks come from the worker's cache.
  await context.setOffline(true);
  await page.goto('/wallet');
  await app.waitForApp();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto('/security');
  await app.waitForApp();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await context.setOffline(false);
});
