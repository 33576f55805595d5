import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { expectAccessible, personPage, signIn, twoAgencyWorkshop } from './helpers';
import { ADMIN, E2E_DATA_DIR, LIVE_ALPHA, LIVE_BETA, LIVE_FACILITATOR } from './people';

test.describe.configure({ mode: 'serial' });

let facilitator: Page;
let alpha: Page;
let beta: Page;
let home: string;

/** Seconds on a countdown such as "14:58" or "−0:03". */
async function secondsLeft(page: Page): Promise<number> {
	const text = (await page.getByTestId('countdown').textContent()) ?? '';
	const [min, sec] = text.replace('−', '-').split(':');
	const sign = min.startsWith('-') ? -1 : 1;
	return sign * (Math.abs(Number(min)) * 60 + Number(sec));
}

test('set-up: a facilitator and two agencies, one of them with a computer clock seven minutes fast', async ({ browser }) => {
	({ facilitator, alpha, beta, home } = await twoAgencyWorkshop(browser, 'Facilitation day', { admin: ADMIN, facilitator: LIVE_FACILITATOR, alpha: LIVE_ALPHA, beta: LIVE_BETA }, async (page, who) => {
		if (who === 'alpha') await page.clock.setSystemTime(new Date(Date.now() + 7 * 60_000));
	}));
	await expect(alpha.getByRole('heading', { name: 'Agenda' })).toBeVisible();
});

test('the facilitator starts the timer; a participant whose clock is wrong sees the same countdown', async () => {
	await facilitator.goto(home);
	await alpha.goto(home);
	const run = facilitator.getByRole('button', { name: 'Start', exact: true });
	await facilitator.getByLabel('Agenda item').selectOption({ index: 1 });
	await run.click();
	await expect(facilitator.getByTestId('countdown')).toBeVisible();
	await expect(alpha.getByTestId('countdown')).toBeVisible();
	const [f, a] = [await secondsLeft(facilitator), await secondsLeft(alpha)];
	expect(f).toBeGreaterThan(60);
	expect(Math.abs(f - a)).toBeLessThanOrEqual(3);
	await facilitator.getByRole('button', { name: 'Pause' }).click();
	await expect(alpha.getByText('paused')).toBeVisible();
	await facilitator.getByRole('button', { name: '+5 min' }).click();
	await expect.poll(() => secondsLeft(alpha)).toBeGreaterThan(f + 200);
	await expectAccessible(facilitator);
	await expectAccessible(alpha);
});

test('follow me: the facilitator moves and the followers go with; "bring everyone here" moves the rest', async () => {
	await alpha.getByLabel('Follow the facilitator').check();
	await facilitator.getByLabel('Others follow me').check();
	await facilitator.getByRole('link', { name: 'Data-breach procedure' }).click();
	await expect(alpha).toHaveURL(/\/boards\/breach/);
	await expect(beta).not.toHaveURL(/\/boards\/breach/);
	await facilitator.getByRole('button', { name: 'Bring everyone here' }).click();
	await expect(beta).toHaveURL(/\/boards\/breach/);

	// A board lock reaches everyone and makes the board read-only for them.
	await facilitator.getByRole('button', { name: 'Lock this board' }).click();
	await expect(beta.getByRole('region', { name: 'Running the workshop' }).getByText(`Locked by ${LIVE_FACILITATOR.name}`)).toBeVisible();
	await expect(beta.getByRole('button', { name: 'Add a step' })).toHaveCount(0);
	await facilitator.getByRole('button', { name: 'Unlock this board' }).click();
	await expect(beta.getByRole('button', { name: 'Add a step' })).toBeVisible();
	await alpha.getByLabel('Follow the facilitator').uncheck();
	await beta.getByLabel('Follow the facilitator').uncheck();
	await facilitator.getByLabel('Others follow me').uncheck();
});

