import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, twoAgencyWorkshop } from './helpers';
import { ADMIN, STEP9_ALPHA, STEP9_BETA, STEP9_FACILITATOR } from './people';

test.describe.configure({ mode: 'serial' });

let facilitator: Page;
let alpha: Page;
let beta: Page;
let home: string;

test('set-up: a workshop with two agencies', async ({ browser }) => {
	({ facilitator, alpha, beta, home } = await twoAgencyWorkshop(browser, 'Procedures day', { admin: ADMIN, facilitator: STEP9_FACILITATOR, alpha: STEP9_ALPHA, beta: STEP9_BETA }));
	await expect(alpha.getByRole('heading', { name: 'Agenda' })).toBeVisible();
});

test('a medium-severity breach: the authority decision, and the data-subject step with its safety check', async () => {
	await facilitator.goto(home);
	await facilitator.getByRole('link', { name: 'Data-breach procedure' }).click();
	await expect(facilitator.getByRole('heading', { name: /Step 9/ })).toBeVisible();
	const board = facilitator.url();
	// The medium path of the kit's chain reaches both decisions, each counted from the agency's awareness.
	await facilitator.getByLabel('Path for severity').selectOption({ label: 'Medium' });
	await expect(facilitator.getByRole('button', { name: /^Step 5: Agency data-protection officer, due 61 h · authority decision/ })).toBeVisible();
	await expect(facilitator.getByRole('button', { name: /^Step 5: Breach response team, due 49 h · tell the people concerned\?/ })).toBeVisible();
	await facilitator.getByRole('button', { name: /^Step 5: Agency data-protection officer/ }).click();
	await expect(facilitator.getByLabel('What the law asks of this step')).toHaveValue('authority');
	await expect(facilitator.getByLabel('Counted from')).toHaveValue('awareness');
	await expectAccessible(facilitator);

	await facilitator.getByRole('link', { name: 'Drill' }).click();
	await facilitator.getByLabel('Scenario', { exact: true }).selectOption({ label: 'A referral goes to the wrong service provider' });
	await facilitator.getByRole('button', { name: 'Start the drill' }).click();
	await alpha.goto(board);
	await alpha.getByRole('link', { name: 'Drill' }).click();
	const subjects = alpha.getByRole('form', { name: 'Decision for step 5: Breach response team' });
	await expect(subjects).toBeVisible();
	// Not telling them needs the safety check first, then a reason.
	await subjects.getByLabel('They are not told').check();
	await subjects.getByRole('button', { name: 'Record the decision: Breach response team' }).click();
	await expect(subjects.getByRole('alert')).toHaveText('Confirm the safety assessment first: telling them must not put a child at risk.');
	await subjects.getByLabel(/We assessed whether telling them/).check();
	await subjects.getByRole('button', { name: 'Record the decision: Breach response team' }).click();
	await expect(subjects.getByRole('alert')).toHaveText(/Give the reason/);
	await subjects.getByLabel(/^Why/).fill('The forms were deleted unread the same day.');
	await subjects.getByRole('button', { name: 'Record the decision: Breach response team' }).click();
	await expect(facilitator.getByRole('cell', { name: /They are not told — “The forms were deleted unread the same day\.”/ })).toBeVisible();

	const authority = alpha.getByRole('form', { name: 'Decision for step 5: Agency data-protection officer' });
	await authority.getByLabel('The authority is not notified').check();
	await authority.getByLabel(/^Why/).fill('Unlikely to result in a risk: deleted unread, no protection details.');
	await authority.getByRole('button', { name: /^Record the decision/ }).click();
	await expect(facilitator.getByRole('cell', { name: /The authority is not notified — “Unlikely to result in a risk/ })).toBeVisible();
	await expectAccessible(alpha);
	await facilitator.getByRole('button', { name: 'End the drill' }).click();
	await expect(facilitator.getByRole('heading', { name: 'Past drills' })).toBeVisible();
});

