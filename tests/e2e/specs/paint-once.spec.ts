import { test, expect, type Page } from '@playwright/test';
import { AppPage } from '../pages/app';
import { SignInPage } from '../pages/account';

type Paints = { lcp: number[]; shift: number; appStartedAt: number | null };

/** Records every largest-contentful-paint candidate, the layout shifts and when the app took over. */
async function watchPaints(page: Page) {
  await page.addInitScript(() => {
    const seen: Paints = { lcp: [], shift: 0, appStartedAt: null };
    (window as unknown as { __paints: Paints }).__paints = seen;
    new MutationObserver(() => {
      if (seen.appStartedAt === null && document.documentElement.getAttribute('data-app') === 'started') {
        seen.appStartedAt = performance.now();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-app'] });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen.lcp.push(entry.startTime);
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
        if (!entry.hadRecentInput) seen.shift += entry.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

async function paints(page: Page): Promise<Paints> {
  return page.evaluate(() => (window as unknown as { __paints: Paints }).__paints);
}

/** Holds every request for the app's wasm until `release` is called. */
async function holdTheApp(page: Page) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.wasm$/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test.describe('a pre-rendered page is painted once', () => {
  for (const path of ['/help', '/help/account-locked', '/contact', '/sign-in']) {
    test(`${path}: the largest paint is the pre-rendered one, and nothing moves when the app takes over`, async ({ page }) => {
      await watchPaints(page);
      const app = new AppPage(page);
      await app.open(path);
      // Let the app render whatever it would render after taking over.
      await page.waitForTimeout(500);
      const seen = await paints(page);
      expect(seen.lcp.length, 'a largest-contentful-paint was recorded').toBeGreaterThan(0);
      expect(seen.appStartedAt, 'the moment the app took over').not.toBeNull();
      const afterTakeover = seen.lcp.filter((at) => at >= (seen.appStartedAt ?? 0));
      expect(afterTakeover, `no larger paint after the app took over at ${seen.appStartedAt}: ${seen.lcp}`).toEqual([]);
      expect(seen.shift, 'layout shift').toBe(0);
      await expect(page.locator('main')).toHaveCount(1);
      await app.expectNoConsoleErrors();
    });
  }
});

test('what is typed into a pre-rendered form before the app runs is kept, and the form is not sent early', async ({ page }) => {
  const release = await holdTheApp(page);
  await page.goto(SignInPage.path);
  const signIn = new SignInPage(page);
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
  await expect(page.locator('html')).not.toHaveAttribute('data-app', 'started');

  await signIn.email.fill('early.bird@example.com');
  await signIn.password.fill('typed before the app');
  await signIn.password.press('Enter');
  // Not sent as a page request: no password in any address.
  await page.waitForTimeout(300);
  expect(page.url()).not.toContain('password');
  expect(new URL(page.url()).search).toBe('');

  release();
  await signIn.waitForApp();
  await expect(signIn.email).toHaveValue('early.bird@example.com');
  await expect(signIn.password).toHaveValue('typed before the app');
  await expect(signIn.password).toBeFocused();
  await expect(page.getByTestId('sign-in-form')).toHaveCount(1);
  // The app's own form now has them: its check runs on what was carried over.
  await signIn.email.fill('not an address');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-email-error')).not.toBeEmpty();
});

test('the pre-rendered home page is taken over as soon as the app has rendered it, not after the fallback wait', async ({ page }) => {
  await watchPaints(page);
  const app = new AppPage(page);
  await app.open('/');
  const seen = await paints(page);
  // The takeover's fallback is 8 s: a page that never says it has rendered would wait that long.
  expect(seen.appStartedAt ?? Infinity).toBeLessThan(5_000);
  await app.chooseTheme('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.chooseTheme('system');
});
