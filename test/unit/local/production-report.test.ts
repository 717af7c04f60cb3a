import { describe, expect, it } from 'vitest';
import { seedCatalog, seedOrderRequests } from '../../../functions/domain/catalog/seed';
import { actualCost, quoteOrder } from '../../../functions/domain/costing/costing';
import { explodeOrder } from '../../../functions/domain/planning/bom-explosion';
import { planOperations } from '../../../functions/domain/planning/routing';
import { allocateLabour } from '../../../functions/domain/production/production-actuals';
import { labourHoursToBook, REWORK_SHARE } from '../../../local/cli/production-report';

describe('labourHoursToBook (what the demo and the CLI book as the shop floor)', () => {
  const lines = seedOrderRequests.machineParts.lines;

  it('books the hours the quote was costed with for a build, so a clean order\'s actual labour is its quoted labour', () => {
    // Prepare
    const quote = quoteOrder(explodeOrder(lines, seedCatalog), planOperations(lines, seedCatalog), seedCatalog);

    // Act
    const hours = labourHoursToBook({ status: 'building', lines }, seedCatalog);
    const booked = actualCost({ materials: [], labour: allocateLabour({ lines: lines.map((line, index) => ({ ...line, lineId: `line-${index + 1}` })) }, hours, seedCatalog) }, quote.priceCents, seedCatalog);

    // Assess: hundredths of an hour per work center round differently from the plan's operations
    expect(hours).toBeGreaterThan(10);
    expect(Math.abs(booked.cost.labourCents - quote.estimatedCost.labourCents)).toBeLessThanOrEqual(100);
  });

  it('books a share of those hours for a rework round', () => {
    const build = labourHoursToBook({ status: 'building', lines }, seedCatalog);
    const rework = labourHoursToBook({ status: 'rework', lines }, seedCatalog);
    expect(rework).toBeCloseTo(build * REWORK_SHARE, 2);
  });
});