test('two agencies build a three-step chain with a parallel step; a warning appears and clears; a drill records a missed deadline', async () => {
	await facilitator.goto(home);
	await facilitator.getByRole('link', { name: 'Data-breach procedure' }).click();
	await expect(facilitator.getByRole('heading', { name: /Step 9/ })).toBeVisible();
	await expectAccessible(facilitator);
	const board = facilitator.url();

	// Start from an empty chain: remove the kit's default steps.
	await facilitator.getByLabel('Path for severity').selectOption({ label: 'Very high' });
	const steps = facilitator.getByRole('figure').getByRole('button');
	while ((await steps.count()) > 0) {
		await steps.first().click();
		await facilitator.getByRole('button', { name: 'Remove this step' }).click();
	}

	await Promise.all([alpha.goto(board), beta.goto(board)]);
	const addStep = async (page: Page, role: string, order: number, hours: number, relative: 'Detection' | 'The previous steps') => {
		await page.getByRole('button', { name: 'Add a step' }).click();
		await page.getByLabel('Who acts (role)').selectOption({ label: role });
		await page.getByLabel('Order', { exact: true }).fill(String(order));
		await page.getByLabel('Order', { exact: true }).blur();
		await page.getByLabel('Within (hours)').fill(String(hours));
		await page.getByLabel('Within (hours)').blur();
		await page.getByLabel('Counted from').selectOption({ label: relative });
		await page.getByLabel('Channel').selectOption({ label: 'Phone call' });
	};
	await addStep(alpha, 'Whoever detects it', 0, 0, 'Detection');
	await addStep(beta, 'Supervisor and agency focal point', 1, 1, 'The previous steps');
	await addStep(alpha, 'System administrator', 1, 2, 'The previous steps');

	// Everyone sees the three steps, two of them in parallel, on the timeline.
	for (const page of [alpha, beta, facilitator]) {
		await expect(page.getByRole('button', { name: /^Step 0: Whoever detects it, due immediately/ })).toBeVisible();
		await expect(page.getByRole('button', { name: /^Step 1: Supervisor and agency focal point, due 1 h/ })).toBeVisible();
		await expect(page.getByRole('button', { name: /^Step 1: System administrator, due 2 h/ })).toBeVisible();
	}

	// Roles without a named person raise a warning, with its rule; naming them clears it. The
	// warnings are one line under the timeline, opened to read them all.
	const warning = alpha.getByText('A role has no named person in an agency.').first();
	await expect(warning).toBeVisible();
	await alpha.locator('summary', { hasText: /^Warnings/ }).click();
	await expect(alpha.getByText(/Rule “role-without-person”/).first()).toBeVisible();
	for (const role of ['Whoever detects it', 'Supervisor and agency focal point', 'System administrator']) {
		await alpha.getByLabel(`${role} at ALP`).fill(`${role} (Alpha)`);
		await beta.getByLabel(`${role} at BET`).fill(`${role} (Beta)`);
	}
	await expect(alpha.getByText('A role has no named person in an agency.')).toHaveCount(0);
	// A chain without the legal steps still warns, for every severity: no authority decision, no register.
	await expect(alpha.getByRole('listitem').filter({ hasText: /Breaches of this severity never reach the decision on notifying the authority/ })).toHaveCount(4);
	await expect(alpha.getByRole('listitem').filter({ hasText: /Breaches of this severity are never entered in the breach register/ })).toHaveCount(4);
	await expectAccessible(alpha);

	// A deadline edited by keyboard on the timeline.
	const admin = beta.getByRole('button', { name: /^Step 1: System administrator/ });
	await admin.focus();
	await beta.keyboard.press('ArrowRight');
	await expect(alpha.getByRole('button', { name: /^Step 1: System administrator, due 3 h/ })).toBeVisible();

	// The drill: ten scenario hours per real minute; nobody acts on the first step in time.
	await facilitator.getByRole('link', { name: 'Drill' }).click();
	await facilitator.getByLabel('Scenario', { exact: true }).selectOption({ label: 'A screen left open in a shared office' });
	await facilitator.getByLabel('Scenario hours per real minute').fill('10');
	await expect(facilitator.getByText('At this speed, a 72-hour breach timeline plays out in 8 minutes.')).toBeVisible();
	await facilitator.getByRole('button', { name: 'Start the drill' }).click();
	// the clock starts at zero, never below it (a browser's clock slightly behind the server's showed "-1 h -3 min")
	await expect(facilitator.getByRole('timer')).toHaveText(/^Scenario time: 0 h \d+ min$/);
	await alpha.getByRole('link', { name: 'Drill' }).click();
	await expect(alpha.getByText(/Drill running/)).toBeVisible();
	await expect(alpha.getByRole('cell', { name: 'Deadline missed' }).first()).toBeVisible();
	await alpha.getByRole('button', { name: 'Done: Supervisor and agency focal point' }).click();
	await expect(facilitator.getByRole('cell', { name: /Done (on time|late)/ })).toBeVisible();
	await expectAccessible(alpha);
	await facilitator.getByRole('button', { name: 'End the drill' }).click();
	await expect(facilitator.getByText(/deadlines missed/).last()).toBeVisible();
	const [download] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByRole('link', { name: /Download the record of “A screen left open/ }).click()]);
	expect(download.suggestedFilename()).toMatch(/^drill-.*\.csv$/);

	// Audit-log access: the decision goes into the protocol's audit clause.
	await facilitator.getByRole('link', { name: 'Audit-log access' }).click();
	await facilitator.getByRole('checkbox', { name: 'CP Administrator (coordination)' }).check();
	await facilitator.getByLabel('How often it is reviewed').fill('every month');
	await expect(facilitator.getByText(/Only CP Administrator \(coordination\) may view the audit-log report/)).toBeVisible();
	await expectAccessible(facilitator);
	await facilitator.goto(home);
	await facilitator.getByRole('link', { name: 'Data protection and information-sharing protocol' }).click();
	await expect(facilitator.getByText(/Only CP Administrator \(coordination\) may view the audit-log report, and only for: —\. It is reviewed every month/)).toBeVisible();
});

