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

  /** Signed in: the checklist's line for the latest withdrawal (its ID and state). */
  get latestWithdrawal(): Locator {
    return this.page.getByTestId('checklist-withdrawal');
  }

  get notes(): Locator {
    return this.page.getByTestId('call-note');
  }

  async addNote(note: { date?: string; caseNumber: string; advice: string; links?: string }) {
    const form = this.page.getByTestId('call-notes');
    if (note.date) await form.getByLabel('Date of the call').fill(note.date);
    await form.getByLabel('Case number').fill(note.caseNumber);
    await form.getByLabel('What the agent advised').fill(note.advice);
    if (note.links) await form.getByLabel('Reference links (one per line)').fill(note.links);
    await form.getByRole('button', { name: /Save/ }).click();
  }

  note(caseNumber: string): Locator {
    return this.notes.filter({ hasText: `Case ${caseNumber}` });
  }
}
