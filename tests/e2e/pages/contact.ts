import { type Locator } from '@playwright/test';
import { AppPage } from './app';

/** The hotline page: one card per line with its call link, status and hours. */
export class ContactPage extends AppPage {
  static readonly path = '/contact';

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  hotline(id: string): { card: Locator; call: Locator; status: Locator } {
    const status = this.page.locator(`[data-testid="open-now"][data-hotline="${id}"]`);
    const card = this.page.getByTestId('hotline').filter({ has: status });
    return { card, call: card.getByTestId('hotline-call'), status };
  }

  async open() {
    await super.open(ContactPage.path);
  }
}
