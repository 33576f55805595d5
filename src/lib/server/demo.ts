import fs from 'node:fs';
import path from 'node:path';
import type { App } from './app';
import { randomToken } from './ids';

const DEMO_AGENCIES = [
	{ name: 'Ministry of Social Affairs (demo)', shortName: 'MoSA', colour: '#1f6feb' },
	{ name: 'Child Rights Alliance (demo)', shortName: 'CRA', colour: '#b3261e' },
	{ name: 'Hope Together (demo)', shortName: 'HT', colour: '#1b7f3b' }
];

/**
 * Seeds an empty database with a demo workshop, three sample agencies and one account per role,
 * and prints their sign-in details (also written to DATA_DIR/demo-accounts.txt, readable only by
 * the process owner). Only with --demo or ACCORD_DEMO=1.
 */
export async function seedDemo(app: App): Promise<void> {
	const password = `demo-${randomToken(8)}`;
	const people = [
		{ email: 'admin@demo.accord.test', name: 'Ada Admin', role: 'admin' as const },
		{ email: 'facilitator@demo.accord.test', name: 'Fatou Facilitator', role: 'facilitator' as const },
		{ email: 'participant.cra@demo.accord.test', name: 'Paul Participant (CRA)', role: 'member' as const },
		{ email: 'participant.ht@demo.accord.test', name: 'Hana Participant (HT)', role: 'member' as const },
		{ email: 'signatory.mosa@demo.accord.test', name: 'Samir Signatory (MoSA)', role: 'member' as const },
		{ email: 'observer@demo.accord.test', name: 'Olga Observer', role: 'member' as const }
	];
	const users = [];
	for (const p of people) {
		const created = await app.accountService.create({ ...p, password, locale: null }, null);
		if (!created.ok) throw new Error(`demo account ${p.email}: ${created.problem}`);
		users.push(created.user);
	}
	const [, facilitator, cra, ht, mosa, observer] = users;
	const result = app.workshopService.create(
		{
			title: 'Demo: CPIMS+ data-protection workshop',
			context: 'Demo country, inter-agency rollout',
			date: new Date().toISOString().slice(0, 10),
			rolloutType: 'inter-agency',
			kitId: 'cpims-plus',
			language: 'en',
			agencies: DEMO_AGENCIES
		},
		facilitator,
		{ userId: facilitator.id, label: facilitator.email }
	);
	if (!result.ok) throw new Error(`demo workshop: ${result.problem}`);
	const wid = result.workshop.id;
	const agencies = app.workshops.agencies(wid);
	const byShort = (s: string) => agencies.find((a) => a.shortName === s)!.id;
	const now = Date.now();
	app.workshops.addMember({ workshopId: wid, userId: cra.id, role: 'participant', agencyId: byShort('CRA'), isSignatory: false, joinedAt: now });
	app.workshops.addMember({ workshopId: wid, userId: ht.id, role: 'participant', agencyId: byShort('HT'), isSignatory: false, joinedAt: now });
	app.workshops.addMember({ workshopId: wid, userId: mosa.id, role: 'participant', agencyId: byShort('MoSA'), isSignatory: true, joinedAt: now });
	app.workshops.addMember({ workshopId: wid, userId: observer.id, role: 'observer', agencyId: byShort('CRA'), isSignatory: false, joinedAt: now });
	const lines = [
		`Demo workshop: ${app.config.origin}/workshops/${wid}`,
		`Every demo account has the password: ${password}`,
		...people.map((p) => `  ${p.email.padEnd(36)} ${p.name}`)
	];
	fs.writeFileSync(path.join(app.config.dataDir, 'demo-accounts.txt'), `${lines.join('\n')}\n`, { mode: 0o600 });
	app.log(`\nDemo data created.\n${lines.join('\n')}\n(also written to ${path.join(app.config.dataDir, 'demo-accounts.txt')})\n`);
}
