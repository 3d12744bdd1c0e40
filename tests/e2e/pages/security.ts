import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { AccountArea, latestCode, newAccount, SignInPage, type Account } from './account';
import { Authenticator } from './totp';

/**
 * The sign-in page's second step, by role and label (the sign-in page belongs to the account
 * pages: if its wording changes, adjust it here only).
 */
export const secondFactorLabels = {
  totp: 'Authenticator code',
  recoveryCode: 'Recovery code',
  useRecoveryCode: 'Use a recovery code instead',
  submit: 'Continue',
};

/** Where the security pages and the message centre live. */
export const securityPaths = {
  checkup: '/security',
  twoFactor: '/security/two-factor',
  sessions: '/security/sessions',
  password: '/security/password',
  channels: '/security/official-channels',
  messages: '/messages',
};

/**
 * A new account, signed up and verified through the API (no pages), signed in in `page`'s
 * browser context: `page.request` shares the context's cookies, so the session cookie that
 * verification sets is the page's.
 */
export async function createUserThroughApi(page: Page, account: Account = newAccount()): Promise<Account> {
  const signUp = await page.request.post('/api/v1/auth/sign-up', {
    headers: { 'x-wallet-csrf': '1' },
    data: { email: account.email, phone: account.phone, display_name: account.name, password: account.password, lang: 'en' },
  });
  expect(signUp.ok(), `sign-up answered ${signUp.status()}: ${await signUp.text()}`).toBe(true);
  const code = await latestCode(page.request, account.email);
  const verify = await page.request.post('/api/v1/auth/verify-email', {
    headers: { 'x-wallet-csrf': '1' },
    data: { email: account.email, code },
  });
  expect(verify.ok(), `verify-email answered ${verify.status()}`).toBe(true);
  return account;
}

/** Another browser (own cookies), signed in as `account` through the API (2FA off). */
export async function secondBrowser(browser: Browser, baseURL: string, account: Account): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'en-US', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  const signIn = await page.request.post('/api/v1/auth/sign-in', {
    headers: { 'x-wallet-csrf': '1' },
    data: { email: account.email, password: account.password },
  });
  expect(signIn.ok(), `sign-in answered ${signIn.status()}`).toBe(true);
  expect((await signIn.json()).outcome).toBe('signed_in');
  return page;
}

/** What turning on 2FA leaves the test with. */
export interface TwoFactorSetup {
  authenticator: Authenticator;
  recoveryCodes: string[];
}

