import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy';

const common = new Set(['password123', 'qwertyuiop']);
const isCommon = (p: string) => common.has(p);

describe('password policy', () => {
	it('refuses short passwords', () => {
		expect(checkPassword('short', isCommon)).toBe('too-short');
	});
	it('refuses common passwords whatever their case', () => {
		expect(checkPassword('Password123', isCommon)).toBe('too-common');
	});
	it('refuses the e-mail address as password', () => {
		expect(checkPassword('amina.k@example.org', isCommon, 'amina.k@example.org')).toBe('contains-email');
		expect(checkPassword('amina.khalil1', isCommon, 'amina.khalil@example.org')).toBe('contains-email');
	});
	it('accepts a long uncommon passphrase', () => {
		expect(checkPassword('blue tents by the river', isCommon, 'amina@example.org')).toBeNull();
	});
});
