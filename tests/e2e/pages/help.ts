import { expect, type Locator } from '@playwright/test';
import { AppPage } from './app';

/** The help centre: search, topics, articles and troubleshooting wizards. */
export class HelpPage extends AppPage {
  static readonly path = '/help';

  get searchBox(): Locator {
    return this.page.getByTestId('help-search');
  }

  get results(): Locator {
    return this.page.getByTestId('help-results').getByRole('listitem');
  }

  get article(): Locator {
    return this.page.getByTestId('help-article');
  }

  /** The help centre's home, or another help page at `path`. */
  async open(path: string = HelpPage.path) {
    await super.open(path);
    if (path === HelpPage.path) {
      await expect(this.page.getByTestId('wizard-list').getByRole('link').first()).toBeVisible();
    }
  }

  async search(query: string) {
    await this.searchBox.fill(query);
  }

  async openWizard(title: string) {
    await this.page.getByTestId('wizard-list').getByRole('link', { name: title }).click();
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(title);
  }

  /** Answers each question with its first choice until the wizard gives its answer. */
  async answerUntilTheEnd(): Promise<Locator> {
    const answer = this.page.getByTestId('wizard-answer');
    for (let step = 0; step < 6 && !(await answer.isVisible()); step++) {
      await this.page.getByTestId('wizard-question').getByRole('button').first().click();
    }
    await expect(answer).toBeVisible();
    return answer;
  }
}
