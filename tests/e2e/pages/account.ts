import { expect, type APIRequestContext, type Locator, type Response } from '@playwright/test';
import { AppPage } from './app';

/** An e-mail sent by the server, as the demo outbox lists it (newest first). */
export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  body: string;
  at: number;
  sent: boolean;
}

/** What a journey signs up with. */
export interface Account {
  email: string;
  phone: string;
  phoneLast4: string;
  name: string;
  password: string;
}

let made = 0;

function randomDigits(count: number): string {
  let digits = '';
  while (digits.length < count) digits += Math.floor(Math.random() * 10).toString();
  return digits;
}

/** An address no other journey (or earlier run on the same server) has used. */
export function uniqueEmail(prefix = 'journey'): string {
  made += 1;
  return `${prefix}.${Date.now().toString(36)}${made}${Math.random().toString(36).slice(2, 7)}@example.com`;
}

/** A new account's details; the password passes the strength check (unrelated words). */
export function newAccount(): Account {
  const phoneLast4 = randomDigits(4);
  return {
    email: uniqueEmail(),
    phone: `+86 139 ${randomDigits(4)} ${phoneLast4}`,
    phoneLast4,
    name: `Journey Tester ${randomDigits(3)}`,
    password: `Velvet-Harbor-Quiz-${randomDigits(2)}-Ember`,
  };
}

/** Another strong password, for a reset or an unlock. */
export function anotherPassword(): string {
  return `Copper-Lantern-Mosaic-${randomDigits(2)}-Tundra`;
}

/** The e-mails the server sent to `email` (demo mode), newest first. */
export async function outbox(request: APIRequestContext, email: string): Promise<OutboxMail[]> {
  const response = await request.get(`/api/v1/demo/outbox?to=${encodeURIComponent(email)}`);
  expect(response.ok(), `outbox for ${email}`).toBe(true);
  return (await response.json()) as OutboxMail[];
}

/**
 * The 6-digit code of the newest e-mail to `email` that is not in `skip` (ids of mails seen
 * before asking for this code). Waits for the mail: sending may lag the answer.
 */
export async function latestCode(
  request: APIRequestContext,
  email: string,
  skip: string[] = [],
): Promise<string> {
  let code = '';
  await expect
    .poll(
      async () => {
        const mails = await outbox(request, email);
        const fresh = mails.find((mail) => !skip.includes(mail.id) && /\b\d{6}\b/.test(mail.body));
        code = fresh?.body.match(/\b(\d{6})\b/)?.[1] ?? '';
        return code;
      },
      { message: `a code e-mailed to ${email}` },
    )
    .toMatch(/^\d{6}$/);
  return code;
}

/** The ids of the mails sent to `email` so far, to skip when waiting for the next code. */
export async function seenMailIds(request: APIRequestContext, email: string): Promise<string[]> {
  return (await outbox(request, email)).map((mail) => mail.id);
}

/** The header's account area, on every page. */
export class AccountArea extends AppPage {
  get accountName(): Locator {
    return this.page.getByTestId('account-name');
  }

  get notice(): Locator {
    return this.page.getByTestId('account-notice');
  }

  async signOut() {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await expect(this.page.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  }
}

/** /sign-up, and the verification page it leads to. */
export class SignUpPage extends AccountArea {
  static readonly path = '/sign-up';

  get email(): Locator {
    return this.page.getByLabel('E-mail address', { exact: true });
  }
  get phone(): Locator {
    return this.page.getByLabel('Mobile phone number', { exact: true });
  }
  get displayName(): Locator {
    return this.page.getByLabel('Display name', { exact: true });
  }
  get password(): Locator {
    return this.page.getByLabel('Password', { exact: true });
  }
  get confirmation(): Locator {
    return this.page.getByLabel('Repeat the password', { exact: true });
  }
  get passwordError(): Locator {
    return this.page.getByTestId('sign-up-password-error');
  }
  get strengthHints(): Locator {
    return this.page.getByTestId('strength-hints');
  }

  async open() {
    await super.open(SignUpPage.path);
    await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
  }

  async fill(account: Account, confirmation = account.password) {
    await this.email.fill(account.email);
    await this.phone.fill(account.phone);
    await this.displayName.fill(account.name);
    await this.password.fill(account.password);
    await this.confirmation.fill(confirmation);
  }

