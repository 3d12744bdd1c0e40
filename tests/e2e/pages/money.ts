import { expect, type APIRequestContext, type Download, type Locator, type Page } from '@playwright/test';
import { AccountArea, SignInPage, SignUpPage, newAccount, type Account } from './account';

/** The demo accounts (seeded with CNY 2,000.00 and USD 300.00) and merchants. */
export const DEMO_PASSWORD = 'Lantern-Harbour-Sunrise-42';
export const FRIEND = 'friend@wallet.example';
export const DEMO_2FA = 'demo-2fa@wallet.example';
export const DEMO_2FA_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const MERCHANT_DOWN = 'M10002';
export const GOOD_CARD = '4242 4242 4242 4242';
export const SLOW_CARD = '4000 0000 0000 9995';

/** Minor units from what the page shows, e.g. "CN¥1,234.50" -> 123450. */
export function minorOf(text: string): number {
  const digits = text.replace(/[^0-9.]/g, '');
  const [whole, fraction = ''] = digits.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

/** Calls the API as the signed-in page does: the session cookie plus its CSRF token. */
export async function apiPost(page: Page, path: string, body: unknown, headers: Record<string, string> = {}) {
  const session = await (await page.request.get('/api/v1/session')).json();
  const csrf = session.session.csrf_token as string;
  return page.request.post(path, { data: body, headers: { 'x-wallet-csrf': csrf, ...headers } });
}

/** Tops up `minor` CNY through the API (for journeys about something else). */
export async function topUpByApi(page: Page, minor: number) {
  const response = await apiPost(
    page,
    '/api/v1/top-ups',
    { amount: { minor, currency: 'CNY' }, card_number: GOOD_CARD },
    { 'idempotency-key': `journey-${Date.now()}-${Math.random()}` },
  );
  expect(response.status(), 'top-up').toBe(201);
}

/** A new verified account, signed in, with `minor` CNY in it. */
export async function fundedAccount(page: Page, request: APIRequestContext, minor: number): Promise<Account> {
  const account = await new SignUpPage(page).createVerifiedAccount(request, newAccount());
  if (minor > 0) await topUpByApi(page, minor);
  return account;
}

/** /wallet: balances, quick actions, recent transactions, chart and banners. */
export class DashboardPage extends AccountArea {
  static readonly path = '/wallet';

  balance(currency: 'CNY' | 'USD'): Locator {
    return this.page.getByTestId(`balance-${currency}`);
  }

  async open() {
    await super.open(DashboardPage.path);
    await expect(this.balance('CNY')).toBeVisible();
  }

  async balanceMinor(currency: 'CNY' | 'USD'): Promise<number> {
    await expect(this.balance(currency)).toHaveText(/\d/);
    return minorOf((await this.balance(currency).textContent()) ?? '');
  }
}

/** /wallet/pay: recipient, amount, review, confirm, result or failure with its fix. */
export class PayPage extends AccountArea {
  static readonly path = '/wallet/pay';

  get recipient(): Locator { return this.page.getByTestId('recipient-input'); }
  get recipientName(): Locator { return this.page.getByTestId('recipient-name'); }
  get merchantStatus(): Locator { return this.page.getByTestId('merchant-status'); }
  get amount(): Locator { return this.page.getByTestId('amount-input'); }
  get amountMessage(): Locator { return this.page.getByTestId('amount-message'); }
  get review(): Locator { return this.page.getByTestId('review-panel'); }
  get fee(): Locator { return this.page.getByTestId('review-fee'); }
  get total(): Locator { return this.page.getByTestId('review-total'); }
  get confirm(): Locator { return this.page.getByTestId('confirm-pay'); }
  get result(): Locator { return this.page.getByTestId('pay-result'); }
  get failure(): Locator { return this.page.getByTestId('payment-failure'); }
  get duplicateWarning(): Locator { return this.page.getByTestId('duplicate-warning'); }
  get uncertain(): Locator { return this.page.getByTestId('payment-uncertain'); }
  get retry(): Locator { return this.page.getByTestId('retry-payment'); }

  async open() {
    await super.open(PayPage.path);
    await expect(this.recipient).toBeVisible();
  }

  async findRecipient(who: string) {
    await this.recipient.fill(who);
    await this.page.getByTestId('find-recipient').click();
    await expect(this.recipientName).toBeVisible();
  }

  async enterAmount(amount: string) {
    await this.amount.fill(amount);
  }

  async toReview() {
    await this.page.getByTestId('review-button').click();
    await expect(this.review).toBeVisible();
  }

  /** Recipient, amount, review: ready to confirm. */
  async prepare(who: string, amount: string) {
    await this.findRecipient(who);
    await this.enterAmount(amount);
    await this.toReview();
  }

  /** Confirms and waits for the result; returns the new transaction's ID. */
  async confirmAndWait(): Promise<string> {
    await this.confirm.click();
    await expect(this.result).toBeVisible();
    return (await this.result.getAttribute('data-id')) ?? '';
  }
}

/** The `Idempotency-Key` of every `POST /api/v1/payments` the page sent, in order. */
export interface SentPayments {
  keys: string[];
}

/**
 * Lets the page's first `POST /api/v1/payments` reach the real server, which commits the
 * payment, then loses its answer: `abort` drops the connection (the browser sees a network
 * error), `server-error` answers 500 instead of the server's 201. Later requests pass through.
 */
export async function loseFirstPaymentAnswer(page: Page, how: 'abort' | 'server-error'): Promise<SentPayments> {
  const sent: SentPayments = { keys: [] };
  await page.route('**/api/v1/payments', async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    sent.keys.push((await request.headerValue('idempotency-key')) ?? '');
    if (sent.keys.length > 1) return route.continue();
    const answer = await route.fetch();
    expect(answer.status(), 'the server committed the first payment').toBe(201);
    if (how === 'abort') {
      await route.abort('connectionreset');
    } else {
      await route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'INTERNAL', message: 'injected after the commit' }),
      });
    }
  });
  return sent;
}

