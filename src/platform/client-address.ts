// Who is on the other end of a request, for rate limits and sign-in throttling. Behind a reverse
// proxy every socket comes from the proxy, so the client is named in X-Forwarded-For — but anyone can
// send that header, so it is believed only when the socket peer is a proxy we were told to trust, and
// only as far back as the chain runs through trusted proxies.
import net from 'node:net';
import type { Context } from 'hono';

/** A set of trusted proxy addresses and networks (`SIGNPOST_TRUSTED_PROXIES`). */
export interface TrustedProxies {
  has(address: string): boolean;
}

/** What a request gives us to find its client: the socket peer and the X-Forwarded-For header. */
export interface RequestAddresses {
  socketAddress?: string;
  forwardedFor?: string;
}

/** Used when a request has no socket (in-process calls): every such request shares one key. */
export const UNKNOWN_CLIENT = 'unknown';

/** `10.0.0.1` or `10.0.0.0/8` or `fd00::/8`; null when the text is neither. */
export function parseNetwork(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [raw, prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return null;
  const address = normaliseAddress(raw);
  const version = address ? net.isIP(address) : 0;
  if (!address || version === 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return null;
  return { address, prefix: Number(prefixText), family };
}

/** Builds the trusted set from a list of addresses and CIDR networks; throws on an entry that is neither. */
export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new net.BlockList();
  for (const entry of entries) {
    const network = parseNetwork(entry);
    if (!network) throw new Error(`not an IP address or CIDR network: ${entry}`);
    list.addSubnet(network.address, network.prefix, network.family);
  }
  return {
    has(address: string) {
      const normal = normaliseAddress(address);
      const version = normal ? net.isIP(normal) : 0;
      return version !== 0 && list.check(normal!, version === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/**
 * One address as a key: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) becomes plain IPv4, a port
 * (`10.0.0.1:5000`, `[::1]:5000`) and an IPv6 zone are dropped, IPv6 is lower-cased. Null when the
 * text is not an IP address at all.
 */
export function normaliseAddress(text: string | undefined): string | null {
  if (!text) return null;
  let address = text.trim();
  const bracketed = address.match(/^\[([^\]]+)\](?::\d+)?$/);
  if (bracketed) address = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  address = address.replace(/%.*$/, '').toLowerCase();
  const mapped = address.match(/^::ffff:(\d{1,3}(\.\d{1,3}){3})$/);
  if (mapped) address = mapped[1];
  return net.isIP(address) ? address : null;
}

/**
 * The client's address. The socket peer, unless it is a trusted proxy: then X-Forwarded-For is read
 * from the right (each proxy appends the peer it saw), skipping trusted proxies, and the first entry
 * that is not one is the client. Entries further left were written by the client and are never
 * believed. An entry that is not an address stops the walk at the last trusted hop, which is then the
 * key: a garbled header cannot choose its own key.
 */
export function clientAddress({ socketAddress, forwardedFor }: RequestAddresses, trusted: TrustedProxies): string {
  let client = normaliseAddress(socketAddress);
  if (!client) return UNKNOWN_CLIENT;
  if (!forwardedFor || !trusted.has(client)) return client;
  const hops = forwardedFor.split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseAddress(hops[i]);
    if (!hop) return client;
    client = hop;
    if (!trusted.has(hop)) return hop;
  }
  // Every hop was a trusted proxy: the left-most is the nearest we know to the client.
  return client;
}

/** The request's socket peer and X-Forwarded-For, as the Node adapter hands them to Hono. */
export function requestAddresses(c: Context): RequestAddresses {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return { socketAddress: env?.incoming?.socket?.remoteAddress, forwardedFor: c.req.header('x-forwarded-for') };
}

/** A function naming each request's client, for routes that limit per client. */
export type ClientAddressOf = (c: Context) => string;

export function clientAddressResolver(trustedEntries: readonly string[]): ClientAddressOf {
  const trusted = trustedProxies(trustedEntries);
  return (c) => clientAddress(requestAddresses(c), trusted);
}