  async submit() {
    await this.page.getByTestId('sign-up-submit').click();
  }

  /** Signs up and waits for the verification page. */
  async signUp(account: Account) {
    await this.fill(account);
    await this.submit();
    await expect(this.page).toHaveURL(/\/verify-email\?email=/);
  }

  /** On the verification page: enters the code. */
  async verify(code: string) {
    await this.page.getByLabel('Verification code', { exact: true }).fill(code);
    await this.page.getByRole('button', { name: 'Verify', exact: true }).click();
  }

  /** A new, verified and signed-in account, through the pages. */
  async createVerifiedAccount(request: APIRequestContext, account: Account = newAccount()): Promise<Account> {
    await this.open();
    await this.signUp(account);
    await this.verify(await latestCode(request, account.email));
    await expect(this.accountName).toContainText(account.name);
    return account;
  }
}

/** /sign-in: credentials, second factor, lock screen. */
export class SignInPage extends AccountArea {
  static readonly path = '/sign-in';

  get email(): Locator {
    return this.page.getByLabel('E-mail address', { exact: true });
  }
  get password(): Locator {
    return this.page.getByLabel('Password', { exact: true });
  }
  get formError(): Locator {
    return this.page.getByTestId('sign-in-error');
  }
  get lockScreen(): Locator {
    return this.page.getByTestId('lock-screen');
  }

  async open(path: string = SignInPage.path) {
    await super.open(path);
    await expect(this.page.getByTestId('sign-in-form')).toBeVisible();
  }

  /** Submits the credentials and returns the server's answer. */
  async signIn(email: string, password: string): Promise<Response> {
    await this.email.fill(email);
    await this.password.fill(password);
    const answered = this.page.waitForResponse((r) => r.url().includes('/api/v1/auth/sign-in'));
    await this.page.getByTestId('sign-in-submit').click();
    return answered;
  }

  /** Wrong passwords until the account locks (the server's limit, at most `limit` tries). */
  async failUntilLocked(email: string, limit = 6) {
    for (let attempt = 0; attempt < limit; attempt++) {
      const answer = await this.signIn(email, `Wrong-Password-${attempt}-Xylophone`);
      const body = (await answer.json()) as { code?: string };
      if (body.code === 'ACCOUNT_LOCKED') break;
      expect(body.code).toBe('INVALID_CREDENTIALS');
      await expect(this.formError).toBeVisible();
    }
    await expect(this.lockScreen).toBeVisible();
  }
}

/** /unlock: e-mail, code and phone digits, new password. */
export class UnlockPage extends AccountArea {
  static readonly path = '/unlock';

  get email(): Locator {
    return this.page.getByLabel('E-mail address', { exact: true });
  }
  get currentStep(): Locator {
    return this.page.getByTestId('unlock-steps').locator('[aria-current="step"]');
  }
  get done(): Locator {
    return this.page.getByTestId('unlock-done');
  }
  get twoFactorPrompt(): Locator {
    return this.page.getByTestId('unlock-two-factor-prompt');
  }

  async open(email?: string) {
    await super.open(email ? `${UnlockPage.path}?email=${encodeURIComponent(email)}` : UnlockPage.path);
    await expect(this.page.getByTestId('unlock-email-form')).toBeVisible();
  }

  /** Step 1: asks for the code (the e-mail field is filled already when `email` is not given). */
  async sendCode(email?: string) {
    if (email !== undefined) await this.email.fill(email);
    await this.page.getByTestId('unlock-send').click();
    await expect(this.page.getByTestId('unlock-verify-form')).toBeVisible();
  }

  /** Step 2: the e-mailed code and the phone's last 4 digits. */
  async proveIdentity(code: string, phoneLast4: string) {
    await this.page.getByLabel('Code from the e-mail', { exact: true }).fill(code);
    await this.page.getByLabel('Last 4 digits of your registered phone number', { exact: true }).fill(phoneLast4);
    await this.page.getByTestId('unlock-verify').click();
    await expect(this.page.getByTestId('unlock-password-form')).toBeVisible();
  }

  /** Step 3: the new password, twice. */
  async choosePassword(password: string) {
    await this.page.getByLabel('New password', { exact: true }).fill(password);
    await this.page.getByLabel('Repeat the new password', { exact: true }).fill(password);
    await this.page.getByTestId('unlock-complete').click();
    await expect(this.done).toBeVisible();
  }
}
