import { test, expect } from '@playwright/test';
import {
  anotherPassword,
  latestCode,
  newAccount,
  outbox,
  seenMailIds,
  SignInPage,
  SignUpPage,
  UnlockPage,
  uniqueEmail,
} from '../pages/account';
import { DEMO_2FA, DEMO_2FA_SECRET, DEMO_PASSWORD } from '../pages/money';
import { SecurityPages, createUserThroughApi } from '../pages/security';
import { Authenticator } from '../pages/totp';

test.describe('signing up', () => {
  test('a new account is verified by the e-mailed code and signed in, with its name in the header', async ({ page, request }) => {
    const signUp = new SignUpPage(page);
    const account = newAccount();
    await signUp.open();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create an account');

    await signUp.fill(account);
    await expect(page.getByTestId('strength-status')).toContainText('This password can be used.');
    await signUp.submit();
    await expect(page).toHaveURL(/\/verify-email\?email=/);
    await expect(page.getByTestId('verify-sent-to')).toContainText('@example.com');

    await signUp.verify(await latestCode(request, account.email));

    await expect(page).toHaveURL(/\/\?notice=verified$/);
    await expect(signUp.notice).toContainText('Your e-mail address is verified');
    await expect(signUp.accountName).toContainText(account.name);
    await expect(page.getByRole('link', { name: 'Security', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toHaveCount(0);
  });

  test('signing up with an address that has an account says nothing about it: the flow goes on to "check your e-mail"', async ({ page, request }) => {
    test.setTimeout(60_000);
    const signUp = new SignUpPage(page);
    const owner = await signUp.createVerifiedAccount(request);
    await signUp.signOut();

    await signUp.open();
    await signUp.fill({ ...newAccount(), email: owner.email });
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/auth/sign-up'));
    await signUp.submit();
    expect((await answered).status()).toBe(202);
    await expect(page).toHaveURL(/\/verify-email\?email=/);
    await expect(page.getByTestId('verify-sent-to')).toContainText('@example.com');
    await expect(page.getByTestId('verify-existing-account')).toHaveText(
      'If this address already has an account, the e-mail we sent explains what to do instead (sign in, or reset your password).',
    );
    await expect(page.getByTestId('sign-up-email-error')).toHaveCount(0);
  });

  test('a weak password is refused in the browser, with what to change at the field', async ({ page }) => {
    const signUp = new SignUpPage(page);
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/auth/sign-up')) sent.push(r.url());
    });
    await signUp.open();

    await signUp.fill({ ...newAccount(), password: 'aaaaaaaaaaaa' });
    await expect(signUp.strengthHints).toContainText('Avoid repeated characters');
    await signUp.submit();

    await expect(signUp.passwordError).toContainText('Choose a stronger password.');
    await expect(signUp.passwordError).toContainText('Avoid repeated characters');
    await expect(signUp.password).toHaveAttribute('aria-invalid', 'true');
    await expect(signUp.password).toBeFocused();
    await expect(page).toHaveURL(/\/sign-up$/);
    expect(sent, 'no sign-up request').toEqual([]);
  });

  test('the show-password toggle reveals what was typed', async ({ page }) => {
    const signUp = new SignUpPage(page);
    await signUp.open();
    await signUp.password.fill('Velvet-Harbor');
    const toggle = page.getByTestId('sign-up-password-toggle');

    await expect(signUp.password).toHaveAttribute('type', 'password');
    await toggle.click();

    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(signUp.password).toHaveAttribute('type', 'text');
  });
});

test.describe('signing in', () => {
  test('a wrong password is said at the form, without telling which field is wrong', async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.open();

    await signIn.signIn(uniqueEmail(), 'Not-The-Right-Password-42');

    await expect(signIn.formError).toHaveText('The e-mail address or password is not right. Check both and try again.');
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('the first step shows the official domains but never a phrase, even for an address that has one', async ({ page, request }) => {
    test.setTimeout(60_000);
    const signUp = new SignUpPage(page);
    const account = await signUp.createVerifiedAccount(request);
    const security = new SecurityPages(page);
    await security.setAntiPhishingPhrase(account, 'blue heron 27');
    await signUp.signOut();

    const signIn = new SignInPage(page);
    await signIn.open();
    await expect(page.getByTestId('official-domains')).toContainText('Check the address bar: we only use');
    await signIn.email.fill(account.email);
    await signIn.email.blur();
    await signIn.password.fill(account.password);
    await expect(page.getByTestId('official-domains')).toBeVisible();
    await expect(page.getByTestId('anti-phishing-phrase')).toHaveCount(0);
    await expect(page.getByTestId('no-anti-phishing-phrase')).toHaveCount(0);
    await expect(page.getByText('blue heron 27')).toHaveCount(0);

    // Signed in (2FA off: no second step), the phrase is on the security check-up.
    await page.getByTestId('sign-in-submit').click();
    await expect(signIn.accountName).toContainText(account.name);
    await security.open('/security');
    await expect(page.getByTestId('current-phrase')).toHaveText('Your phrase now: «blue heron 27»');
  });
});

test.describe('the anti-phishing phrase at the 2FA step', () => {
  test.describe.configure({ timeout: 120_000 });

  test('demo-2fa sets a phrase (re-authenticating), and the next sign-in shows it after the password, not before', async ({ page }) => {
    const authenticator = new Authenticator(DEMO_2FA_SECRET);
    const account = { email: DEMO_2FA, password: DEMO_PASSWORD, name: '', phone: '', phoneLast4: '0000' };
    const security = new SecurityPages(page);
    const signIn = new SignInPage(page);
    await signIn.open();
    await signIn.signIn(DEMO_2FA, DEMO_PASSWORD);
    await page.getByLabel('Authenticator code', { exact: true }).fill(await authenticator.nextCode());
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect(signIn.accountName).toBeVisible();

    const phrase = `amber crane ${Date.now() % 1000}`;
    await security.setAntiPhishingPhrase(account, phrase, authenticator, { expectReauth: true });
    await security.signOutFromHome();

    await signIn.open();
    await signIn.email.fill(DEMO_2FA);
    await signIn.email.blur();
    await expect(page.getByTestId('anti-phishing-phrase')).toHaveCount(0);
    await expect(page.getByText(phrase)).toHaveCount(0);
    await signIn.signIn(DEMO_2FA, DEMO_PASSWORD);
    await expect(page.getByTestId('second-factor-form')).toBeVisible();
    await expect(page.getByTestId('anti-phishing-phrase')).toHaveText(`Your anti-phishing phrase: «${phrase}»`);
    await expect(page.getByTestId('second-factor-form')).toContainText('If it is missing or wrong, you are not on our site');
    await signIn.expectNoConsoleErrors();
  });
});

test.describe('a locked account', () => {
  test('locks after repeated wrong passwords, unlocks itself through the unlock page, and suggests 2FA', async ({ page, request }) => {
    test.setTimeout(90_000);
    const signUp = new SignUpPage(page);
    const account = await signUp.createVerifiedAccount(request);
    await signUp.signOut();

    const signIn = new SignInPage(page);
    await signIn.open();
    await signIn.failUntilLocked(account.email);

    await expect(signIn.lockScreen.getByRole('heading', { name: 'Your account is locked' })).toBeVisible();
    await expect(page.getByTestId('lock-reason')).toContainText('too many wrong passwords or codes in a row');
    await expect(page.getByTestId('lock-until')).toContainText(/It unlocks by itself at .*\d{1,2}:\d{2}/);
    await expect(signIn.lockScreen.getByRole('link', { name: 'Help: my account is locked' })).toHaveAttribute(
      'href',
      '/help/wizard/locked',
    );
    await expect(signIn.lockScreen.getByRole('link', { name: 'Call the hotline' })).toHaveAttribute('href', '/contact');

    const seen = await seenMailIds(request, account.email);
    await signIn.lockScreen.getByRole('link', { name: 'Unlock now' }).click();
    const unlock = new UnlockPage(page);
    await expect(page).toHaveURL(/\/unlock\?email=/);
    await expect(unlock.email).toHaveValue(account.email);
    await expect(unlock.currentStep).toContainText('E-mail address');

    await unlock.sendCode();
    await expect(unlock.currentStep).toContainText('Confirm it is you');
    await unlock.proveIdentity(await latestCode(request, account.email, seen), account.phoneLast4);
    await expect(unlock.currentStep).toContainText('New password');
    const newPassword = anotherPassword();
    await unlock.choosePassword(newPassword);

    await expect(unlock.done).toContainText('Your account is unlocked');
    await expect(unlock.twoFactorPrompt).toContainText('turn on two-factor authentication');
    await unlock.done.getByRole('link', { name: 'Sign in' }).click();

    await signIn.signIn(account.email, newPassword);

    await expect(page).toHaveURL(/\/security\/two-factor\?suggested=1$/);
    await expect(signIn.accountName).toContainText(account.name);
  });
});

test.describe('mails in the account\'s language and time zone', () => {
  test.use({ timezoneId: 'Asia/Shanghai' });

  test('a reader who signs in from Shanghai and picks Chinese gets the lock mail in Chinese, in Shanghai time', async ({ page, request }) => {
    const account = await createUserThroughApi(page); // signed up in English
    await page.context().clearCookies();
    const signIn = new SignInPage(page);
    await signIn.open();
    await signIn.signIn(account.email, account.password);
    await expect(page).toHaveURL(/\/wallet$/);
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/account/preferences'));
    await signIn.chooseLanguage('zh-CN');
    expect((await saved).status()).toBe(204);

    for (let attempt = 0; attempt < 5; attempt++) {
      await request.post('/api/v1/auth/sign-in', {
        headers: { 'x-wallet-csrf': '1' },
        data: { email: account.email, password: `Wrong-Password-${attempt}-Xylophone` },
      });
    }
    const mail = (await outbox(request, account.email)).find((m) => m.subject === '账户已锁定');
    expect(mail, 'a Chinese lock mail').toBeDefined();
    expect(mail!.body).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}（UTC\+08:00，Asia\/Shanghai）/);
    expect(mail!.body).toContain('“立即解锁”');
  });
});

