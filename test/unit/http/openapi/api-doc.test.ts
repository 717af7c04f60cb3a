import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../../functions/http/routes';

const doc = readFileSync(new URL('../../../../docs/api.md', import.meta.url), 'utf8');

describe('docs/api.md', () => {
  describe('the routes table', () => {
    it('lists every route of routes.ts with its authentication', () => {
      // Prepare
      const rows = doc.split('\n').filter((line) => line.startsWith('| `'));
      const expectedAuth = { 'api-key': 'API key', iam: 'IAM (SigV4)', none: '' } as const;

      // Act
      const missing = ROUTES.filter((route) => {
        const row = rows.find((line) => line.startsWith(`| \`${route.method} ${route.path}`));
        return row === undefined || !row.includes(expectedAuth[route.authorization]);
      });

      // Assess
      expect(missing.map((route) => `${route.method} ${route.path}`)).toEqual([]);
    });
  });
});
