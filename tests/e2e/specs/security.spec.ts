import { test, expect } from '@playwright/test';
import { anotherPassword, SignInPage } from '../pages/account';
import { createUserThroughApi, secondBrowser, SecurityPages, securityPaths } from '../pages/security';
import { Authenticator } from '../pages/totp';
import { GOOD_CARD, TopUpPage, topUpByApi } from '../pages/money';

// Every journey makes its own account through the API. A journey that needs two TOTP codes may
// wait up to 30 s for the next time step (the server takes each code once).
test.describe('two-factor authentication', () => {
  test.describe.configure({ timeout: 120_000 });

  test('turned on with the manual key, it is asked for at the next sign-in', async ({ page }) => {
    const security = new SecurityPages(page);
    const account = await createUserThroughApi(page);

    const { authenticator } = await security.turnOnTwoFactor(account, { checkPrinting: true });

    await expect(security.recoveryCodesLeft).toHaveText('Recovery codes left: 10');
    await expect(page.getByTestId('two-factor-result')).toHaveText('Two-factor authentication is on.');
    await security.signOutFromHome();
    await security.signInWithCode(account, () => authenticator.nextCode(), false, { phrase: null });
    await security.open(securityPaths.checkup);
    await expect(page.getByTestId('check-two-factor')).toHaveAttribute('data-state', 'good');
    await expect(page.getByTestId('check-recovery-codes')).toContainText('10 recovery codes left.');
    await security.expectNoConsoleErrors();
  });

  test('a recovery code signs in, and one fewer is left', async ({ page }) => {
    const security = new SecurityPages(page);
    const account = await createUserThroughApi(page);
    const { recoveryCodes } = await security.turnOnTwoFactor(account);
    await security.signOutFromHome();

    await security.signInWithCode(account, async () => recoveryCodes[0], true);

    await security.open(securityPaths.twoFactor);
    await expect(security.recoveryCodesLeft).toHaveText('Recovery codes left: 9');
  });

  test('new recovery codes replace the old ones', async ({ page }) => {
    const security = new SecurityPages(page);
    const account = await createUserThroughApi(page);
    const { authenticator, recoveryCodes } = await security.turnOnTwoFactor(account);

    await page.getByRole('button', { name: 'Make new recovery codes' }).click();
    await security.reauthIfAsked(account, page.getByTestId('recovery-codes'), authenticator);

    await expect(security.recoveryCodes).toHaveCount(10);
    const fresh = (await security.recoveryCodes.allInnerTexts()).map((code) => code.trim());
    expect(fresh).not.toContain(recoveryCodes[0]);
    await security.saveRecoveryCodes(fresh);
    await expect(page.getByTestId('two-factor-result')).toContainText('Your new recovery codes are ready.');
    await expect(security.recoveryCodesLeft).toHaveText('Recovery codes left: 10');
  });

  test('turning it off is confirmed first, then signing in needs only the password', async ({ page }) => {
    const security = new SecurityPages(page);
    const account = await createUserThroughApi(page);
    const { authenticator } = await security.turnOnTwoFactor(account);

    await page.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
    await expect(security.confirmDialog).toBeVisible();
    await expect(security.confirmDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await security.confirmDialog.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
    await security.reauthIfAsked(account, page.getByTestId('two-factor-result'), authenticator);

    await expect(page.getByTestId('two-factor-result')).toHaveText('Two-factor authentication is off.');
    await expect(security.twoFactorStatus).toHaveAttribute('data-state', 'off');
    await security.signOutFromHome();
    const signIn = new SignInPage(page);
    await signIn.open();
    await signIn.signIn(account.email, account.password);
    await expect(security.accountName).toContainText(account.name);
  });

  test('after a self-service unlock, the page recommends turning it on', async ({ page }) => {
    const security = new SecurityPages(page);
    await createUserThroughApi(page);

    await security.open(`${securityPaths.twoFactor}?suggested=1`);

    await expect(page.getByTestId('suggest-two-factor')).toContainText('We recommend turning on two-factor authentication');
  });
});

test.describe('sessions and sign-ins', () => {
  test('another session is signed out from this one', async ({ page, browser, baseURL }) => {
    const security = new SecurityPages(page);
    const account = await createUserThroughApi(page);
    const other = await secondBrowser(browser, baseURL!, account);
    const otherSecurity = new SecurityPages(other);
    await otherSecurity.open(securityPaths.sessions);
    await expect(other.getByTestId('this-device')).toHaveCount(1);

    await security.open(securityPaths.sessions);
    await expect(security.sessions).toHaveCount(2);
    const otherSession = security.sessions.filter({ hasNot: page.getByTestId('this-device') });
    await otherSession.getByRole('button', { name: 'Sign out' }).click();

    await expect(page.getByTestId('sessions-result')).toHaveText('Signed out.');
    await expect(security.sessions).toHaveCount(1);
    await expect(security.sessions.getByTestId('this-device')).toBeVisible();
    await other.reload();
    await otherSecurity.waitForApp();
    await otherSecurity.expectSignedOut();
    await other.context().close();
  });

  test('a second session of one\'s own needs no attention; one from a new device is marked in the check-up and the list', async ({ page, browser, baseURL }) => {
    const security = new SecurityPages(page);
    const account = await createUserThroughApi(page);
    const sameBrowser = await secondBrowser(browser, baseURL!, account);
    await security.open(securityPaths.checkup);
    await expect(page.getByTestId('check-sessions')).toHaveAttribute('data-state', 'good');
    await expect(page.getByTestId('check-sessions')).toContainText('Signed in on 2 devices, all of which this account has used before.');

    const stranger = await page.request.fetch('/api/v1/auth/sign-in', {
      method: 'POST',
      headers: { 'x-wallet-csrf': '1', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0' },
      data: { email: account.email, password: account.password },
    });
    expect(stranger.ok()).toBe(true);
    // That sign-in replaced this page's cookie: sign this browser in again, as itself.
    await page.context().clearCookies();
    const again = await page.request.post('/api/v1/auth/sign-in', {
      headers: { 'x-wallet-csrf': '1' },
      data: { email: account.email, password: account.password },
    });
    expect(again.ok()).toBe(true);

    await security.open(securityPaths.checkup);
    await expect(page.getByTestId('check-sessions')).toHaveAttribute('data-state', 'attention');
    await security.open(securityPaths.sessions);
    const flagged = security.sessions.filter({ has: page.getByTestId('new-device') });
    await expect(flagged).toHaveCount(1);
    await expect(flagged).toContainText('Firefox');
    await sameBrowser.context().close();
  });

  test('the sign-in history shows a failed attempt, and the check-up asks to check it', async ({ page }) => {
    const security = new SecurityPages(page);
    const account = await createUserThroughApi(page);
    const signIn = await page.request.post('/api/v1/auth/sign-in', {
      headers: { 'x-wallet-csrf': '1' },
      data: { email: account.email, password: 'Not-The-Right-Password-42' },
    });
    expect(signIn.ok()).toBe(false);

    await security.open(securityPaths.sessions);

    const failed = page.getByTestId('sign-in-row').filter({ hasText: 'Wrong password' });
    await expect(failed).toHaveCount(1);
    await security.open(securityPaths.checkup);
    await expect(page.getByTestId('check-sign-ins')).toHaveAttribute('data-state', 'attention');
    await expect(page.getByTestId('recent-sign-ins').getByTestId('sign-in-row').first()).toContainText('Wrong password');
  });

  test('"This wasn\'t me" signs out everywhere and leads to setting a new password', async ({ page }) => {
    const security = new SecurityPages(page);
    const account = await createUserThroughApi(page);
    const signIn = await page.request.post('/api/v1/auth/sign-in', {
      headers: { 'x-wallet-csrf': '1' },
      data: { email: account.email, password: account.password },
    });
    expect(signIn.ok()).toBe(true);
    await security.open(securityPaths.sessions);

    await page.getByRole('button', { name: "This wasn't me" }).first().click();
    await expect(security.confirmDialog).toContainText('including on this device');
    await expect(security.confirmDialog).toContainText(account.email);
    await security.confirmDialog.getByRole('button', { name: 'Sign out everywhere' }).click();

    await expect(page).toHaveURL(/\/forgot-password/);
    await expect(security.accountName).toHaveCount(0);
    await page.goto(securityPaths.sessions);
    await security.waitForApp();
    await security.expectSignedOut();
  });
});

test.describe('password and anti-phishing phrase', () => {
  test('a weak new password is refused at the field; a strong one is set after confirming the current one', async ({ page }) => {
    const security = new SecurityPages(page);
    const account = await createUserThroughApi(page);
    await security.open(securityPaths.password);
    const newPassword = page.getByLabel('New password', { exact: true });
    const repeat = page.getByLabel('Repeat the new password', { exact: true });

    await newPassword.fill('aaaaaaaaaaaa');
    await repeat.fill('aaaaaaaaaaaa');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByTestId('new-password-error')).toContainText('Avoid repeated characters');
    await expect(newPassword).toHaveAttribute('aria-invalid', 'true');
    await expect(newPassword).toBeFocused();

    const password = anotherPassword();
    await newPassword.fill(password);
    await repeat.fill(password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await security.reauthIfAsked(account, page.getByTestId('change-password-result').getByText('Your password has been changed.'));

    await security.signOutFromHome();
    const signIn = new SignInPage(page);
    await signIn.open();
    await signIn.signIn(account.email, password);
    await expect(security.accountName).toContainText(account.name);
  });

  test('the phrase set in the check-up (after confirming the password) is shown there and in the message centre, and can be removed', async ({ page }) => {
    const security = new SecurityPages(page);
    const account = await createUserThroughApi(page);
    await security.open(securityPaths.checkup);
    await expect(page.getByTestId('check-phrase')).toHaveAttribute('data-state', 'attention');
    await expect(page.getByTestId('current-phrase')).toHaveText('You have not set a phrase yet.');

    await page.getByLabel('Your phrase').fill('Blue kite over the river');
    await page.getByRole('button', { name: 'Save phrase' }).click();
    // A sensitive change: the password is confirmed first (a new session has no recent confirmation).
    await expect(security.reauthDialog).toBeVisible();
    await security.reauthIfAsked(account, page.getByTestId('phrase-result').getByText('Your anti-phishing phrase is saved.'));

    await expect(page.getByTestId('phrase-result')).toHaveText('Your anti-phishing phrase is saved.');
    await expect(page.getByTestId('current-phrase')).toHaveText('Your phrase now: «Blue kite over the river»');
    await expect(page.getByTestId('check-phrase')).toHaveAttribute('data-state', 'good');
    await security.open(securityPaths.messages);
    await expect(page.getByTestId('phrase-reminder')).toContainText('«Blue kite over the river»');

    await security.open(securityPaths.checkup);
    await page.getByRole('button', { name: 'Remove phrase' }).click();
    await security.reauthIfAsked(account, page.getByTestId('phrase-result').getByText('Your anti-phishing phrase is removed.'));
    await expect(page.getByTestId('phrase-result')).toHaveText('Your anti-phishing phrase is removed.');
    await security.open(securityPaths.messages);
    await expect(page.getByTestId('phrase-reminder')).toHaveCount(0);
  });

  test('a phrase longer than 40 characters is refused at the field', async ({ page }) => {
    const security = new SecurityPages(page);
    await createUserThroughApi(page);
    await security.open(securityPaths.checkup);

    await page.getByLabel('Your phrase').fill('x'.repeat(41));
    await page.getByRole('button', { name: 'Save phrase' }).click();

    await expect(page.getByTestId('phrase-input-error')).toHaveText('The phrase can have at most 40 characters.');
    await expect(page.getByLabel('Your phrase')).toHaveAttribute('aria-invalid', 'true');
  });
});

test.describe('the message centre', () => {
  test.describe.configure({ timeout: 120_000 });

  test('the header badge follows the server after a change, and agrees with the message centre', async ({ page }) => {
    const security = new SecurityPages(page);
    await createUserThroughApi(page);
    const topUp = new TopUpPage(page);
    await topUp.open();
    await expect(security.unreadBadge).toHaveText('1'); // the welcome

    await topUp.topUp('12.00', GOOD_CARD);
    // The completed top-up posted a message: the badge says so without a reload.
    await expect(security.unreadBadge).toHaveText('2');

    // A message posted behind the page's back (a top-up made through the API): opening the
    // message centre inside the app (no reload) brings the badge to the list's count.
    await topUpByApi(page, 500);
    await expect(security.unreadBadge).toHaveText('2');
    await page.getByRole('link', { name: /^Messages/ }).click();
    await expect(page.getByTestId('unread-count')).toHaveText('Unread messages: 3');
    await expect(security.unreadBadge).toHaveText('3');
  });

  test('turning on 2FA leaves a message, and "mark all as read" empties the header badge', async ({ page }) => {
    const security = new SecurityPages(page);
    const account = await createUserThroughApi(page);
    await security.turnOnTwoFactor(account);

    await security.open(securityPaths.messages);
    const entry = page.locator('[data-testid="message"][data-kind="two_factor_enabled"]');
    await expect(entry).toHaveCount(1);
    await expect(entry).toHaveAttribute('data-read', 'false');
    await expect(entry.getByRole('heading')).toContainText('Two-factor authentication is on');
    await expect(entry.getByRole('heading')).toContainText('Unread');
    await expect(security.unreadBadge).toBeVisible();

    await page.getByRole('button', { name: 'Mark all as read' }).click();

    await expect(page.getByTestId('unread-count')).toHaveText('All messages are read.');
    await expect(entry).toHaveAttribute('data-read', 'true');
    await expect(security.unreadBadge).toHaveCount(0);
  });

  test('one message is marked as read on its own', async ({ page }) => {
    const security = new SecurityPages(page);
    const account = await createUserThroughApi(page);
    await security.turnOnTwoFactor(account);
    await security.open(securityPaths.messages);
    const unread = page.locator('[data-testid="message"][data-read="false"]');
    const before = await unread.count();

    await unread.first().getByRole('button', { name: 'Mark as read' }).click();

    await expect(unread).toHaveCount(before - 1);
  });
});

test.describe('official channels', () => {
  test('list our web addresses, numbers and e-mail, and what we never ask for, without signing in', async ({ page }) => {
    const security = new SecurityPages(page);
    await security.open(securityPaths.channels);

    await expect(security.heading).toHaveText('Our official channels');
    await expect(page.getByTestId('official-domain').first()).not.toBeEmpty();
    await expect(page.getByTestId('channel-hotline').first()).toHaveAttribute('href', /^tel:\+?\d+$/);
    await expect(page.getByTestId('support-email')).toHaveAttribute('href', /^mailto:.+@.+/);
    await expect(page.getByTestId('never-ask')).toContainText('to move your money to a “safe account”');
    await expect(page.getByRole('link', { name: 'Phishing and our official channels' })).toHaveAttribute(
      'href',
      '/help/phishing-and-official-channels',
    );
  });
});

for (const lang of ['en', 'zh-CN'] as const) {
  test(`axe finds no violations on the security pages and the message centre in ${lang}`, async ({ page }) => {
    test.setTimeout(180_000);
    const security = new SecurityPages(page);
    const account = await createUserThroughApi(page);
    await security.open(securityPaths.checkup);
    await security.chooseLanguage(lang);

    for (const path of Object.values(securityPaths)) {
      await security.open(path);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await security.expectNoAccessibilityViolations();
    }

    // Turning on 2FA: the re-authentication dialog, the QR code and key, the recovery codes.
    await security.open(securityPaths.twoFactor);
    await page.getByTestId('two-factor-turn-on').click();
    const enrolment = security.enrolment;
    await expect(security.reauthDialog.or(enrolment).first()).toBeVisible();
    await security.expectNoAccessibilityViolations();
    await security.reauthIfAsked(account, enrolment);
    await security.expectNoAccessibilityViolations();
    const key = (await page.getByTestId('two-factor-secret').innerText()).replace(/\s/g, '');
    await page.getByTestId('two-factor-code').fill(await new Authenticator(key).nextCode());
    await page.getByTestId('two-factor-confirm').click();
    await expect(security.recoveryCodes).toHaveCount(10);
    await security.expectNoAccessibilityViolations();
    await page.getByTestId('recovery-saved').check();
    await page.getByTestId('recovery-done').click();
    await expect(security.twoFactorStatus).toHaveAttribute('data-state', 'on');
    await security.expectNoAccessibilityViolations();
    await page.getByTestId('two-factor-turn-off').click();
    await expect(security.confirmDialog).toBeVisible();
    await security.expectNoAccessibilityViolations();
    await security.confirmDialog.getByTestId('confirm-no').click();

    await security.open(securityPaths.messages);
    await expect(security.messages.first()).toBeVisible();
    await security.expectNoAccessibilityViolations();
    await security.expectNoConsoleErrors();
  });
}
