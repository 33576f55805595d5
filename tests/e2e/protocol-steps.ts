import { expect, type Page } from '@playwright/test';

/**
 * The steps every signed protocol goes through, as the people of a workshop take them in their
 * browsers: shared by the signing scene and the follow-up scene.
 */

/** On the people page: an invitation link for a participant who signs for `agency`. */
export async function signatoryLink(page: Page, agency: string, previous = ''): Promise<string> {
	await page.getByLabel('Agency', { exact: true }).selectOption({ label: agency });
	await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Participant' });
	await page.getByLabel('Signs for the agency (participants only)').check();
	await page.getByRole('button', { name: 'Create invitation link' }).click();
	const link = page.getByLabel('Invitation link');
	await expect(link).not.toHaveValue(previous);
	await expect(link).toHaveValue(/\/invite\//);
	return link.inputValue();
}

/** Agencies' pages, each with its short name. */
export type Parties = readonly (readonly [Page, string])[];

/** Cuts the protocol to its first clause, and every agency agrees to it. */
export async function agreeOneClause(facilitator: Page, parties: Parties, home: string): Promise<void> {
	facilitator.on('dialog', (d) => d.accept());
	await facilitator.goto(`${home}/boards/dpisp`);
	const summary = facilitator.getByText(/clauses agreed by every agency/);
	await expect(summary).toBeVisible();
	while (!(await summary.textContent())?.includes('of 1 clauses')) await facilitator.getByRole('button', { name: 'Remove clause 2', exact: true }).click();
	for (const [page, agency] of parties) {
		await page.goto(`${home}/boards/dpisp`);
		await page.getByLabel(`Position of ${agency} on clause 1`).selectOption('agree');
	}
	await expect(facilitator.getByText('1 of 1 clauses agreed by every agency')).toBeVisible();
}

/** The facilitator publishes the Terms (or the agreement in lieu of them); every organisation accepts each item. */
export async function publishAndAcceptTerms(facilitator: Page, parties: Parties, home: string, heading: RegExp): Promise<void> {
	await facilitator.goto(`${home}/boards/terms`);
	await expect(facilitator.getByRole('heading', { name: heading })).toBeVisible();
	await facilitator.getByRole('button', { name: 'Publish as a new version' }).click();
	await expect(facilitator.getByText('Version 1 published.')).toBeVisible();
	for (const [page] of parties) {
		await page.goto(`${home}/boards/terms?view=review`);
		const selects = page.getByRole('combobox', { name: /^Review of/ });
		await expect(selects.first()).toBeVisible();
		for (const select of await selects.all()) await select.selectOption('accepted');
	}
}

/** Every cell of the sharing matrix decided: nothing shared. */
export async function shareNothing(page: Page, home: string): Promise<void> {
	await page.goto(`${home}/boards/dpisp?view=sharing`);
	const cells = page.getByRole('combobox', { name: / to / });
	await expect(cells.first()).toBeVisible();
	for (const cell of await cells.all()) await cell.selectOption('no');
	await expect(page.getByText('0 cells still to decide')).toBeVisible();
}

/** The breach chain's people, each agency naming its own for every role that needs one; then who may view the audit-log report. */
export async function nameBreachChain(facilitator: Page, parties: Parties, home: string): Promise<void> {
	for (const [page, agency] of parties) {
		await page.goto(`${home}/boards/breach`);
		const fields = page.getByRole('textbox', { name: new RegExp(` at ${agency}$`) });
		await expect(fields.first()).toBeVisible();
		for (const field of await fields.all()) await field.fill(`${await field.getAttribute('aria-label')} of ${agency}`);
	}
	await facilitator.goto(`${home}/boards/breach`);
	await expect(facilitator.getByText('No warning: the chain is complete and consistent.')).toBeVisible();
	await facilitator.getByRole('link', { name: 'Audit-log access' }).click();
	await facilitator.getByRole('checkbox', { name: 'Data-protection officers' }).check();
	await facilitator.getByRole('checkbox', { name: 'Investigating a suspected breach' }).check();
}

/** Signs the frozen version in the region for `kind`, as the signed-in person. */
export async function sign(page: Page, kind: string, person: { name: string; email: string }, password: string): Promise<void> {
	const form = page.getByRole('region', { name: `Sign as ${kind}` });
	// the name and e-mail are the account's, not typed
	await expect(form.getByText(`You sign as ${person.name} (${person.email})`)).toBeVisible();
	const signing = form.locator('form[action="?/sign"]');
	// what is being signed, said plainly, and the signature as it will stand
	await expect(form.getByText(/^You are signing version \d+ of this protocol, exactly as frozen\. Its digest \(SHA-256\) is [0-9a-f]{64}/)).toBeVisible();
	await signing.getByLabel('Your title').fill('Country Director');
	await expect(form.getByText(`${person.name}, Country Director`, { exact: true })).toBeVisible();
	for (const box of await signing.getByRole('checkbox').all()) await box.check();
	await signing.getByLabel('Your password, entered again').fill(password);
	await signing.getByRole('button', { name: 'Sign' }).click();
	await expect(page.getByText('Your signature is recorded.')).toBeVisible();
}
