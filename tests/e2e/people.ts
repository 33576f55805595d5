export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? '/tmp/accord-e2e';

export interface TestPerson {
	name: string;
	email: string;
	password: string;
}

const password = 'blue tents by the river';
export const ADMIN: TestPerson = { name: 'Ada Admin', email: 'ada@example.org', password };
export const FACILITATOR: TestPerson = { name: 'Fatou Facilitator', email: 'fatou@example.org', password };
export const PARTICIPANT: TestPerson = { name: 'Paul Participant', email: 'paul@example.org', password };
export const OBSERVER: TestPerson = { name: 'Olga Observer', email: 'olga@example.org', password };

export const DPIA_FACILITATOR: TestPerson = { name: 'Dina Facilitator', email: 'dina@example.org', password };
export const DPIA_ALPHA: TestPerson = { name: 'Ali Alpha', email: 'ali@example.org', password };
export const DPIA_BETA: TestPerson = { name: 'Bea Beta', email: 'bea@example.org', password };

export const DPISP_FACILITATOR: TestPerson = { name: 'Pia Facilitator', email: 'pia@example.org', password };
export const DPISP_ALPHA: TestPerson = { name: 'Alex Alpha', email: 'alex@example.org', password };
export const DPISP_BETA: TestPerson = { name: 'Ben Beta', email: 'ben@example.org', password };

export const STEP9_FACILITATOR: TestPerson = { name: 'Nia Facilitator', email: 'nia@example.org', password };
export const STEP9_ALPHA: TestPerson = { name: 'Ama Alpha', email: 'ama@example.org', password };
export const STEP9_BETA: TestPerson = { name: 'Bo Beta', email: 'bo@example.org', password };

export const SIGN_FACILITATOR: TestPerson = { name: 'Sara Facilitator', email: 'sara@example.org', password };
export const SIGN_ALPHA: TestPerson = { name: 'Amina Alpha', email: 'amina@example.org', password };
export const SIGN_BETA: TestPerson = { name: 'Boris Beta', email: 'boris@example.org', password };

export const LIVE_FACILITATOR: TestPerson = { name: 'Lina Facilitator', email: 'lina@example.org', password };
export const LIVE_ALPHA: TestPerson = { name: 'Aziz Alpha', email: 'aziz@example.org', password };
export const LIVE_BETA: TestPerson = { name: 'Bintou Beta', email: 'bintou@example.org', password };

export const SCREENS_FACILITATOR: TestPerson = { name: 'Sam Facilitator', email: 'sam@example.org', password };
export const SCREENS_ALPHA: TestPerson = { name: 'Abebe Alpha', email: 'abebe@example.org', password };
export const SCREENS_BETA: TestPerson = { name: 'Baraka Beta', email: 'baraka@example.org', password };

export const FOLLOW_FACILITATOR: TestPerson = { name: 'Femi Facilitator', email: 'femi@example.org', password };
export const FOLLOW_ALPHA: TestPerson = { name: 'Adaeze Alpha', email: 'adaeze@example.org', password };
export const FOLLOW_BETA: TestPerson = { name: 'Bakary Beta', email: 'bakary@example.org', password };

export const ARABIC_FACILITATOR: TestPerson = { name: 'ليلى حداد', email: 'layla@example.org', password };
export const ARABIC_ALPHA: TestPerson = { name: 'عمر الخطيب', email: 'omar@example.org', password };
export const ARABIC_BETA: TestPerson = { name: 'Beatriz Suárez', email: 'beatriz@example.org', password };
