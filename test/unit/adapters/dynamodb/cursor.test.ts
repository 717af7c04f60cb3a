import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, type CursorScope } from '../../../../functions/adapters/dynamodb/cursor';
import { InvalidCursorError } from '../../../../functions/ports/data-errors';

describe('pagination cursors', () => {
  const scope: CursorScope = {
    keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
    partitionAttribute: 'gsi1pk',
    partitionValue: 'ORDER_STATUS#received',
    sortAttribute: 'gsi1sk',
  };
  const item = { pk: 'ORDER#o1', sk: 'ORDER', gsi1pk: 'ORDER_STATUS#received', gsi1sk: '2025-03-03T08:00:00.000Z#o1', status: 'received' };
  const raw = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

  describe('round trip', () => {
    it('encodes only the key attributes, as base64url, and decodes them back', () => {
      // Act
      const cursor = encodeCursor(item, scope);
      const startKey = decodeCursor(cursor, scope);

      // Assess
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(startKey).toEqual({ pk: 'ORDER#o1', sk: 'ORDER', gsi1pk: 'ORDER_STATUS#received', gsi1sk: '2025-03-03T08:00:00.000Z#o1' });
    });
  });

  describe('validation', () => {
    const cases: [string, string][] = [
      ['empty', ''],
      ['not base64url', 'abc+/=='],
      ['not JSON', Buffer.from('{{').toString('base64url')],
      ['JSON of another shape', raw([1, 2])],
      ['another version', raw({ v: 2, k: item })],
      ['a missing key attribute', raw({ v: 1, k: { pk: 'ORDER#o1', sk: 'ORDER', gsi1pk: 'ORDER_STATUS#received' } })],
      ['an extra attribute', raw({ v: 1, k: { pk: 'a', sk: 'b', gsi1pk: 'ORDER_STATUS#received', gsi1sk: 'c', status: 'x' } })],
      ['a non-string key value', raw({ v: 1, k: { pk: 'a', sk: 'b', gsi1pk: 'ORDER_STATUS#received', gsi1sk: 7 } })],
      ['another partition', raw({ v: 1, k: { pk: 'a', sk: 'b', gsi1pk: 'ORDER_STATUS#cancelled', gsi1sk: 'c' } })],
      ['far too long', 'a'.repeat(5000)],
    ];

    it.each(cases)('refuses a cursor with %s', (_description, cursor) => {
      // Act
      const decode = (): unknown => decodeCursor(cursor, scope);

      // Assess
      expect(decode).toThrow(InvalidCursorError);
    });

    it('refuses a cursor outside the sort-key prefix of a begins_with list', () => {
      // Prepare
      const timeline: CursorScope = { keyAttributes: ['pk', 'sk'], partitionAttribute: 'pk', partitionValue: 'ORDER#o1', sortAttribute: 'sk', sortPrefix: 'TIMELINE#' };

      // Act
      const decode = (): unknown => decodeCursor(raw({ v: 1, k: { pk: 'ORDER#o1', sk: 'RESERVATION#oak' } }), timeline);

      // Assess
      expect(decode).toThrow(InvalidCursorError);
    });
  });
});
