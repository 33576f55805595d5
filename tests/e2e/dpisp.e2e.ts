import { expect, test, type Page } from '@playwright/test';
import { closeEveryBrowser, expectAccessible, twoAgencyWorkshop } from './helpers';
import { ADMIN, DPISP_ALPHA, DPISP_BETA, DPISP_FACILITATOR } from './people';

test.afterEach(async ({ browser }) => closeEveryBrowser(browser));

test('two agencies draft a clause together, comment, agree, and the protocol becomes ready; versions show the change', async ({ browser }) => {
	const { facilitator, alpha, beta, home } = await twoAgencyWorkshop(browser, 'Protocol day, North', { admin: ADMIN, facilitator: DPISP_FACILITATOR, alpha: DPISP_ALPHA, beta: DPISP_BETA });

	// The facilitator opens Step 7; the clauses come from the kit with the agencies filled in.
	await facilitator.goto(home);
	await facilitator.getByRole('link', { name: 'Data protection and information-sharing protocol' }).click();
	await expect(facilitator.getByRole('heading', { name: 'Clause 1 · Parties and coordination' })).toBeVisible();
	await expect(facilitator.getByText(/Alpha Aid \(ALP\) and Beta Care \(BET\)/).first()).toBeVisible();
	await expectAccessible(facilitator);

	// A short protocol for the test: keep two clauses.
	facilitator.on('dialog', (dialog) => dialog.accept());
	const summary = facilitator.getByText(/clauses agreed by every agency/);
	while (!(await summary.textContent())?.includes('of 2 clauses')) {
		await facilitator.getByRole('button', { name: 'Remove clause 3', exact: true }).click();
	}
	await facilitator.getByRole('link', { name: 'Versions' }).click();
	await facilitator.getByLabel('Version name').fill('Sent to legal teams');
	await facilitator.getByRole('button', { name: 'Save a version' }).click();
	await expect(facilitator.getByText('Version saved.')).toBeVisible();
	const boardUrl = facilitator.url().replace(/\?.*$/, '');

	// Both agencies edit clause 2 at the same time and see each other's words and caret.
	await Promise.all([alpha.goto(boardUrl), beta.goto(boardUrl)]);
	for (const page of [alpha, beta]) await page.getByRole('button', { name: 'Edit the text of clause 2' }).click();
	const editor = (page: Page) => page.getByRole('textbox', { name: 'Text of clause 2' });
	await editor(alpha).click();
	await alpha.keyboard.press('Control+Home');
	await alpha.keyboard.type('Alpha adds this. ');
	await editor(beta).click();
	await beta.keyboard.press('Control+End');
	await beta.keyboard.type(' Beta adds that.');
	for (const page of [alpha, beta]) {
		await expect(editor(page)).toContainText('Alpha adds this.');
		await expect(editor(page)).toContainText('Beta adds that.');
	}
	await expect(alpha.locator('.collaboration-carets__label', { hasText: DPISP_BETA.name })).toBeVisible();
	await expectAccessible(alpha);

	// Personal data typed by mistake is flagged at once, and the facilitator sees it.
	await alpha.keyboard.type(' Call +254 712 345 678.');
	await expect(alpha.getByRole('alert').filter({ hasText: 'This looks like personal data (phone number' })).toBeVisible();
	for (let i = 0; i < ' Call +254 712 345 678.'.length; i++) await alpha.keyboard.press('Backspace');
	await facilitator.goto(`${boardUrl}?view=guard`);
	await expect(facilitator.getByRole('cell', { name: /phone number/ })).toBeVisible();
	await facilitator.getByRole('button', { name: 'Clear' }).first().click();
	await expect(facilitator.getByRole('cell', { name: 'Cleared' }).first()).toBeVisible();

	// Beta comments on the clause; Alpha sees it.
	await beta.getByRole('heading', { name: /Clause 2/ }).locator('xpath=ancestor::li[1]').locator('summary', { hasText: 'Comments' }).click();
	await beta.getByLabel('New comment on clause 2').fill('Should we name the hosting provider here?');
	await beta.getByRole('button', { name: 'Comment', exact: true }).last().click();
	await expect(alpha.getByText('Should we name the hosting provider here?')).toBeVisible();

	// Alpha is typing a reply and a new comment when Beta resolves the only open thread: nothing
	// Alpha has typed is folded away or lost.
	const alphaReply = alpha.getByLabel(`Reply to ${DPISP_BETA.name}`);
	await alphaReply.fill('Yes, and the country of hosting');
	await alpha.getByLabel('New comment on clause 2').fill('Half-written thought');
	await beta.getByRole('button', { name: 'Resolve' }).click();
	await expect(alpha.getByRole('button', { name: 'Reopen' })).toBeVisible();
	await expect(alphaReply).toBeVisible();
	await expect(alphaReply).toHaveValue('Yes, and the country of hosting');
	await expect(alpha.getByLabel('New comment on clause 2')).toBeVisible();
	await expect(alpha.getByLabel('New comment on clause 2')).toHaveValue('Half-written thought');
	await alpha.getByLabel('New comment on clause 2').fill('');

	// Both agencies agree to both clauses; the facilitator sees the protocol become ready.
	for (const [page, agency] of [
		[alpha, 'ALP'],
		[beta, 'BET']
	] as const) {
		for (const number of [1, 2]) await page.getByLabel(`Position of ${agency} on clause ${number}`).selectOption('agree');
	}
	await facilitator.goto(boardUrl);
	await expect(facilitator.getByRole('heading', { name: /Clause 2/ }).locator('..').getByText('Agreed', { exact: true })).toBeVisible();
	await expect(facilitator.getByText('2 of 2 clauses agreed by every agency')).toBeVisible();
	await expect(facilitator.getByText('Every clause is agreed: the protocol is ready for sign-off.')).toBeVisible();
	await expectAccessible(facilitator);

	// The comparison with the saved version shows what changed.
	await facilitator.getByRole('link', { name: 'Versions' }).click();
	await expect(facilitator.getByRole('heading', { name: /Clause changed: Purpose and scope/ })).toBeVisible();
	await expect(facilitator.locator('ins', { hasText: 'Alpha adds this.' })).toBeVisible();
	await expectAccessible(facilitator);

	// The sharing matrix and the data-request procedure are there, and accessible.
	await facilitator.getByRole('link', { name: 'Data-sharing matrix' }).click();
	await facilitator.getByLabel('Identification of the child (name, age, sex, photo) to ALP').selectOption('conditional');
	await expect(facilitator.getByText('Name at least one condition.')).toBeVisible();
	await facilitator.getByRole('checkbox', { name: 'With consent' }).check();
	await facilitator.getByLabel('Channel', { exact: true }).selectOption({ label: 'In-system referral or transfer' });
	await expect(facilitator.getByText('Name at least one condition.')).toHaveCount(0);
	await expectAccessible(facilitator);

	// The whole matrix by keyboard: a cell's decision, its conditions and channel, the rest of a
	// column at once, and the filter for what is still to decide.
	const cell = facilitator.getByLabel('Identification of the child (name, age, sex, photo) to BET', { exact: true });
	await cell.focus();
	await facilitator.keyboard.press('ArrowDown'); // ? → No
	await facilitator.keyboard.press('ArrowDown'); // No → Yes
	await expect(cell).toHaveValue('yes');
	await facilitator.keyboard.press('Tab');
	await expect(facilitator.getByRole('button', { name: 'Conditions and channel for Identification of the child (name, age, sex, photo) to BET' })).toBeFocused();
	await facilitator.keyboard.press('Enter');
	await facilitator.getByLabel('Channel', { exact: true }).focus();
	await facilitator.keyboard.press('ArrowDown');
	await expect(facilitator.getByLabel('Channel', { exact: true })).not.toHaveValue('');
	await facilitator.getByLabel('Decide the rest of').focus();
	await facilitator.getByLabel('Decide the rest of').selectOption({ label: 'BET' });
	await facilitator.keyboard.press('Tab');
	await expect(facilitator.getByLabel('Decision for the undecided cells')).toBeFocused();
	await facilitator.getByLabel('Decision for the undecided cells').selectOption('no');
	await facilitator.keyboard.press('Tab');
	await facilitator.keyboard.press('Enter');
	await expect(facilitator.getByRole('status').filter({ hasText: /cells decided; the ones already decided were left as they were/ })).toBeVisible();
	// the cell decided by hand kept its decision; the others in the column are now "No"
	await expect(cell).toHaveValue('yes');
	await expect(facilitator.getByLabel('Aggregated statistics to BET', { exact: true })).toHaveValue('no');
	await facilitator.getByLabel('Only rows still to decide').focus();
	await facilitator.keyboard.press('Space');
	await expect(facilitator.getByLabel('Only rows still to decide')).toBeChecked();
	await expectAccessible(facilitator);
	await facilitator.getByRole('link', { name: 'Data requests' }).click();
	await expect(facilitator.getByLabel('Days to decide: Police, immigration or security services')).toHaveValue('5');
	await expectAccessible(facilitator);
});
