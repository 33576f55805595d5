/**
 * The client's address behind reverse proxies Accord is told to trust. Each proxy appends the
 * address it received the request from to `X-Forwarded-For`, so the entry written by the last
 * trusted proxy is the `hops`-th from the right; everything to its left was written by the client
 * (or proxies nobody vouches for) and can be forged. Without trusted hops, or when the header does
 * not hold a plausible address there, the socket's own address is the answer.
 */
const PLAUSIBLE = /^(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9a-fA-F:.]{2,45})$/;

export function clientAddressFrom(forwardedFor: string | readonly string[] | null | undefined, socketAddress: string | null, trustedHops: number): string | null {
	if (trustedHops <= 0 || !forwardedFor) return socketAddress;
	const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor as string))
		.split(',')
		.map((e) => e.trim())
		.filter(Boolean);
	const candidate = entries[entries.length - trustedHops];
	return candidate && PLAUSIBLE.test(candidate) ? candidate : socketAddress;
}