/** The security check-up, 2FA, sessions, change-password, official-channels and message pages. */
export class SecurityPages extends AccountArea {
  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }
  get reauthDialog(): Locator {
    return this.page.getByTestId('reauth-dialog');
  }
  get confirmDialog(): Locator {
    return this.page.getByTestId('confirm-dialog');
  }
  get twoFactorStatus(): Locator {
    return this.page.getByTestId('two-factor-status');
  }
  get enrolment(): Locator {
    return this.page.getByTestId('two-factor-enrolment');
  }
  get recoveryCodes(): Locator {
    return this.page.getByTestId('recovery-code');
  }
  get recoveryCodesLeft(): Locator {
    return this.page.getByTestId('recovery-codes-left');
  }
  get sessions(): Locator {
    return this.page.getByTestId('session');
  }
  get messages(): Locator {
    return this.page.getByTestId('message');
  }
  get unreadBadge(): Locator {
    return this.page.getByTestId('unread-badge');
  }

  /** Opens a page of this area and waits until what it loads is on screen. */
  async open(path: string) {
    await super.open(path);
    await expect(this.heading).toBeVisible();
    await expect(this.page.getByText('Loading…')).toHaveCount(0);
    await expect(this.page.getByText('加载中…')).toHaveCount(0);
  }

  /**
   * Confirms the password (and a code, with 2FA on) if the page asks for it before showing
   * `then`. By test id, so that it works in either language.
   */
  async reauthIfAsked(account: Account, then: Locator, authenticator?: Authenticator) {
    await expect(this.reauthDialog.or(then).first()).toBeVisible();
    if (await this.reauthDialog.isVisible()) {
      await this.reauthDialog.getByTestId('reauth-password').fill(account.password);
      if (authenticator) {
        await this.reauthDialog.getByTestId('reauth-code').fill(await authenticator.nextCode());
      }
      await this.reauthDialog.getByTestId('reauth-submit').click();
      await expect(this.reauthDialog).toBeHidden();
    }
    await expect(then).toBeVisible();
  }

  /**
   * Sets the anti-phishing phrase on the check-up. Changing it is a sensitive change: the
   * password (and a code, with 2FA on) is confirmed first when asked, or, with `expectReauth`,
   * must be asked for.
   */
  async setAntiPhishingPhrase(
    account: Account,
    phrase: string,
    authenticator?: Authenticator,
    { expectReauth = false } = {},
  ) {
    await this.open(securityPaths.checkup);
    await this.page.getByLabel('Your phrase').fill(phrase);
    await this.page.getByRole('button', { name: 'Save phrase' }).click();
    if (expectReauth) await expect(this.reauthDialog).toBeVisible();
    await this.reauthIfAsked(
      account,
      this.page.getByTestId('phrase-result').getByText('Your anti-phishing phrase is saved.'),
      authenticator,
    );
    await expect(this.page.getByTestId('current-phrase')).toHaveText(`Your phrase now: «${phrase}»`);
  }

  /** Printing shows the recovery codes alone: no header, no buttons. */
  async expectOnlyCodesPrint() {
    await this.page.emulateMedia({ media: 'print' });
    await expect(this.recoveryCodes.first()).toBeVisible();
    await expect(this.page.getByTestId('account-menu')).toBeHidden();
    await expect(this.page.getByTestId('recovery-done')).toBeHidden();
    await this.page.emulateMedia({ media: null });
  }

  /** Turns on 2FA with the manual key (as someone who cannot scan would) and saves the codes. */
  async turnOnTwoFactor(account: Account, { checkPrinting = false } = {}): Promise<TwoFactorSetup> {
    await this.open(securityPaths.twoFactor);
    await expect(this.twoFactorStatus).toHaveAttribute('data-state', 'off');
    await this.page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await this.reauthIfAsked(account, this.enrolment);

    await expect(this.enrolment.getByRole('img', { name: /QR code/ })).toBeVisible();
    const key = (await this.page.getByTestId('two-factor-secret').innerText()).replace(/\s/g, '');
    expect(key).toMatch(/^[A-Z2-7]+=*$/);
    const authenticator = new Authenticator(key);
    await this.enrolment.getByLabel('Code from your authenticator app').fill(await authenticator.nextCode());
    await this.enrolment.getByRole('button', { name: 'Turn on', exact: true }).click();

    await expect(this.recoveryCodes).toHaveCount(10);
    const recoveryCodes = (await this.recoveryCodes.allInnerTexts()).map((code) => code.trim());
    if (checkPrinting) await this.expectOnlyCodesPrint();
    await this.saveRecoveryCodes(recoveryCodes);
    await expect(this.twoFactorStatus).toHaveAttribute('data-state', 'on');
    return { authenticator, recoveryCodes };
  }

  /** Downloads the shown codes (checking the file), ticks "saved" and presses "Done". */
  async saveRecoveryCodes(codes: string[]) {
    const done = this.page.getByRole('button', { name: 'Done' });
    await expect(done).toBeDisabled();
    const downloading = this.page.waitForEvent('download');
    await this.page.getByRole('link', { name: 'Download as text file' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('recovery-codes.txt');
    const text = await readFile(await download.path(), 'utf8');
    for (const code of codes) expect(text).toContain(code);

    await this.page.getByLabel('I have saved these codes').check();
    await done.click();
    await expect(this.recoveryCodes).toHaveCount(0);
  }

  /** Signs out from the header (on a page without "Sign out" buttons of its own). */
  async signOutFromHome() {
    await super.open('/');
    await this.signOut();
  }

  /**
   * Signs in through the sign-in page: password, then the second step's code. With `phrase`,
   * checks what the second step says of the anti-phishing phrase first (`null`: none is set).
   */
  async signInWithCode(
    account: Account,
    code: () => Promise<string>,
    useRecoveryCode = false,
    { phrase }: { phrase?: string | null } = {},
  ) {
    const signIn = new SignInPage(this.page);
    await signIn.open();
    await signIn.signIn(account.email, account.password);
    if (phrase === null) {
      await expect(this.page.getByTestId('no-anti-phishing-phrase')).toContainText('You have not set an anti-phishing phrase.');
      await expect(this.page.getByTestId('anti-phishing-phrase')).toHaveCount(0);
    } else if (phrase !== undefined) {
      await expect(this.page.getByTestId('anti-phishing-phrase')).toHaveText(`Your anti-phishing phrase: «${phrase}»`);
    }
    if (useRecoveryCode) {
      await this.page.getByRole('button', { name: secondFactorLabels.useRecoveryCode }).click();
      await this.page.getByLabel(secondFactorLabels.recoveryCode, { exact: true }).fill(await code());
    } else {
      await this.page.getByLabel(secondFactorLabels.totp, { exact: true }).fill(await code());
    }
    await this.page.getByRole('button', { name: secondFactorLabels.submit, exact: true }).click();
    await expect(this.accountName).toContainText(account.name);
  }

  /** The page shows that this browser is signed out: the sign-in page or "session expired". */
  async expectSignedOut() {
    await expect(this.page.getByTestId('sign-in-form').or(this.page.getByTestId('session-expired'))).toBeVisible();
    await expect(this.accountName).toHaveCount(0);
  }
}
