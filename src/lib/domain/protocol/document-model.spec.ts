import { describe, expect, it } from 'vitest';
import { tint } from './document-model';

describe('tint', () => {
	it('lightens a level colour towards white, keeping the share asked for', () => {
		expect(tint('#000000', 0.45)).toBe('#8c8c8c');
		expect(tint('#ffffff')).toBe('#ffffff');
		expect(tint('#c62828', 1)).toBe('#c62828');
		expect(tint('#C62828', 0)).toBe('#ffffff');
	});
});
