/**
 * docs/events.md is generated from the domain events module: it must be current, and it must
 * document exactly the event types the module defines, each with an example that reads back as that
 * event.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_DETAIL_TYPES, ORDER_EVENT_TYPES, fromBusDetail } from '../../../functions/domain/events/order-events';
import { EVENT_DOCS_PATH, exampleBusEvent, renderEventDocs } from '../../../infra/scripts/event-docs';

describe('docs/events.md', () => {
  const committed = readFileSync(EVENT_DOCS_PATH, 'utf8');

  it('is current (regenerate with `npx tsx infra/scripts/event-docs.ts`)', () => {
    // Assess
    expect(committed).toBe(renderEventDocs());
  });

  it('has one example section per detail-type of EVENT_DETAIL_TYPES, no more and no fewer', () => {
    // Act
    const documented = [...committed.matchAll(/^### `([^`]+)`$/gm)].map((match) => match[1]);

    // Assess
    expect(documented.sort()).toEqual(Object.values(EVENT_DETAIL_TYPES).sort());
  });

  it('shows for every type an example that reads back as an event of that type', () => {
    for (const type of ORDER_EVENT_TYPES) {
      // Act
      const example = exampleBusEvent(type);
      const event = fromBusDetail(example['detail-type'] as string, example.detail as Record<string, unknown>);

      // Assess
      expect(event?.type).toBe(type);
      expect(example).toMatchObject({ source: 'mto.orders', 'detail-type': EVENT_DETAIL_TYPES[type] });
    }
  });
});