test.describe('a warning before the lock', () => {
  test('from the third wrong password it says how many tries are left, in Chinese too, and offers a reset', async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.open();
    // An address with no account: the warning is the same, so it tells nothing about accounts.
    const email = `nobody-${Date.now()}@example.com`;
    for (const attempt of [1, 2]) {
      await signIn.signIn(email, `Wrong-Password-${attempt}-Xylophone`);
      await expect(signIn.formError).toHaveText('The e-mail address or password is not right. Check both and try again.');
    }
    await expect(page.getByTestId('forgot-before-lock')).toHaveCount(0);

    await signIn.signIn(email, 'Wrong-Password-3-Xylophone');
    await expect(signIn.formError).toHaveText(/After 2 more wrong tries, sign-in to this address is locked for 30 minutes/);
    await signIn.chooseLanguage('zh-CN');
    await expect(signIn.formError).toHaveText('邮箱或密码不正确。再输错 2 次，此邮箱的登录将被锁定 30 分钟。');
    await page.getByLabel('密码', { exact: true }).fill('Wrong-Password-4-Xylophone');
    await page.getByTestId('sign-in-submit').click();
    await expect(signIn.formError).toHaveText('邮箱或密码不正确。再输错 1 次，此邮箱的登录将被锁定 30 分钟。');

    await page.getByTestId('forgot-before-lock').click();
    await expect(page).toHaveURL(/\/forgot-password\?email=/);
    await expect(page.getByLabel('电子邮箱', { exact: true })).toHaveValue(email);
    // (Each wrong password is a 401 the browser logs as a failed resource: no console check.)
  });
});

test.describe('account pages accessibility', () => {
  const pages = ['/sign-in', '/sign-up', '/verify-email?email=someone%40example.com', '/forgot-password', '/unlock'];
  for (const lang of ['en', 'zh-CN'] as const) {
    test(`axe finds no violations on the sign-in, sign-up, verify, forgot and unlock pages in ${lang}`, async ({ page }) => {
      test.setTimeout(60_000); // six axe runs: about 30 s on a busy 2-core machine
      const signUp = new SignUpPage(page);
      await signUp.open();
      await signUp.chooseLanguage(lang);
      for (const path of pages) {
        await page.goto(path);
        await signUp.waitForApp();
        await expect(page.locator('main h1')).toBeVisible();
        await signUp.expectNoAccessibilityViolations();
      }

      // With the messages of a refused form on the page.
      await page.goto('/sign-up');
      await signUp.waitForApp();
      await page.getByTestId('sign-up-submit').click();
      await expect(signUp.passwordError).not.toBeEmpty();
      await signUp.expectNoAccessibilityViolations();
    });
  }
});
