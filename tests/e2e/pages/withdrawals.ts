import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { type Account } from './account';
import { SecurityPages } from './security';
import { type Authenticator } from './totp';
import { DEMO_2FA, DEMO_PASSWORD, signInAs } from './money';
import { OwnServer } from './server';

/** The demo account with 2FA on (withdrawals need it), as the journeys sign it in. */
export const DEMO_2FA_ACCOUNT: Account = {
  email: DEMO_2FA,
  password: DEMO_PASSWORD,
  name: 'Demo 2FA User',
  phone: '+86 138 0000 0000',
  phoneLast4: '0000',
};

/** The demo account with 2FA off, as the journeys that turn it on sign it in. */
export const DEMO_ACCOUNT: Account = { ...DEMO_2FA_ACCOUNT, email: 'demo@wallet.example', name: 'Demo User' };

/** The demo bank accounts by the last digits of their numbers (README, "Demo data"). */
export const BANK = { default: '0001', bankRejects: '0002', late: '0003' } as const;

/** The server flags of the withdrawal journeys: stages of seconds instead of hours, new bank
 * accounts usable at once, and amounts above 500.00 waiting for an operator (to cancel them). */
export const SHORT_STAGES = [
  '--auth-requests-per-minute', '100000',
  '--withdrawal-submitted-secs', '1',
  '--withdrawal-review-secs', '1',
  '--withdrawal-processing-secs', '2',
  '--withdrawal-review-above-minor', '50000',
  '--bank-account-cooling-off-secs', '0',
];

/** /wallet/withdraw: bank account, amount with its live conditions, review, code, confirm. */
export class WithdrawPage extends SecurityPages {
  static readonly path = '/wallet/withdraw';

  get accountSelect(): Locator {
    return this.page.getByTestId('bank-account-select');
  }
  get amount(): Locator {
    return this.page.getByTestId('withdraw-amount');
  }
  get amountMessage(): Locator {
    return this.page.getByTestId('withdraw-amount-message');
  }
  get fee(): Locator {
    return this.page.getByTestId('withdraw-fee');
  }
  get available(): Locator {
    return this.page.getByTestId('withdraw-available');
  }
  get needsTwoFactor(): Locator {
    return this.page.getByTestId('withdraw-needs-2fa');
  }
  get review(): Locator {
    return this.page.getByTestId('withdraw-review-panel');
  }
  /** By test id, so that it works in either language. */
  get code(): Locator {
    return this.review.getByTestId('withdraw-code');
  }
  get confirm(): Locator {
    return this.page.getByTestId('confirm-withdraw');
  }
  get done(): Locator {
    return this.page.getByTestId('withdraw-done');
  }

  async open() {
    await super.open(WithdrawPage.path);
  }

  /** Chooses the bank account whose number ends in `last4`. */
  async chooseAccount(last4: string) {
    const value = await this.accountSelect.locator('option', { hasText: last4 }).getAttribute('value');
    await this.accountSelect.selectOption(value!);
  }

  /** Fills in the form and opens the review. */
  async prepare(last4: string, amount: string) {
    await this.chooseAccount(last4);
    await this.amount.fill(amount);
    await expect(this.fee).not.toHaveText('—');
    await this.page.getByTestId('withdraw-review').click();
    await expect(this.review).toBeVisible();
  }

  /** Types the code and confirms (twice in a row with `doubleClick`); returns the new ID. */
  async confirmWith(authenticator: Authenticator, { doubleClick = false } = {}): Promise<string> {
    await this.code.fill(await authenticator.nextCode());
    if (doubleClick) await this.confirm.dblclick();
    else await this.confirm.click();
    await expect(this.done).toBeVisible();
    const href = (await this.page.getByTestId('withdrawal-link').getAttribute('href')) ?? '';
    return href.split('/').pop()!;
  }
}

/** /wallet/withdrawals/<id>: the timeline of one withdrawal. */
export class WithdrawalPage extends SecurityPages {
  get withdrawal(): Locator {
    return this.page.getByTestId('withdrawal');
  }
  /** The state's words, the heading of the withdrawal's card. */
  get state(): Locator {
    return this.page.getByTestId('withdrawal-state');
  }
  get reason(): Locator {
    return this.page.getByTestId('withdrawal-reason');
  }
  get stages(): Locator {
    return this.page.getByTestId('stage');
  }

  async openWithdrawal(id: string) {
    await super.open(`/wallet/withdrawals/${id}`);
    await expect(this.withdrawal).toBeVisible();
  }

