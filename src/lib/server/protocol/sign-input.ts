/** What a signatory sends to sign or decline a frozen version (the name and e-mail come from the account). */
export interface SignInput {
	/** Free text; the name and e-mail come from the account. */
	title: string;
	attestations: string[];
	password: string;
	address: string | null;
	userAgent: string | null;
}

export interface DeclineInput {
	title: string;
	reason: string;
	password: string;
	address: string | null;
	userAgent: string | null;
}

export type SignProblem = 'no-version' | 'wrong-password' | 'throttled' | 'missing-attestation' | 'not-expected' | 'not-your-turn' | 'already-signed' | 'closed' | 'no-reason';