/** The signed-in user's sent payments, through the API (`status` to filter). */
export async function sentPayments(page: Page, status?: 'completed' | 'failed' | 'pending'): Promise<unknown[]> {
  const query = status ? `&status=${status}` : '';
  const list = await page.request.get(`/api/v1/transactions?type=payment_sent${query}`);
  expect(list.ok()).toBe(true);
  return (await list.json()).items as unknown[];
}

/** /wallet/top-up */
export class TopUpPage extends AccountArea {
  static readonly path = '/wallet/top-up';

  get amount(): Locator { return this.page.getByTestId('top-up-amount'); }
  get card(): Locator { return this.page.getByTestId('card-number'); }
  get result(): Locator { return this.page.getByTestId('top-up-result'); }

  async open(query = '') {
    await super.open(`${TopUpPage.path}${query}`);
    await expect(this.card).toBeVisible();
  }

  async topUp(amount: string, card: string) {
    await this.amount.fill(amount);
    await this.card.fill(card);
    await this.page.getByTestId('submit-top-up').click();
    await expect(this.result).toBeVisible();
  }
}

/** /wallet/transactions: filters in the URL, rows, CSV export. */
export class TransactionsPage extends AccountArea {
  static readonly path = '/wallet/transactions';

  get rows(): Locator { return this.page.getByTestId('transaction-row'); }
  get type(): Locator { return this.page.getByTestId('filter-type'); }
  get search(): Locator { return this.page.getByTestId('search'); }

  async open(query = '') {
    await super.open(`${TransactionsPage.path}${query}`);
    await expect(this.type).toBeVisible();
  }

  async rowIds(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id') ?? ''));
  }

  async exportCsv(): Promise<string> {
    const downloaded: Promise<Download> = this.page.waitForEvent('download');
    await this.page.getByTestId('export-csv').click();
    const download = await downloaded;
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    return readFile(path, 'utf8');
  }
}

/** Signs a demo account in on its own page (a second person in the journey). */
export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD) {
  const signIn = new SignInPage(page);
  await signIn.open();
  const answer = await signIn.signIn(email, password);
  expect(answer.status()).toBe(200);
  await expect(signIn.accountName).toBeVisible();
}