  /** Waits (the page reads itself again every few seconds) until the withdrawal is in `state`. */
  async expectState(state: string, timeout = 30_000) {
    await expect(this.withdrawal).toHaveAttribute('data-state', state, { timeout });
  }

  async cancel() {
    await this.page.getByTestId('cancel-withdrawal').click();
    await expect(this.confirmDialog).toBeVisible();
    await this.confirmDialog.getByTestId('confirm-yes').click();
    await expect(this.page.getByTestId('cancel-done')).toBeVisible();
  }
}

/** /account/bank-accounts: list, add (after re-authentication), remove, default. */
export class BankAccountsPage extends SecurityPages {
  static readonly path = '/account/bank-accounts';

  get accounts(): Locator {
    return this.page.getByTestId('bank-account');
  }

  async open() {
    await super.open(BankAccountsPage.path);
    await expect(this.accounts.first()).toBeVisible();
  }

  /** The row of the account whose number ends in `last4`. */
  account(last4: string): Locator {
    return this.accounts.filter({ has: this.page.getByTestId('bank-account-number').getByText(`•••• ${last4}`) });
  }
  /** The last 4 digits of every listed account, in the order shown (the default first). */
  async listedNumbers(): Promise<string[]> {
    const numbers = await this.accounts.getByTestId('bank-account-number').allInnerTexts();
    return numbers.map((n) => n.trim().slice(-4));
  }

  async makeDefault(last4: string) {
    await this.account(last4).getByTestId('make-default').click();
    await expect(this.account(last4)).toHaveAttribute('data-default', 'true');
  }

  /** Removes an account, through its confirmation (which names the account). */
  async remove(last4: string) {
    await this.account(last4).getByTestId('remove-bank-account').click();
    await expect(this.confirmDialog).toBeVisible();
    await expect(this.confirmDialog).toContainText(last4);
    await this.confirmDialog.getByTestId('confirm-yes').click();
    await expect(this.account(last4)).toHaveCount(0);
  }

  async add(account: Account, authenticator: Authenticator, number: string, holder = account.name) {
    await this.page.getByLabel("Account holder's name").fill(holder);
    await this.page.getByTestId('bank-number').fill(number);
    await this.page.getByTestId('add-bank-account').click();
    await this.reauthIfAsked(account, this.page.getByTestId('bank-account-added'), authenticator);
  }
}

/** Signs `account` in through the API with a code (no sign-in page, whose labels are
 * English): `page.request` shares the browser context's cookies, so the page is signed in. */
export async function signInWithCodeThroughApi(page: Page, account: Account, authenticator: Authenticator) {
  const headers = { 'x-wallet-csrf': '1' };
  const signIn = await page.request.post('/api/v1/auth/sign-in', { headers, data: { email: account.email, password: account.password } });
  expect(signIn.ok(), `sign-in answered ${signIn.status()}`).toBe(true);
  const { outcome, challenge } = await signIn.json();
  expect(outcome).toBe('second_factor_required');
  const code = await authenticator.nextCode();
  const second = await page.request.post('/api/v1/auth/second-factor', { headers, data: { challenge, kind: 'totp', code } });
  expect(second.ok(), `second factor answered ${second.status()}: ${await second.text()}`).toBe(true);
}

/**
 * Runs `journey` signed in as `account` (2FA off) on a server of its own with short payout
 * stages, so that what it changes (2FA, bank accounts) never reaches the other journeys.
 */
export async function onOwnServer(browser: Browser, account: Account, journey: (page: Page, server: OwnServer) => Promise<void>) {
  const server = await OwnServer.start(SHORT_STAGES);
  const context = await browser.newContext({ baseURL: server.url, locale: 'en-US', timezoneId: 'Europe/London' });
  try {
    const page = await context.newPage();
    await signInAs(page, account.email, account.password);
    await journey(page, server);
  } finally {
    await context.close();
    await server.stop();
  }
}

/** Phone first: the page fits a 360 px wide screen without sideways scrolling. */
export async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `page width on ${page.url()}`).toBeLessThanOrEqual(page.viewportSize()!.width);
}

/** The signed-in user's withdrawals, from the API (what the server holds, not what a page shows). */
export async function withdrawalsByApi(page: Page, baseUrl: string): Promise<{ id: string; state: string }[]> {
  const answer = await page.request.get(`${baseUrl}/api/v1/withdrawals`);
  expect(answer.status()).toBe(200);
  return answer.json();
}
