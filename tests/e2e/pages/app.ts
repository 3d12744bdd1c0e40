import { expect, type Page, type Locator } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** What every page of the app has: header, navigation, preferences, footer. */
export class AppPage {
  readonly productName: Locator;
  readonly languagePicker: Locator;
  readonly themePicker: Locator;
  readonly nav: Locator;
  readonly footerHotlines: Locator;
  readonly consoleErrors: string[] = [];

  constructor(readonly page: Page) {
    this.productName = page.getByTestId('product-name');
    this.languagePicker = page.getByTestId('language-picker');
    this.themePicker = page.getByTestId('theme-picker');
    this.nav = page.getByRole('navigation');
    this.footerHotlines = page.getByTestId('footer-hotline');
    // Any console error (a CSP violation included) or uncaught exception fails the journey.
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.consoleErrors.push(error.message));
  }

  /** Opens `path` and waits until the app runs (a pre-rendered page is readable before that). */
  async open(path: string) {
    await this.page.goto(path);
    await this.waitForApp();
  }

  async waitForApp() {
    await expect(this.page.locator('html')).toHaveAttribute('data-app', 'started');
    await expect(this.productName).not.toBeEmpty();
  }

  async chooseLanguage(tag: 'zh-CN' | 'en') {
    await this.languagePicker.selectOption(tag);
    await expect(this.page.locator('html')).toHaveAttribute('lang', tag);
  }

  async chooseTheme(theme: 'system' | 'light' | 'dark') {
    await this.themePicker.selectOption(theme);
  }

  async expectNoConsoleErrors() {
    expect(this.consoleErrors, 'console errors').toEqual([]);
  }

  async expectNoAccessibilityViolations() {
    const results = await new AxeBuilder({ page: this.page }).analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
    expect(summary, `axe violations on ${this.page.url()}`).toEqual([]);
  }
}
