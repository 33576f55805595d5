import { expect, test } from '@playwright/test';
import { createInvitation, expectAccessible, joinByLink, personPage, signIn } from './helpers';
import { ADMIN, FACILITATOR, OBSERVER, PARTICIPANT } from './people';

test.describe.configure({ mode: 'serial' });

test('a facilitator sets up a workshop, invites people by link, and they edit the agenda together', async ({ browser }) => {
	// The admin creates the facilitator's account.
	const admin = await personPage(browser);
	await signIn(admin, ADMIN);
	await admin.goto('/admin/accounts');
	await expectAccessible(admin);
	const create = admin.getByRole('region', { name: 'Create an account' });
	await create.getByLabel('Full name').fill(FACILITATOR.name);
	await create.getByLabel('E-mail address').fill(FACILITATOR.email);
	await create.getByLabel('Password').fill(FACILITATOR.password);
	await create.getByRole('button', { name: 'Create an account' }).click();
	await expect(admin.getByText(`Account created for ${FACILITATOR.email}.`)).toBeVisible();

	// The facilitator creates the workshop with two agencies.
	const facilitator = await personPage(browser);
	await signIn(facilitator, FACILITATOR);
	await expectAccessible(facilitator);
	await facilitator.getByRole('link', { name: 'New workshop' }).click();
	await expectAccessible(facilitator);
	await facilitator.getByLabel('Title').fill('CPIMS+ rollout, North region');
	await facilitator.getByLabel('Country or context').fill('Testland, inter-agency');
	await facilitator.getByLabel('Date').fill('2026-12-03');
	const first = facilitator.getByRole('group', { name: 'Agency 1' });
	await first.getByLabel('Agency name').fill('Child Rights Alliance');
	await first.getByLabel('Short name').fill('CRA');
	const second = facilitator.getByRole('group', { name: 'Agency 2' });
	await second.getByLabel('Agency name').fill('Hope Together');
	await second.getByLabel('Short name').fill('HT');
	await facilitator.getByRole('button', { name: 'Create workshop' }).click();
	await expect(facilitator.getByRole('heading', { name: 'CPIMS+ rollout, North region' })).toBeVisible();
	await expect(facilitator.getByLabel('Title of item 1')).toHaveValue('Welcome, aims of the day and ground rules');
	await expect(facilitator.getByText('Step 6')).toBeVisible();
	await expectAccessible(facilitator);
	const workshopUrl = facilitator.url();

	// Invitations: a participant for CRA and an observer for HT.
	await facilitator.getByRole('link', { name: 'People and invitations' }).click();
	await expectAccessible(facilitator);
	const participantLink = await createInvitation(facilitator, 'Child Rights Alliance (CRA)', 'Participant');
	const observerLink = await createInvitation(facilitator, 'Hope Together (HT)', 'Observer', participantLink);
	await expectAccessible(facilitator);

	const participant = await personPage(browser);
	await joinByLink(participant, participantLink, PARTICIPANT);
	const observer = await personPage(browser);
	await joinByLink(observer, observerLink, OBSERVER);
	await expect(observer.getByText('You are observing')).toBeVisible();
	await expectAccessible(participant);
	await expectAccessible(observer);

	// Facilitator and participant edit the agenda at once; each sees the other's change.
	await facilitator.goto(workshopUrl);
	await facilitator.getByLabel('Title of item 1').fill('Welcome and ground rules');
	await participant.getByLabel('Owner of item 2').fill('Paul (CRA)');
	await expect(participant.getByLabel('Title of item 1')).toHaveValue('Welcome and ground rules');
	await expect(facilitator.getByLabel('Owner of item 2')).toHaveValue('Paul (CRA)');

	// The observer sees both changes and has nothing to edit with.
	await expect(observer.getByRole('cell', { name: 'Welcome and ground rules' })).toBeVisible();
	await expect(observer.getByRole('cell', { name: 'Paul (CRA)' })).toBeVisible();
	await expect(observer.getByLabel('Title of item 1')).toHaveCount(0);
	await expect(observer.getByRole('button', { name: 'Add an item' })).toHaveCount(0);

	// Everyone appears as online.
	const online = facilitator.getByRole('complementary', { name: 'Online now' });
	await expect(online.getByText(PARTICIPANT.name)).toBeVisible();
	await expect(online.getByText(OBSERVER.name)).toBeVisible();

	// Removing the participant closes their board at once and tells them why.
	await facilitator.goto(`${workshopUrl}/people`);
	facilitator.once('dialog', (dialog) => dialog.accept());
	await facilitator.getByLabel(`More actions for ${PARTICIPANT.name}`).click();
	await facilitator.getByRole('button', { name: `Remove ${PARTICIPANT.name}` }).click();
	await expect(facilitator.getByText('Member removed.')).toBeVisible();
	await expect(participant.getByText('You were removed from this workshop.')).toBeVisible();
	await expect(participant.getByLabel('Title of item 1')).toHaveCount(0);
});