test('follow me down to the item: a follower sees the clause the facilitator works on', async () => {
	await facilitator.goto(home);
	await alpha.getByLabel('Follow the facilitator').check();
	await facilitator.getByLabel('Others follow me').check();
	await facilitator.getByRole('link', { name: 'Data protection and information-sharing protocol' }).click();
	await expect(alpha).toHaveURL(/\/boards\/dpisp/);
	const lastClause = (page: Page) => page.locator('[data-follow-item]').last();
	await expect(lastClause(alpha)).toBeAttached();
	await expect(lastClause(alpha)).not.toBeInViewport();
	const id = await lastClause(facilitator).getAttribute('data-follow-item');
	// the facilitator moves to the last clause by keyboard; the follower's page brings it into view
	await lastClause(facilitator).locator('button').first().focus();
	await expect(alpha.locator(`[data-follow-item="${id}"]`)).toBeInViewport();
	await expectAccessible(alpha);
	await alpha.getByLabel('Follow the facilitator').uncheck();
	await facilitator.getByLabel('Others follow me').uncheck();
});

test('the presenter view follows the facilitator: to the clause they are on, then to another board', async ({ browser }) => {
	// the projector's own browser, signed in as the facilitator, with the presenter view open
	const projector = await personPage(browser);
	await signIn(projector, LIVE_FACILITATOR);
	await facilitator.goto(home);
	await facilitator.getByRole('link', { name: 'Data protection and information-sharing protocol' }).click();
	await projector.goto((await facilitator.getByRole('link', { name: 'Present' }).getAttribute('href'))!);
	await expect(projector.getByRole('heading', { name: 'Step 7 · Data protection and information-sharing protocol' })).toBeVisible();
	// it opens on the clause the facilitator last led to (the last one, in the test before)
	await expect(projector.getByRole('heading', { name: /^Clause 32 · / })).toBeVisible();

	await facilitator.getByLabel('Others follow me').check();
	const third = facilitator.locator('[data-follow-item]').nth(2);
	const title = (await third.getByRole('heading').first().textContent())!.replace(/^Clause 3 · /, '').trim();
	await third.locator('button').first().focus();
	await expect(projector.getByRole('heading', { name: `Clause 3 · ${title}` })).toBeVisible();
	await expectAccessible(projector);

	await facilitator.getByRole('link', { name: /^Workshop home/ }).click();
	await facilitator.getByRole('link', { name: 'Data-breach procedure' }).click();
	await expect(projector).toHaveURL(/\/boards\/breach\?present=1$/);
	await expect(projector.getByRole('heading', { name: 'Step 9 · Data-breach procedure' })).toBeVisible();
	await expect(projector.getByRole('figure')).toBeVisible();
	await facilitator.getByLabel('Others follow me').uncheck();
	await projector.close();
});

test('dot voting stays hidden until the close, then shows totals; parking lot and decisions are shared', async () => {
	await Promise.all([facilitator.goto(home), alpha.goto(home), beta.goto(home)]);
	await facilitator.getByLabel('Question', { exact: true }).fill('Which clauses need more time?');
	await facilitator.getByLabel('Vote on').selectOption({ index: 1 });
	await facilitator.getByRole('button', { name: 'Start the vote' }).click();
	const vote = (page: Page) => page.getByRole('article', { name: 'Which clauses need more time?' });
	for (const page of [alpha, beta]) {
		const spin = vote(page).getByRole('spinbutton');
		await spin.nth(0).fill('2');
		await spin.nth(1).fill(page === alpha ? '1' : '0');
		await vote(page).getByRole('button', { name: 'Place my dots' }).click();
		await expect(vote(page).getByText('Your dots are in.')).toBeVisible();
	}
	await expect(vote(facilitator).getByText('2 people have voted')).toBeVisible();
	await expect(vote(facilitator).getByRole('listitem').filter({ hasText: /\d$/ })).toHaveCount(0);
	await vote(facilitator).getByRole('button', { name: 'Close the vote and show results' }).click();
	await expect(vote(beta).getByText('Results — 2 people voted')).toBeVisible();
	await expect(vote(beta).getByRole('listitem').first()).toContainText('4');

	await alpha.getByLabel('Question to park').fill('Who pays for the tablets?');
	await alpha.getByLabel('Who follows it up').fill('Beta Care');
	await alpha.getByRole('button', { name: 'Park it' }).click();
	await expect(beta.getByText('Who pays for the tablets?')).toBeVisible();
	await facilitator.getByLabel('Decision', { exact: true }).fill('Photos are never shared outside the case agency.');
	await facilitator.getByRole('button', { name: 'Log the decision' }).click();
	await expect(alpha.getByText('Photos are never shared outside the case agency.')).toBeVisible();
	await expect(alpha.getByText(/present: .*Aziz Alpha/)).toBeVisible();
	await expectAccessible(alpha);
});

