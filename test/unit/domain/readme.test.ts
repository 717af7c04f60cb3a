import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lifecycleMermaid } from '../../../functions/domain/order/order-lifecycle';

describe('functions/domain/README.md', () => {
  it('shows the lifecycle diagram generated from the transition table', () => {
    // Prepare
    const readme = readFileSync(new URL('../../../functions/domain/README.md', import.meta.url), 'utf8');

    // Assess
    expect(readme).toContain(`\`\`\`mermaid\n${lifecycleMermaid()}\n\`\`\``);
  });
});
