import { describe, expect, it } from 'vitest';
import { clientAddressFrom } from './client-address';

describe('client address behind trusted proxies', () => {
	it('takes the entry the last trusted proxy appended, never what the client wrote to its left', () => {
		// the client forged "1.1.1.1"; our one proxy appended the address it saw
		expect(clientAddressFrom('1.1.1.1, 203.0.113.7', '10.0.0.2', 1)).toBe('203.0.113.7');
		expect(clientAddressFrom('1.1.1.1, 203.0.113.7, 10.0.0.9', '10.0.0.2', 2)).toBe('203.0.113.7');
		expect(clientAddressFrom(['1.1.1.1', '2001:db8::1'], '10.0.0.2', 1)).toBe('2001:db8::1');
	});

	it('uses the socket when no proxy is trusted, the header is missing, or what it holds is not an address', () => {
		expect(clientAddressFrom('1.1.1.1', '10.0.0.2', 0)).toBe('10.0.0.2');
		expect(clientAddressFrom(null, '10.0.0.2', 1)).toBe('10.0.0.2');
		expect(clientAddressFrom('<script>', '10.0.0.2', 1)).toBe('10.0.0.2');
		expect(clientAddressFrom('203.0.113.7', '10.0.0.2', 3)).toBe('10.0.0.2');
	});
});
