import { describe, expect, it } from 'vitest';
import { wellFormed } from './text';

describe('well-formed text', () => {
	it('replaces lone surrogates everywhere in a value, and keeps everything else', () => {
		expect(wellFormed('a\ud800b')).toBe('a\ufffdb');
		expect(wellFormed('😀 نص')).toBe('😀 نص');
		expect(wellFormed({ name: '\udc00', list: ['x\ud83d', 3, null, true], nested: { k: 'ok' } })).toEqual({ name: '\ufffd', list: ['x\ufffd', 3, null, true], nested: { k: 'ok' } });
		expect(wellFormed({ ['\ud800']: 1 })).toEqual({ '\ufffd': 1 });
	});
});