test('each organisation reviews the Terms; a new version puts everyone back to reviewing', async () => {
	await facilitator.goto(home);
	await facilitator.getByRole('link', { name: 'Terms of Use' }).click();
	await facilitator.getByRole('button', { name: 'Publish as a new version' }).click();
	await expect(facilitator.getByText('Version 1 published.')).toBeVisible();
	await expectAccessible(facilitator);
	const termsUrl = facilitator.url().replace(/\?.*$/, '');

	await alpha.goto(`${termsUrl}?view=review`);
	const selects = alpha.getByRole('combobox', { name: /^Review of/ });
	await expect(selects.first()).toBeVisible();
	const count = await selects.count();
	expect(count).toBeGreaterThan(10);
	for (let i = 0; i < count; i++) await selects.nth(i).selectOption('accepted');
	await expect(facilitator.getByRole('row', { name: /Alpha Aid Ready to sign/ })).toBeVisible();
	await expect(facilitator.getByRole('row', { name: /Beta Care Not started/ })).toBeVisible();
	await expectAccessible(alpha);

	await facilitator.getByRole('textbox', { name: 'Draft of the next version' }).fill('# Terms\n\n1. Accounts are personal.\n2. Photos of screens are forbidden.');
	await facilitator.getByRole('button', { name: 'Publish as a new version' }).click();
	await expect(facilitator.getByText('Version 2 published.')).toBeVisible();
	await expect(facilitator.getByRole('row', { name: /Alpha Aid Reviewing/ })).toBeVisible();
	await expect(alpha.getByRole('row', { name: /Alpha Aid Reviewing/ })).toBeVisible();
	await alpha.getByRole('link', { name: 'Text' }).click();
	await expect(alpha.locator('ins', { hasText: 'Photos' }).first()).toBeVisible();

	// A rapid-onset emergency: the facilitator records that the system goes live before the Terms are signed; everyone sees who did.
	await facilitator.getByRole('checkbox', { name: /^Rapid-onset emergency/ }).check();
	await expect(alpha.getByRole('note')).toContainText('The system goes live before the Terms are signed');
	await expect(alpha.getByRole('checkbox', { name: /^Rapid-onset emergency/ })).toHaveCount(0);
	await expectAccessible(facilitator);
});