test('people switch the interface language on any page, and their choice is kept', async ({ browser }) => {
	const page = await personPage(browser);
	await signIn(page, FACILITATOR);
	await page.getByLabel('Language').selectOption('fr');
	await page.getByRole('button', { name: 'Change language' }).click();
	await expect(page.getByRole('heading', { name: 'Vos ateliers' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
	await expectAccessible(page);
	// A new device picks the language up from the profile at sign-in.
	const other = await personPage(browser);
	await other.goto('/sign-in');
	await other.getByLabel('E-mail address').fill(FACILITATOR.email);
	await other.getByLabel('Password').fill(FACILITATOR.password);
	await other.getByRole('button', { name: 'Sign in' }).click();
	await expect(other.getByRole('heading', { name: 'Vos ateliers' })).toBeVisible();
	await other.getByLabel('Langue').selectOption('en');
	await other.getByRole('button', { name: 'Changer de langue' }).click();
	await expect(other.getByRole('heading', { name: 'Your workshops' })).toBeVisible();
});

test('a workshop drafted in Spanish: its boards start from the kit’s Spanish text while the interface stays in English', async ({ browser }) => {
	const page = await personPage(browser);
	await signIn(page, FACILITATOR);
	await page.goto('/workshops/new');
	// the protocol's language is one the kit is written in, in full, each named in its own language
	const language = page.getByLabel('Language of the workshop content');
	await expect(language.locator('option')).toHaveText(['English', 'Français', 'Español', 'العربية']);
	await page.getByLabel('Title').fill('Taller de Tierralandia');
	await page.getByLabel('Country or context').fill('Tierralandia');
	await page.getByLabel('Date').fill('2026-12-10');
	await language.selectOption({ label: 'Español' });
	const group = page.getByRole('group', { name: 'Agency 1' });
	await group.getByLabel('Agency name').fill('Ayuda Alfa');
	await group.getByLabel('Short name').fill('ALF');
	await page.getByRole('button', { name: 'Create workshop' }).click();
	await expect(page.getByRole('heading', { name: 'Taller de Tierralandia', level: 1 })).toBeVisible();
	await expect(page.getByLabel('Title of item 1')).toHaveValue('Bienvenida, objetivos del día y normas de trabajo');
	await page.goto(`${page.url()}/boards/dpisp`);
	await expect(page.getByLabel('Title of clause 1', { exact: true })).toHaveValue('Partes y coordinación');
	await expect(page.getByText('Este protocolo se acuerda entre Ayuda Alfa (ALF)')).toBeVisible();
	await expectAccessible(page);
	// a crafted form asking for a language the kit is not written in is refused, saying which field
	const refused = await page.request.post('/workshops/new', {
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		form: { title: 'Nicht auf Deutsch', context: 'Testland', date: '2026-12-10', rolloutType: 'inter-agency', kitId: 'cpims-plus', language: 'de', 'agencies[0][name]': 'Alpha Aid', 'agencies[0][shortName]': 'ALP', 'agencies[0][colour]': '#aa0000' }
	});
	expect(refused.status()).toBe(400);
	expect(await refused.text()).toContain('Choose a language.');
});

test('a wrong password is refused with a clear message, and the sign-in page is accessible', async ({ browser }) => {
	const page = await personPage(browser);
	await page.goto('/sign-in');
	await expectAccessible(page);
	await page.getByLabel('E-mail address').fill(ADMIN.email);
	await page.getByLabel('Password').fill('not the password at all');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText('That e-mail address and password do not match an account.');
	// a link that Chromium would follow off-site once the tab is dropped stays on Accord
	await page.goto('/sign-in?redirectTo=/%09/evil.example/phish');
	await page.getByLabel('E-mail address').fill(ADMIN.email);
	await page.getByLabel('Password').fill(ADMIN.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => url.pathname === '/');
	expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL ?? 'http://localhost').host);
});

test('the account, audit and error pages are accessible and usable by keyboard', async ({ browser }) => {
	const admin = await personPage(browser);
	await signIn(admin, ADMIN);
	await admin.goto('/admin/audit');
	await expect(admin.getByText(/Hash chain intact/)).toBeVisible();
	await expectAccessible(admin);

	const facilitator = await personPage(browser);
	await signIn(facilitator, FACILITATOR);
	await facilitator.goto('/account');
	await expectAccessible(facilitator);
	await facilitator.goto('/');
	await facilitator.getByRole('link', { name: 'CPIMS+ rollout, North region' }).click();
	await facilitator.getByRole('link', { name: 'Audit log' }).click();
	await expect(facilitator.getByRole('cell', { name: 'invitation.created' }).first()).toBeVisible();
	await expectAccessible(facilitator);
	await facilitator.goto('/workshops/does-not-exist');
	await expect(facilitator.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
	await expectAccessible(facilitator);

	// The skip link is the first stop of the keyboard and takes focus to the content.
	await facilitator.goto('/');
	await facilitator.keyboard.press('Tab');
	await expect(facilitator.getByRole('link', { name: 'Skip to content' })).toBeFocused();
	await facilitator.keyboard.press('Enter');
	await expect(facilitator.locator('main')).toBeFocused();
});

test('after signing out on a shared computer, the copies of the boards kept in the browser can be removed', async ({ browser }) => {
	const page = await personPage(browser);
	await signIn(page, FACILITATOR);
	await page.getByRole('link', { name: 'CPIMS+ rollout, North region' }).click();
	await expect(page.getByLabel('Title of item 1')).toHaveValue('Welcome and ground rules');
	const copies = () => page.evaluate(async () => (await indexedDB.databases()).filter((d) => d.name?.startsWith('accord/')).length);
	await expect.poll(copies).toBeGreaterThan(0);

	await page.getByRole('button', { name: 'Sign out' }).click();
	const notice = page.getByRole('complementary', { name: 'Board copies kept in this browser' });
	await expect(notice).toContainText('changes made offline and never sent to the server would be lost');
	await expectAccessible(page);
	await notice.getByRole('button', { name: 'Remove the copies from this browser' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status')).toHaveText('The board copies were removed from this browser.');
	expect(await copies()).toBe(0);
	// signing in again starts from the server's copy
	await signIn(page, FACILITATOR);
	await page.getByRole('link', { name: 'CPIMS+ rollout, North region' }).click();
	await expect(page.getByLabel('Title of item 1')).toHaveValue('Welcome and ground rules');
});
