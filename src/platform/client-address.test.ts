import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { clientAddress, normaliseAddress, parseNetwork, trustedProxies, UNKNOWN_CLIENT } from './client-address';

const proxies = trustedProxies(['10.0.0.1', '192.168.0.0/16', 'fd00::/8']);

describe('client address', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    const none = trustedProxies([]);
    expect(clientAddress({ socketAddress: '203.0.113.7', forwardedFor: '198.51.100.1' }, none)).toBe('203.0.113.7');
    expect(clientAddress({ socketAddress: '203.0.113.7' }, none)).toBe('203.0.113.7');
  });

  it('ignores a spoofed X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress({ socketAddress: '203.0.113.7', forwardedFor: '10.0.0.1, 198.51.100.1' }, proxies)).toBe('203.0.113.7');
  });

  it('takes the right-most entry that is not a trusted proxy, when the peer is a trusted proxy', () => {
    expect(clientAddress({ socketAddress: '10.0.0.1', forwardedFor: '198.51.100.1' }, proxies)).toBe('198.51.100.1');
    // The client wrote "1.1.1.1" itself; the proxies appended the address they really saw.
    expect(clientAddress({ socketAddress: '10.0.0.1', forwardedFor: '1.1.1.1, 198.51.100.1, 192.168.4.4' }, proxies)).toBe('198.51.100.1');
    expect(clientAddress({ socketAddress: '::ffff:10.0.0.1', forwardedFor: '2001:db8::5, fd12::1' }, proxies)).toBe('2001:db8::5');
  });

  it('keys on the trusted proxy itself when the header is missing, garbled or all proxies', () => {
    expect(clientAddress({ socketAddress: '10.0.0.1' }, proxies)).toBe('10.0.0.1');
    expect(clientAddress({ socketAddress: '10.0.0.1', forwardedFor: 'anything I like' }, proxies)).toBe('10.0.0.1');
    expect(clientAddress({ socketAddress: '10.0.0.1', forwardedFor: '198.51.100.1, junk, 192.168.1.1' }, proxies)).toBe('192.168.1.1');
    expect(clientAddress({ socketAddress: '10.0.0.1', forwardedFor: '192.168.1.2, 192.168.1.1' }, proxies)).toBe('192.168.1.2');
  });

  it('is "unknown" without a socket (in-process calls), never the header', () => {
    expect(clientAddress({ forwardedFor: '198.51.100.1' }, proxies)).toBe(UNKNOWN_CLIENT);
  });

  it('writes each address one way', () => {
    expect(normaliseAddress('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(normaliseAddress(' 10.1.2.3:4567 ')).toBe('10.1.2.3');
    expect(normaliseAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normaliseAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(normaliseAddress('unknown')).toBeNull();
    expect(normaliseAddress('')).toBeNull();
  });

  it('reads networks and refuses what is not one', () => {
    expect(parseNetwork('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseNetwork('::1')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' });
    for (const bad of ['10.0.0.0/33', 'example.com', '10.0.0.0/8/8', '10.0.0.0/', '::1/129']) expect(parseNetwork(bad), bad).toBeNull();
  });
});

describe('SIGNPOST_TRUSTED_PROXIES', () => {
  it('is read as a comma-separated list of addresses and networks', () => {
    expect(loadConfig({ SIGNPOST_TRUSTED_PROXIES: ' 10.0.0.1, 172.16.0.0/12 ,' }).trustedProxies).toEqual(['10.0.0.1', '172.16.0.0/12']);
    expect(loadConfig({}).trustedProxies).toEqual([]);
  });

  it('refuses an entry that is not an address, naming the variable', () => {
    expect(() => loadConfig({ SIGNPOST_TRUSTED_PROXIES: '10.0.0.1,proxy.local' })).toThrow(/env\.SIGNPOST_TRUSTED_PROXIES/);
  });
});