test('a participant edits offline, reloads, reconnects, and the other participant sees the edit', async () => {
	// The collaboration socket can be held out of reach after the network comes back (the route
	// takes effect on the next page load), to prove the edit survives a reload on this device alone.
	let blocked = false;
	await alpha.routeWebSocket(/\/collab\//, (ws) => {
		if (blocked) ws.close();
		else ws.connectToServer();
	});
	await Promise.all([alpha.goto(home), beta.goto(home)]);
	const title = alpha.getByLabel('Title of item 2');
	await expect(alpha.getByRole('region', { name: 'Agenda' }).getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
	await alpha.context().setOffline(true);
	await expect(alpha.getByText('Offline — your changes are saved on this device')).toBeVisible();
	await title.fill('Edited on the train');
	await title.blur();

	blocked = true;
	await alpha.context().setOffline(false);
	await alpha.reload();
	await expect(alpha.getByLabel('Title of item 2')).toHaveValue('Edited on the train');
	await expect(alpha.getByText('Offline — your changes are saved on this device')).toBeVisible();
	await expect(beta.getByLabel('Title of item 2')).not.toHaveValue('Edited on the train');

	blocked = false;
	await expect(beta.getByLabel('Title of item 2')).toHaveValue('Edited on the train', { timeout: 15_000 });
	await expect(alpha.getByText('All changes synced')).toBeVisible();
	await expectAccessible(alpha);
});

test('when the server cannot save (another program holds the database), the participant is told, and the edit arrives once it can', async () => {
	await Promise.all([alpha.goto(home), beta.goto(home)]);
	// Connected. If the last scene left before the device recorded that the server holds its offline
	// edit (a second and a half after the sync), this load syncs it again and says so instead of "Live".
	await expect(alpha.getByRole('region', { name: 'Agenda' }).getByRole('status').filter({ hasText: /^\s*(Live|All changes synced)\s*$/ })).toBeVisible();
	// another program (a backup script gone wrong, say) takes the database's write lock and keeps it
	const holder = new Database(path.join(E2E_DATA_DIR, 'accord.sqlite'));
	holder.exec('BEGIN IMMEDIATE');
	try {
		const title = alpha.getByLabel('Title of item 3');
		await title.fill('Typed while the server could not save');
		await title.blur();
		await expect(alpha.getByText('The server cannot save right now. Your changes are kept on this device and will be sent as soon as it can.')).toBeVisible();
		await expect(beta.getByLabel('Title of item 3')).not.toHaveValue('Typed while the server could not save');
		await expectAccessible(alpha);
	} finally {
		holder.exec('COMMIT');
		holder.close();
	}
	await expect(beta.getByLabel('Title of item 3')).toHaveValue('Typed while the server could not save', { timeout: 15_000 });
	await expect(alpha.getByText('The server cannot save right now.', { exact: false })).toBeHidden();
});

