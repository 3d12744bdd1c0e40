import { test, expect } from '@playwright/test';
import { SignInPage } from '../pages/account';
import { AppPage } from '../pages/app';
import { SecurityPages, createUserThroughApi, securityPaths } from '../pages/security';

test.describe('a session that ends', () => {
  test('shows "session expired", and signing in again returns to the same page', async ({ page, context }) => {
    const security = new SecurityPages(page);
    const account = await createUserThroughApi(page);
    await security.open(securityPaths.sessions);

    // The server ends the session (as the idle or absolute timeout does): the cookie it
    // knew is gone, so the next call of the page is refused.
    await context.clearCookies();
    await page.getByRole('link', { name: /^Messages/ }).click();

    const expired = page.getByTestId('session-expired');
    await expect(expired).toBeVisible();
    await expect(expired.getByRole('heading', { name: 'Your session has ended' })).toBeVisible();
    await expired.getByRole('link', { name: 'Sign in again' }).click();
    await expect(page).toHaveURL(/\/sign-in\?next=\/messages$/);

    const signIn = new SignInPage(page);
    await signIn.signIn(account.email, account.password);
    await expect(page).toHaveURL(/\/messages$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(security.accountName).toContainText(account.name);
  });

  test('a return address of another site is never followed after signing in', async ({ page }) => {
    const account = await createUserThroughApi(page);
    await page.context().clearCookies();
    const signIn = new SignInPage(page);
    await signIn.open('/sign-in?next=https://evil.example/');

    await signIn.signIn(account.email, account.password);

    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/wallet$/);
  });
});

test.describe('where signing in leads', () => {
  test('from the home page to the wallet, and from the hotline page back to the hotline page', async ({ page }) => {
    const account = await createUserThroughApi(page);
    await page.context().clearCookies();
    const signIn = new SignInPage(page);
    const app = new AppPage(page);

    await app.open('/');
    await page.getByTestId('header-sign-in').click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await signIn.signIn(account.email, account.password);
    await expect(page).toHaveURL(/\/wallet$/);

    await page.context().clearCookies();
    await app.open('/contact');
    await page.getByTestId('header-sign-in').click();
    await expect(page).toHaveURL(/\/sign-in\?next=\/contact$/);
    await signIn.signIn(account.email, account.password);
    await expect(page).toHaveURL(/\/contact$/);
  });
});
