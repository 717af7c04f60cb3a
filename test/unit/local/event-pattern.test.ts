import { describe, expect, it } from 'vitest';
import { InvalidEventPatternError, matchesEventPattern } from '../../../local/event-bus/event-pattern';

const orderPlaced = {
  version: '0',
  id: 'e-1',
  source: 'mto.orders',
  'detail-type': 'Order.Placed',
  account: '000000000000',
  time: '2026-11-22T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    orderId: 'ord-1',
    priority: 'rush',
    valueCents: 125_000,
    tags: ['oak', 'custom'],
    customer: { email: 'Buyer@Example.com', ip: '10.0.3.7' },
    note: null,
  },
};

describe('matchesEventPattern', () => {
  describe('exact values', () => {
    it('matches when every key matches one of its listed values', () => {
      expect(matchesEventPattern({ source: ['mto.orders'], 'detail-type': ['Order.Placed', 'Order.Cancelled'] }, orderPlaced)).toBe(true);
    });
    it('refuses when one key does not match (keys are ANDed)', () => {
      expect(matchesEventPattern({ source: ['mto.orders'], 'detail-type': ['Order.Cancelled'] }, orderPlaced)).toBe(false);
    });
    it('descends into nested objects and compares numbers numerically, null as a value', () => {
      expect(matchesEventPattern({ detail: { valueCents: [125000], note: [null] } }, orderPlaced)).toBe(true);
      expect(matchesEventPattern({ detail: { valueCents: [125001] } }, orderPlaced)).toBe(false);
    });
    it('matches an array field when any element matches', () => {
      expect(matchesEventPattern({ detail: { tags: ['custom'] } }, orderPlaced)).toBe(true);
      expect(matchesEventPattern({ detail: { tags: ['steel'] } }, orderPlaced)).toBe(false);
    });
    it('does not match a missing field', () => {
      expect(matchesEventPattern({ detail: { missing: ['x'] } }, orderPlaced)).toBe(false);
    });
  });

  describe('content filters', () => {
    it.each([
      [{ detail: { orderId: [{ prefix: 'ord-' }] } }, true],
      [{ detail: { orderId: [{ prefix: 'po-' }] } }, false],
      [{ detail: { orderId: [{ suffix: '-1' }] } }, true],
      [{ detail: { customer: { email: [{ prefix: { 'equals-ignore-case': 'buyer@' } }] } } }, true],
      [{ detail: { customer: { email: [{ suffix: { 'equals-ignore-case': 'EXAMPLE.COM' } }] } } }, true],
      [{ detail: { customer: { email: [{ 'equals-ignore-case': 'buyer@example.com' }] } } }, true],
      [{ detail: { customer: { email: [{ wildcard: '*@Example.*' }] } } }, true],
      [{ detail: { customer: { email: [{ wildcard: '*@example.*' }] } } }, false],
      [{ detail: { priority: [{ 'anything-but': ['low', 'normal'] }] } }, true],
      [{ detail: { priority: [{ 'anything-but': 'rush' }] } }, false],
      [{ detail: { priority: [{ 'anything-but': { prefix: 'ru' } }] } }, false],
      [{ detail: { priority: [{ 'anything-but': { 'equals-ignore-case': ['RUSH'] } }] } }, false],
      [{ detail: { missing: [{ 'anything-but': 'x' }] } }, false],
      [{ detail: { valueCents: [{ numeric: ['>', 100_000, '<=', 125_000] }] } }, true],
      [{ detail: { valueCents: [{ numeric: ['<', 100_000] }] } }, false],
      [{ detail: { orderId: [{ numeric: ['>', 0] }] } }, false],
      [{ detail: { note: [{ exists: true }] } }, true],
      [{ detail: { missing: [{ exists: false }] } }, true],
      [{ detail: { orderId: [{ exists: false }] } }, false],
      [{ detail: { customer: { ip: [{ cidr: '10.0.0.0/16' }] } } }, true],
      [{ detail: { customer: { ip: [{ cidr: '10.1.0.0/16' }] } } }, false],
    ])('pattern %j matches: %s', (pattern, expected) => {
      expect(matchesEventPattern(pattern, orderPlaced)).toBe(expected);
    });

    it('treats an escaped star in a wildcard as a literal star', () => {
      expect(matchesEventPattern({ a: [{ wildcard: 'x\\*y' }] }, { a: 'x*y' })).toBe(true);
      expect(matchesEventPattern({ a: [{ wildcard: 'x\\*y' }] }, { a: 'xzy' })).toBe(false);
    });

    it('matches an absent parent object when its pattern only asks for absence', () => {
      expect(matchesEventPattern({ detail: { extra: { flag: [{ exists: false }] } } }, orderPlaced)).toBe(true);
    });
  });

  describe('$or', () => {
    it('matches when any alternative matches', () => {
      const pattern = { source: ['mto.orders'], $or: [{ detail: { priority: ['low'] } }, { detail: { valueCents: [{ numeric: ['>', 100] }] } }] };
      expect(matchesEventPattern(pattern, orderPlaced)).toBe(true);
    });
    it('refuses when no alternative matches', () => {
      const pattern = { $or: [{ detail: { priority: ['low'] } }, { source: ['other'] }] };
      expect(matchesEventPattern(pattern, orderPlaced)).toBe(false);
    });
  });

  describe('invalid patterns', () => {
    it.each([
      ['a non-object pattern', '["x"]', /JSON object/],
      ['a scalar leaf', { source: 'mto.orders' }, /must be lists or objects/],
      ['an unknown operator', { source: [{ contains: 'x' }] }, /unknown matcher "contains"/],
      ['a bad numeric range', { n: [{ numeric: ['>'] }] }, /operator\/number pairs/],
      ['a bad numeric operator', { n: [{ numeric: ['!=', 1] }] }, /one of = < <= > >=/],
      ['a bad cidr', { ip: [{ cidr: '300.0.0.0/8' }] }, /IPv4 CIDR/],
    ])('refuses %s with a named error', (_label, pattern, message) => {
      expect(() => matchesEventPattern(pattern, { source: 'x', n: 1, ip: '1.2.3.4' })).toThrow(InvalidEventPatternError);
      expect(() => matchesEventPattern(pattern, { source: 'x', n: 1, ip: '1.2.3.4' })).toThrow(message);
    });
  });
});