test('a locked clause is read-only for the participants and shows who locked it', async () => {
	await facilitator.goto(`${home}/boards/dpisp`);
	await beta.goto(`${home}/boards/dpisp`);
	await expect(beta.getByRole('button', { name: 'Edit the text of clause 1', exact: true })).toBeVisible();
	await facilitator.getByRole('button', { name: 'Lock Clause 1', exact: true }).click();
	const clause = beta.getByRole('listitem', { name: /^Clause 1 ·/ });
	await expect(clause.getByText(`Locked by ${LIVE_FACILITATOR.name}`)).toBeVisible();
	await expect(beta.getByRole('button', { name: 'Edit the text of clause 1', exact: true })).toHaveCount(0);
	await expectAccessible(beta);
	await facilitator.getByRole('button', { name: 'Unlock Clause 1', exact: true }).click();
	await expect(beta.getByRole('button', { name: 'Edit the text of clause 1', exact: true })).toBeVisible();
});

test('a locked escalation chain is read-only for the participants; the rest of Step 9 stays editable', async () => {
	await facilitator.goto(`${home}/boards/breach`);
	await beta.goto(`${home}/boards/breach`);
	await expect(beta.getByRole('button', { name: 'Add a step' })).toBeVisible();
	await facilitator.getByRole('button', { name: 'Lock the escalation chain', exact: true }).click();
	await expect(beta.getByText(`Locked by ${LIVE_FACILITATOR.name}`)).toBeVisible();
	await expect(beta.getByRole('button', { name: 'Add a step' })).toHaveCount(0);
	await expectAccessible(beta);
	// the audit-log decision is not part of the chain: Beta still writes it, and the facilitator sees it
	await beta.getByRole('link', { name: 'Audit-log access' }).click();
	await beta.getByLabel('How often it is reviewed').fill('Every quarter, and after any breach');
	await facilitator.getByRole('link', { name: 'Audit-log access' }).click();
	await expect(facilitator.getByLabel('How often it is reviewed')).toHaveValue('Every quarter, and after any breach');
	await facilitator.getByRole('link', { name: 'Escalation chain' }).click();
	await facilitator.getByRole('button', { name: 'Unlock the escalation chain', exact: true }).click();
	await beta.getByRole('link', { name: 'Escalation chain' }).click();
	await expect(beta.getByRole('button', { name: 'Add a step' })).toBeVisible();
});

test('a facilitator restores a board from its history, for everyone at once', async () => {
	await Promise.all([facilitator.goto(home), alpha.goto(home)]);
	const title = alpha.getByLabel('Title of item 1');
	const before = await title.inputValue();
	await facilitator.getByText('Board history').click();
	await facilitator.getByRole('button', { name: 'Save a restore point now' }).click();
	await expect(facilitator.getByText('Restore point saved.')).toBeVisible();
	await title.fill('JUNK JUNK JUNK');
	await expect(facilitator.getByLabel('Title of item 1')).toHaveValue('JUNK JUNK JUNK');
	facilitator.once('dialog', (dialog) => dialog.accept());
	await facilitator.getByRole('button', { name: /^Restore this point \(/ }).first().click();
	await expect(facilitator.getByText('The board was restored.')).toBeVisible();
	await expect(title).toHaveValue(before);
	await expectAccessible(facilitator);
});

test('the facilitator hands the role over to a participant during the day', async () => {
	await facilitator.goto(`${home}/people`);
	facilitator.once('dialog', (dialog) => dialog.accept());
	// the weightier acts on a member sit in one menu per person, opened by keyboard here
	await facilitator.getByLabel(`More actions for ${LIVE_BETA.name}`).focus();
	await facilitator.keyboard.press('Enter');
	await facilitator.getByRole('button', { name: `Hand facilitation over to ${LIVE_BETA.name}` }).click();
	await expect(facilitator).toHaveURL(new RegExp(`${home}$`));
	await expect(facilitator.getByRole('button', { name: 'Bring everyone here' })).toHaveCount(0);
	await beta.goto(home);
	await expect(beta.getByRole('button', { name: 'Bring everyone here' })).toBeVisible();
	await expect(beta.getByRole('button', { name: 'Start the vote' })).toBeVisible();
});
