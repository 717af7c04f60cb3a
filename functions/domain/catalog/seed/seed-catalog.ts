/**
 * The seed catalog: a small workshop that builds custom furniture and configurable machine parts.
 * Tests, the demo and the local runtime all use it. Prices in EUR cents, lengths in mm.
 */
import type { Catalog, Component, Product, Supplier, WorkCenter } from '../catalog.types';

const suppliers: readonly Supplier[] = [
  { supplierId: 'sup-nordic-timber', name: 'Nordic Timber AB', email: 'orders@nordic-timber.example', country: 'SE' },
  { supplierId: 'sup-alpine-hardwoods', name: 'Alpine Hardwoods GmbH', email: 'sales@alpine-hardwoods.example', country: 'AT' },
  { supplierId: 'sup-fastfix', name: 'FastFix Hardware BV', email: 'po@fastfix.example', country: 'NL' },
  { supplierId: 'sup-metallwerk', name: 'Metallwerk Rhein GmbH', email: 'einkauf@metallwerk-rhein.example', country: 'DE' },
  { supplierId: 'sup-colorcoat', name: 'ColorCoat Finishes Ltd', email: 'trade@colorcoat.example', country: 'GB' },
  { supplierId: 'sup-steelstock', name: 'SteelStock Trading Sp. z o.o.', email: 'orders@steelstock.example', country: 'PL' },
  { supplierId: 'sup-haerterei-sued', name: 'Haerterei Sued GmbH', email: 'auftrag@haerterei-sued.example', country: 'DE' },
];

const components: readonly Component[] = [
  // Solid-wood tops (glued panels, 40 mm), priced per square metre.
  {
    componentId: 'oak-panel-40',
    name: 'oak panel 40 mm',
    unit: 'm2',
    discrete: false,
    standardCostCents: 14_500,
    sources: [
      { supplierId: 'sup-nordic-timber', unitCostCents: 14_500, leadTimeDays: 7 },
      { supplierId: 'sup-alpine-hardwoods', unitCostCents: 15_900, leadTimeDays: 9 },
    ],
  },
  {
    componentId: 'walnut-panel-40',
    name: 'walnut panel 40 mm',
    unit: 'm2',
    discrete: false,
    standardCostCents: 26_800,
    sources: [
      { supplierId: 'sup-alpine-hardwoods', unitCostCents: 26_800, leadTimeDays: 12 },
      { supplierId: 'sup-nordic-timber', unitCostCents: 28_900, leadTimeDays: 16 },
    ],
  },
  {
    componentId: 'ash-panel-40',
    name: 'ash panel 40 mm',
    unit: 'm2',
    discrete: false,
    standardCostCents: 12_200,
    sources: [
      { supplierId: 'sup-nordic-timber', unitCostCents: 12_200, leadTimeDays: 7 },
      { supplierId: 'sup-alpine-hardwoods', unitCostCents: 13_400, leadTimeDays: 10 },
    ],
  },
  {
    componentId: 'leg-blank-80',
    name: 'hardwood leg blank 80x80x760 mm',
    unit: 'pcs',
    discrete: true,
    standardCostCents: 2_400,
    sources: [
      { supplierId: 'sup-nordic-timber', unitCostCents: 2_400, leadTimeDays: 7, minimumOrderQuantity: 8, orderMultiple: 4 },
      { supplierId: 'sup-alpine-hardwoods', unitCostCents: 2_750, leadTimeDays: 9 },
    ],
  },
  {
    componentId: 'apron-rail',
    name: 'hardwood apron rail 90x22 mm',
    unit: 'm',
    discrete: false,
    standardCostCents: 1_150,
    sources: [
      { supplierId: 'sup-nordic-timber', unitCostCents: 1_150, leadTimeDays: 7 },
      { supplierId: 'sup-alpine-hardwoods', unitCostCents: 1_290, leadTimeDays: 9 },
    ],
  },
  {
    componentId: 'trestle-frame',
    name: 'powder-coated steel trestle frame',
    unit: 'pcs',
    discrete: true,
    standardCostCents: 18_900,
    sources: [
      { supplierId: 'sup-metallwerk', unitCostCents: 18_900, leadTimeDays: 10 },
      { supplierId: 'sup-fastfix', unitCostCents: 21_500, leadTimeDays: 6 },
    ],
  },
  {
    componentId: 'top-fastener',
    name: 'figure-8 table top fastener',
    unit: 'pcs',
    discrete: true,
    standardCostCents: 35,
    sources: [
      { supplierId: 'sup-fastfix', unitCostCents: 35, leadTimeDays: 3, minimumOrderQuantity: 100 },
      { supplierId: 'sup-metallwerk', unitCostCents: 42, leadTimeDays: 5 },
    ],
  },
  {
    componentId: 'extension-slide',
    name: 'table extension slide (pair)',
    unit: 'pcs',
    discrete: true,
    standardCostCents: 7_800,
    // Single-sourced on purpose: a rejected PO for it has nowhere to go and escalates.
    sources: [{ supplierId: 'sup-fastfix', unitCostCents: 7_800, leadTimeDays: 8 }],
  },
  {
    componentId: 'finish-oil',
    name: 'natural finishing oil',
    unit: 'l',
    discrete: false,
    standardCostCents: 2_900,
    sources: [
      { supplierId: 'sup-colorcoat', unitCostCents: 2_900, leadTimeDays: 4 },
      { supplierId: 'sup-fastfix', unitCostCents: 3_400, leadTimeDays: 5 },
    ],
  },
  {
    componentId: 'lacquer-matt',
    name: 'matt PU lacquer',
    unit: 'l',
    discrete: false,
    standardCostCents: 3_600,
    sources: [{ supplierId: 'sup-colorcoat', unitCostCents: 3_600, leadTimeDays: 4 }],
  },
  {
    componentId: 'hardwax-oil',
    name: 'hardwax oil',
    unit: 'l',
    discrete: false,
    standardCostCents: 4_200,
    sources: [
      { supplierId: 'sup-colorcoat', unitCostCents: 4_200, leadTimeDays: 4 },
      { supplierId: 'sup-fastfix', unitCostCents: 4_700, leadTimeDays: 6 },
    ],
  },
  {
    componentId: 'birch-plywood-18',
    name: 'birch plywood 18 mm',
    unit: 'm2',
    discrete: false,
    standardCostCents: 3_900,
    sources: [
      { supplierId: 'sup-nordic-timber', unitCostCents: 3_900, leadTimeDays: 5 },
      { supplierId: 'sup-alpine-hardwoods', unitCostCents: 4_300, leadTimeDays: 8 },
    ],
  },
  {
    componentId: 'mdf-19',
    name: 'MDF board 19 mm',
    unit: 'm2',
    discrete: false,
    standardCostCents: 1_600,
    sources: [
      { supplierId: 'sup-nordic-timber', unitCostCents: 1_600, leadTimeDays: 4 },
      { supplierId: 'sup-alpine-hardwoods', unitCostCents: 1_850, leadTimeDays: 6 },
    ],
  },
  {
    componentId: 'oak-veneer-board-19',
    name: 'oak-veneered board 19 mm',
    unit: 'm2',
    discrete: false,
    standardCostCents: 6_400,
    sources: [
      { supplierId: 'sup-alpine-hardwoods', unitCostCents: 6_400, leadTimeDays: 9 },
      { supplierId: 'sup-nordic-timber', unitCostCents: 6_900, leadTimeDays: 11 },
    ],
  },
  {
    componentId: 'hdf-back-3',
    name: 'HDF back panel 3 mm',
    unit: 'm2',
    discrete: false,
    standardCostCents: 750,
    sources: [
      { supplierId: 'sup-nordic-timber', unitCostCents: 750, leadTimeDays: 4 },
      { supplierId: 'sup-alpine-hardwoods', unitCostCents: 880, leadTimeDays: 6 },
    ],
  },
  {
    componentId: 'edge-band',
    name: 'edge band 23 mm',
    unit: 'm',
    discrete: false,
    standardCostCents: 45,
    sources: [
      { supplierId: 'sup-fastfix', unitCostCents: 45, leadTimeDays: 3 },
      { supplierId: 'sup-colorcoat', unitCostCents: 60, leadTimeDays: 5 },
    ],
  },
  {
    componentId: 'shelf-pin',
    name: 'brass shelf pin 5 mm',
    unit: 'pcs',
    discrete: true,
    standardCostCents: 12,
    sources: [
      { supplierId: 'sup-fastfix', unitCostCents: 12, leadTimeDays: 3, minimumOrderQuantity: 200 },
      { supplierId: 'sup-metallwerk', unitCostCents: 15, leadTimeDays: 5 },
    ],
  },
  {
    componentId: 'wall-anchor-kit',
    name: 'anti-tip wall anchor kit',
    unit: 'pcs',
    discrete: true,
    standardCostCents: 450,
    sources: [
      { supplierId: 'sup-fastfix', unitCostCents: 450, leadTimeDays: 3 },
      { supplierId: 'sup-metallwerk', unitCostCents: 520, leadTimeDays: 5 },
    ],
  },
  {
    componentId: 'bar-c45',
    name: 'C45 round bar stock',
    unit: 'kg',
    discrete: false,
    standardCostCents: 210,
    sources: [
      { supplierId: 'sup-steelstock', unitCostCents: 210, leadTimeDays: 6, minimumOrderQuantity: 25 },
      { supplierId: 'sup-metallwerk', unitCostCents: 245, leadTimeDays: 4 },
    ],
  },
  {
    componentId: 'bar-42crmo4',
    name: '42CrMo4 round bar stock',
    unit: 'kg',
    discrete: false,
    standardCostCents: 340,
    sources: [
      { supplierId: 'sup-steelstock', unitCostCents: 340, leadTimeDays: 8, minimumOrderQuantity: 25 },
      { supplierId: 'sup-metallwerk', unitCostCents: 395, leadTimeDays: 6 },
    ],
  },
  {
    componentId: 'bar-stainless-304',
    name: 'stainless 1.4301 round bar stock',
    unit: 'kg',
    discrete: false,
    standardCostCents: 690,
    sources: [
      { supplierId: 'sup-metallwerk', unitCostCents: 690, leadTimeDays: 7 },
      { supplierId: 'sup-steelstock', unitCostCents: 650, leadTimeDays: 12, minimumOrderQuantity: 50 },
    ],
  },
  {
    componentId: 'feather-key',
    name: 'DIN 6885 feather key',
    unit: 'pcs',
    discrete: true,
    standardCostCents: 85,
    sources: [
      { supplierId: 'sup-fastfix', unitCostCents: 85, leadTimeDays: 3 },
      { supplierId: 'sup-metallwerk', unitCostCents: 95, leadTimeDays: 4 },
    ],
  },
  {
    componentId: 'heat-treatment',
    name: 'hardening and tempering (subcontract, per kg)',
    unit: 'kg',
    discrete: false,
    standardCostCents: 180,
    sources: [{ supplierId: 'sup-haerterei-sued', unitCostCents: 180, leadTimeDays: 5 }],
  },
  {
    componentId: 'zinc-plating',
    name: 'zinc plating (subcontract, per kg)',
    unit: 'kg',
    discrete: false,
    standardCostCents: 150,
    sources: [
      { supplierId: 'sup-haerterei-sued', unitCostCents: 150, leadTimeDays: 5 },
      { supplierId: 'sup-metallwerk', unitCostCents: 175, leadTimeDays: 7 },
    ],
  },
  {
    componentId: 'sheet-s235-5',
    name: 'S235 steel sheet 5 mm',
    unit: 'kg',
    discrete: false,
    standardCostCents: 140,
    sources: [
      { supplierId: 'sup-steelstock', unitCostCents: 140, leadTimeDays: 6, minimumOrderQuantity: 50 },
      { supplierId: 'sup-metallwerk', unitCostCents: 165, leadTimeDays: 4 },
    ],
  },
  {
    componentId: 'sheet-alu-5754-5',
    name: 'aluminium 5754 sheet 5 mm',
    unit: 'kg',
    discrete: false,
    standardCostCents: 520,
    sources: [
      { supplierId: 'sup-metallwerk', unitCostCents: 520, leadTimeDays: 5 },
      { supplierId: 'sup-steelstock', unitCostCents: 490, leadTimeDays: 10, minimumOrderQuantity: 50 },
    ],
  },
  {
    componentId: 'powder-coating',
    name: 'powder coating (subcontract, per m2)',
    unit: 'm2',
    discrete: false,
    standardCostCents: 1_800,
    sources: [
      { supplierId: 'sup-colorcoat', unitCostCents: 1_800, leadTimeDays: 5 },
      { supplierId: 'sup-metallwerk', unitCostCents: 2_100, leadTimeDays: 6 },
    ],
  },
];

const workCenters: readonly WorkCenter[] = [
  { workCenterId: 'wc-cnc', name: 'CNC machining', capacityHoursPerDay: 16, labourRateCentsPerHour: 5_800, overheadRateCentsPerHour: 4_200 },
  { workCenterId: 'wc-finishing', name: 'Finishing and surface', capacityHoursPerDay: 8, labourRateCentsPerHour: 4_600, overheadRateCentsPerHour: 1_900 },
  { workCenterId: 'wc-assembly', name: 'Assembly, inspection and packing', capacityHoursPerDay: 16, labourRateCentsPerHour: 4_200, overheadRateCentsPerHour: 900 },
];

const topArea = 'length_mm * width_mm / 1000000';

const diningTable: Product = {
  productId: 'dining-table',
  name: 'Custom solid-wood dining table',
  family: 'furniture',
  description: 'Solid-wood dining table made to measure: species, size, finish, legs and extension leaves of your choice.',
  options: [
    {
      optionId: 'wood',
      label: 'Wood species',
      kind: 'enum',
      required: true,
      choices: [
        { value: 'oak', label: 'European oak' },
        { value: 'walnut', label: 'American walnut' },
        { value: 'ash', label: 'Ash' },
      ],
    },
    { optionId: 'length_mm', label: 'Length', kind: 'number', unit: 'mm', min: 1200, max: 3000, step: 10, required: true },
    { optionId: 'width_mm', label: 'Width', kind: 'number', unit: 'mm', min: 700, max: 1200, step: 10, required: true },
    {
      optionId: 'finish',
      label: 'Finish',
      kind: 'enum',
      required: true,
      default: 'oil',
      choices: [
        { value: 'oil', label: 'Natural oil' },
        { value: 'hardwax', label: 'Hardwax oil' },
        { value: 'lacquer', label: 'Matt lacquer' },
      ],
    },
    {
      optionId: 'legs',
      label: 'Leg style',
      kind: 'enum',
      required: true,
      default: 'straight',
      choices: [
        { value: 'straight', label: 'Four straight wooden legs' },
        { value: 'trestle', label: 'Steel trestle frame' },
      ],
    },
    { optionId: 'extension_leaves', label: 'Extension leaves', kind: 'number', unit: 'pcs', min: 0, max: 2, integer: true, required: true, default: 0 },
  ],
  constraints: [
    {
      constraintId: 'walnut-no-lacquer',
      kind: 'requires',
      when: { op: 'eq', option: 'wood', value: 'walnut' },
      then: { op: 'in', option: 'finish', values: ['oil', 'hardwax'] },
      message: 'walnut is only finished with oil or hardwax oil (lacquer hides the grain)',
    },
    {
      constraintId: 'trestle-min-length',
      kind: 'forbidden',
      when: { op: 'and', all: [{ op: 'eq', option: 'legs', value: 'trestle' }, { op: 'lt', option: 'length_mm', value: 1600 }] },
      message: 'a trestle frame needs a table at least 1600 mm long',
    },
    {
      constraintId: 'extension-min-length',
      kind: 'forbidden',
      when: { op: 'and', all: [{ op: 'gt', option: 'extension_leaves', value: 0 }, { op: 'lt', option: 'length_mm', value: 1800 }] },
      message: 'extension leaves need a table at least 1800 mm long',
    },
  ],
  bom: [
    { ruleId: 'top-oak', componentId: 'oak-panel-40', when: { op: 'eq', option: 'wood', value: 'oak' }, quantity: topArea, scrapFraction: 0.12 },
    { ruleId: 'top-walnut', componentId: 'walnut-panel-40', when: { op: 'eq', option: 'wood', value: 'walnut' }, quantity: topArea, scrapFraction: 0.12 },
    { ruleId: 'top-ash', componentId: 'ash-panel-40', when: { op: 'eq', option: 'wood', value: 'ash' }, quantity: topArea, scrapFraction: 0.12 },
    {
      ruleId: 'leaves-oak',
      componentId: 'oak-panel-40',
      when: { op: 'and', all: [{ op: 'eq', option: 'wood', value: 'oak' }, { op: 'gt', option: 'extension_leaves', value: 0 }] },
      quantity: 'extension_leaves * 0.5 * width_mm / 1000',
      scrapFraction: 0.12,
      description: 'each leaf is 500 mm long',
    },
    {
      ruleId: 'leaves-walnut',
      componentId: 'walnut-panel-40',
      when: { op: 'and', all: [{ op: 'eq', option: 'wood', value: 'walnut' }, { op: 'gt', option: 'extension_leaves', value: 0 }] },
      quantity: 'extension_leaves * 0.5 * width_mm / 1000',
      scrapFraction: 0.12,
    },
    {
      ruleId: 'leaves-ash',
      componentId: 'ash-panel-40',
      when: { op: 'and', all: [{ op: 'eq', option: 'wood', value: 'ash' }, { op: 'gt', option: 'extension_leaves', value: 0 }] },
      quantity: 'extension_leaves * 0.5 * width_mm / 1000',
      scrapFraction: 0.12,
    },
    { ruleId: 'legs', componentId: 'leg-blank-80', when: { op: 'eq', option: 'legs', value: 'straight' }, quantity: 4 },
    { ruleId: 'apron', componentId: 'apron-rail', when: { op: 'eq', option: 'legs', value: 'straight' }, quantity: '2 * (length_mm + width_mm - 400) / 1000', scrapFraction: 0.1 },
    { ruleId: 'trestle', componentId: 'trestle-frame', when: { op: 'eq', option: 'legs', value: 'trestle' }, quantity: 1 },
    { ruleId: 'fasteners', componentId: 'top-fastener', quantity: 'ceil(2 * (length_mm + width_mm) / 300)' },
    { ruleId: 'slides', componentId: 'extension-slide', when: { op: 'gt', option: 'extension_leaves', value: 0 }, quantity: 1 },
    // Both faces and edges, two coats; about 0.1 l per square metre per coat.
    { ruleId: 'oil', componentId: 'finish-oil', when: { op: 'eq', option: 'finish', value: 'oil' }, quantity: `2 * 2 * ${topArea} * 0.1`, scrapFraction: 0.1 },
    { ruleId: 'hardwax', componentId: 'hardwax-oil', when: { op: 'eq', option: 'finish', value: 'hardwax' }, quantity: `2 * 2 * ${topArea} * 0.08`, scrapFraction: 0.1 },
    { ruleId: 'lacquer', componentId: 'lacquer-matt', when: { op: 'eq', option: 'finish', value: 'lacquer' }, quantity: `2 * 3 * ${topArea} * 0.12`, scrapFraction: 0.15 },
  ],
  routing: [
    { operationId: 'cut-top', name: 'Cut and profile top', workCenterId: 'wc-cnc', setupHours: 0.5, runHoursPerUnit: `0.6 + ${topArea} * 0.4 + extension_leaves * 0.3` },
    { operationId: 'machine-legs', name: 'Machine legs and aprons', workCenterId: 'wc-cnc', setupHours: 0.5, runHoursPerUnit: 0.8, when: { op: 'eq', option: 'legs', value: 'straight' } },
    { operationId: 'finish', name: 'Sand and finish', workCenterId: 'wc-finishing', setupHours: 0.25, runHoursPerUnit: `1 + ${topArea} * 1.2` },
    { operationId: 'assemble', name: 'Assemble, inspect and pack', workCenterId: 'wc-assembly', setupHours: 0.25, runHoursPerUnit: '1.5 + extension_leaves * 0.5' },
  ],
  qcChecklist: [
    { checkId: 'length', kind: 'measurement', description: 'Top length', unit: 'mm', nominal: 'length_mm', toleranceMinus: 2, tolerancePlus: 2 },
    { checkId: 'width', kind: 'measurement', description: 'Top width', unit: 'mm', nominal: 'width_mm', toleranceMinus: 2, tolerancePlus: 2 },
    { checkId: 'flatness', kind: 'measurement', description: 'Top flatness deviation', unit: 'mm', nominal: 0, toleranceMinus: 0, tolerancePlus: 1 },
    { checkId: 'wobble', kind: 'measurement', description: 'Rock on a flat floor', unit: 'mm', nominal: 0, toleranceMinus: 0, tolerancePlus: 0.5 },
    { checkId: 'finish-visual', kind: 'visual', description: 'Finish even, no runs, dust or dry spots' },
    { checkId: 'leaves-fit', kind: 'visual', description: 'Extension leaves fit flush, slides run smoothly', when: { op: 'gt', option: 'extension_leaves', value: 0 } },
  ],
  requiresDesignApproval: true,
  maxQuantityPerLine: 20,
};

const shelfArea = '(2 * height_mm * depth_mm + (shelves + 2) * width_mm * depth_mm) / 1000000';

const shelvingUnit: Product = {
  productId: 'shelving-unit',
  name: 'Made-to-measure shelving unit',
  family: 'furniture',
  description: 'Bookshelf or wall unit cut to the millimetre, in birch plywood, lacquered MDF or oak veneer.',
  options: [
    {
      optionId: 'material',
      label: 'Board material',
      kind: 'enum',
      required: true,
      choices: [
        { value: 'birch-plywood', label: 'Birch plywood 18 mm' },
        { value: 'mdf-lacquered', label: 'Lacquered MDF 19 mm' },
        { value: 'oak-veneer', label: 'Oak veneer 19 mm' },
      ],
    },
    { optionId: 'width_mm', label: 'Width', kind: 'number', unit: 'mm', min: 400, max: 1200, step: 50, required: true },
    { optionId: 'height_mm', label: 'Height', kind: 'number', unit: 'mm', min: 800, max: 2400, step: 100, required: true },
    { optionId: 'depth_mm', label: 'Depth', kind: 'number', unit: 'mm', min: 250, max: 400, step: 10, required: true, default: 300 },
    { optionId: 'shelves', label: 'Adjustable shelves', kind: 'number', unit: 'pcs', min: 1, max: 8, integer: true, required: true },
    { optionId: 'back_panel', label: 'Back panel', kind: 'boolean', required: true, default: true },
    { optionId: 'wall_fixing', label: 'Anti-tip wall fixing', kind: 'boolean', required: true, default: true },
  ],
  constraints: [
    {
      constraintId: 'mdf-max-span',
      kind: 'forbidden',
      when: { op: 'and', all: [{ op: 'eq', option: 'material', value: 'mdf-lacquered' }, { op: 'gt', option: 'width_mm', value: 900 }] },
      message: 'MDF shelves sag over spans above 900 mm; choose plywood or oak veneer',
    },
    {
      constraintId: 'shelves-fit-height',
      kind: 'forbidden',
      when: { op: 'and', all: [{ op: 'gt', option: 'shelves', value: 4 }, { op: 'lt', option: 'height_mm', value: 1400 }] },
      message: 'more than 4 shelves need a unit at least 1400 mm high',
    },
    {
      constraintId: 'tall-units-fixed',
      kind: 'requires',
      when: { op: 'gte', option: 'height_mm', value: 1800 },
      then: { op: 'eq', option: 'wall_fixing', value: true },
      message: 'units 1800 mm and taller must be fixed to the wall',
    },
  ],
  bom: [
    { ruleId: 'board-birch', componentId: 'birch-plywood-18', when: { op: 'eq', option: 'material', value: 'birch-plywood' }, quantity: shelfArea, scrapFraction: 0.15 },
    { ruleId: 'board-mdf', componentId: 'mdf-19', when: { op: 'eq', option: 'material', value: 'mdf-lacquered' }, quantity: shelfArea, scrapFraction: 0.15 },
    { ruleId: 'board-oak', componentId: 'oak-veneer-board-19', when: { op: 'eq', option: 'material', value: 'oak-veneer' }, quantity: shelfArea, scrapFraction: 0.15 },
    { ruleId: 'back', componentId: 'hdf-back-3', when: { op: 'eq', option: 'back_panel', value: true }, quantity: 'width_mm * height_mm / 1000000', scrapFraction: 0.05 },
    { ruleId: 'edge', componentId: 'edge-band', when: { op: 'ne', option: 'material', value: 'birch-plywood' }, quantity: '(2 * height_mm + (shelves + 2) * width_mm) / 1000', scrapFraction: 0.1 },
    { ruleId: 'pins', componentId: 'shelf-pin', quantity: 'shelves * 4' },
    { ruleId: 'anchor', componentId: 'wall-anchor-kit', when: { op: 'eq', option: 'wall_fixing', value: true }, quantity: 1 },
    { ruleId: 'lacquer', componentId: 'lacquer-matt', when: { op: 'eq', option: 'material', value: 'mdf-lacquered' }, quantity: `${shelfArea} * 2 * 0.12`, scrapFraction: 0.15 },
    { ruleId: 'oil', componentId: 'hardwax-oil', when: { op: 'ne', option: 'material', value: 'mdf-lacquered' }, quantity: `${shelfArea} * 2 * 0.06`, scrapFraction: 0.1 },
  ],
  routing: [
    { operationId: 'cut-panels', name: 'Cut and drill panels', workCenterId: 'wc-cnc', setupHours: 0.5, runHoursPerUnit: `0.3 + ${shelfArea} * 0.25` },
    { operationId: 'finish', name: 'Edge band and finish', workCenterId: 'wc-finishing', setupHours: 0.25, runHoursPerUnit: `0.5 + ${shelfArea} * 0.4` },
    { operationId: 'assemble', name: 'Pre-assemble, inspect and flat-pack', workCenterId: 'wc-assembly', setupHours: 0.25, runHoursPerUnit: 0.75 },
  ],
  qcChecklist: [
    { checkId: 'height', kind: 'measurement', description: 'Overall height', unit: 'mm', nominal: 'height_mm', toleranceMinus: 2, tolerancePlus: 2 },
    { checkId: 'width', kind: 'measurement', description: 'Overall width', unit: 'mm', nominal: 'width_mm', toleranceMinus: 2, tolerancePlus: 2 },
    { checkId: 'diagonal-difference', kind: 'measurement', description: 'Difference of the carcass diagonals (squareness)', unit: 'mm', nominal: 0, toleranceMinus: 0, tolerancePlus: 2 },
    { checkId: 'surface-visual', kind: 'visual', description: 'Edges banded cleanly, no chipping' },
  ],
  requiresDesignApproval: false,
  maxQuantityPerLine: 50,
};

/** Stock diameter is 3 mm over the finished diameter; 10 mm of length is faced and parted off. */
const barMassKg = '3.1416 / 4 * (diameter_mm + 3) * (diameter_mm + 3) * (length_mm + 10) * 7.85 / 1000000';
const partMassKg = '3.1416 / 4 * diameter_mm * diameter_mm * length_mm * 7.85 / 1000000';

const driveShaft: Product = {
  productId: 'drive-shaft',
  name: 'Turned drive shaft',
  family: 'machine-part',
  description: 'CNC-turned shaft to drawing: material, diameter, length, keyway, thread, heat treatment and surface.',
  options: [
    {
      optionId: 'material',
      label: 'Material',
      kind: 'enum',
      required: true,
      choices: [
        { value: 'c45', label: 'C45 carbon steel' },
        { value: '42crmo4', label: '42CrMo4 alloy steel' },
        { value: 'stainless-304', label: 'Stainless 1.4301' },
      ],
    },
    { optionId: 'diameter_mm', label: 'Finished diameter', kind: 'number', unit: 'mm', min: 10, max: 80, step: 1, required: true },
    { optionId: 'length_mm', label: 'Overall length', kind: 'number', unit: 'mm', min: 50, max: 1000, step: 1, required: true },
    { optionId: 'keyway', label: 'Keyway', kind: 'boolean', required: true, default: false },
    {
      optionId: 'thread',
      label: 'End thread',
      kind: 'enum',
      required: true,
      default: 'none',
      choices: [
        { value: 'none', label: 'No thread' },
        { value: 'M12', label: 'M12' },
        { value: 'M16', label: 'M16' },
        { value: 'M20', label: 'M20' },
      ],
    },
    { optionId: 'heat_treatment', label: 'Hardened and tempered', kind: 'boolean', required: true, default: false },
    {
      optionId: 'surface',
      label: 'Surface',
      kind: 'enum',
      required: true,
      default: 'none',
      choices: [
        { value: 'none', label: 'As machined, oiled' },
        { value: 'zinc', label: 'Zinc plated' },
      ],
    },
  ],
  constraints: [
    {
      constraintId: 'stainless-not-hardened',
      kind: 'forbidden',
      when: { op: 'and', all: [{ op: 'eq', option: 'material', value: 'stainless-304' }, { op: 'eq', option: 'heat_treatment', value: true }] },
      message: 'austenitic stainless 1.4301 cannot be hardened by heat treatment',
    },
    {
      constraintId: 'stainless-not-plated',
      kind: 'forbidden',
      when: { op: 'and', all: [{ op: 'eq', option: 'material', value: 'stainless-304' }, { op: 'eq', option: 'surface', value: 'zinc' }] },
      message: 'stainless steel is not zinc plated',
    },
    {
      constraintId: 'thread-fits-diameter',
      kind: 'requires',
      when: { op: 'in', option: 'thread', values: ['M16', 'M20'] },
      then: { op: 'gte', option: 'diameter_mm', value: 20 },
      message: 'M16 and M20 threads need a diameter of at least 20 mm',
    },
    {
      constraintId: 'keyway-min-diameter',
      kind: 'forbidden',
      when: { op: 'and', all: [{ op: 'eq', option: 'keyway', value: true }, { op: 'lt', option: 'diameter_mm', value: 12 }] },
      message: 'a keyway needs a diameter of at least 12 mm',
    },
  ],
  bom: [
    { ruleId: 'bar-c45', componentId: 'bar-c45', when: { op: 'eq', option: 'material', value: 'c45' }, quantity: barMassKg },
    { ruleId: 'bar-42crmo4', componentId: 'bar-42crmo4', when: { op: 'eq', option: 'material', value: '42crmo4' }, quantity: barMassKg },
    { ruleId: 'bar-stainless', componentId: 'bar-stainless-304', when: { op: 'eq', option: 'material', value: 'stainless-304' }, quantity: barMassKg },
    { ruleId: 'key', componentId: 'feather-key', when: { op: 'eq', option: 'keyway', value: true }, quantity: 1 },
    { ruleId: 'hardening', componentId: 'heat-treatment', when: { op: 'eq', option: 'heat_treatment', value: true }, quantity: partMassKg },
    { ruleId: 'plating', componentId: 'zinc-plating', when: { op: 'eq', option: 'surface', value: 'zinc' }, quantity: partMassKg },
  ],
  routing: [
    { operationId: 'saw', name: 'Saw bar to length', workCenterId: 'wc-cnc', setupHours: 0.2, runHoursPerUnit: 0.05 },
    { operationId: 'turn', name: 'CNC turning', workCenterId: 'wc-cnc', setupHours: 1, runHoursPerUnit: '0.15 + length_mm / 1000 * diameter_mm / 40 * 0.4' },
    { operationId: 'mill-keyway', name: 'Mill keyway', workCenterId: 'wc-cnc', setupHours: 0.5, runHoursPerUnit: 0.12, when: { op: 'eq', option: 'keyway', value: true } },
    { operationId: 'deburr', name: 'Deburr and preserve', workCenterId: 'wc-finishing', setupHours: 0.1, runHoursPerUnit: 0.05 },
    { operationId: 'inspect-pack', name: 'Measure and pack', workCenterId: 'wc-assembly', setupHours: 0.1, runHoursPerUnit: 0.08 },
  ],
  qcChecklist: [
    { checkId: 'diameter', kind: 'measurement', description: 'Finished diameter (h7)', unit: 'mm', nominal: 'diameter_mm', toleranceMinus: 0.025, tolerancePlus: 0 },
    { checkId: 'length', kind: 'measurement', description: 'Overall length', unit: 'mm', nominal: 'length_mm', toleranceMinus: 0.2, tolerancePlus: 0.2 },
    { checkId: 'runout', kind: 'measurement', description: 'Total runout', unit: 'mm', nominal: 0, toleranceMinus: 0, tolerancePlus: 0.05 },
    { checkId: 'hardness', kind: 'measurement', description: 'Surface hardness', unit: 'HRC', nominal: 30, toleranceMinus: 2, tolerancePlus: 4, when: { op: 'eq', option: 'heat_treatment', value: true } },
    { checkId: 'thread-gauge', kind: 'visual', description: 'Thread accepted by go/no-go gauge', when: { op: 'ne', option: 'thread', value: 'none' } },
  ],
  requiresDesignApproval: false,
  maxQuantityPerLine: 500,
};

const bracketPlateMassKg = 'width_mm * height_mm * 5 / 1000000';

const mountingBracket: Product = {
  productId: 'mounting-bracket',
  name: 'Laser-cut mounting bracket',
  family: 'machine-part',
  description: 'Angle bracket from 5 mm sheet, laser cut, drilled and bent, optionally powder coated.',
  options: [
    {
      optionId: 'material',
      label: 'Material',
      kind: 'enum',
      required: true,
      choices: [
        { value: 's235', label: 'S235 steel' },
        { value: 'alu-5754', label: 'Aluminium 5754' },
      ],
    },
    { optionId: 'width_mm', label: 'Width', kind: 'number', unit: 'mm', min: 40, max: 400, step: 5, required: true },
    { optionId: 'height_mm', label: 'Developed length', kind: 'number', unit: 'mm', min: 60, max: 600, step: 5, required: true },
    { optionId: 'holes', label: 'Mounting holes', kind: 'number', unit: 'pcs', min: 2, max: 12, integer: true, required: true, default: 4 },
    { optionId: 'powder_coat', label: 'Powder coated', kind: 'boolean', required: true, default: false },
    {
      optionId: 'colour',
      label: 'Colour',
      kind: 'enum',
      required: false,
      choices: [
        { value: 'RAL9005', label: 'Jet black RAL 9005' },
        { value: 'RAL7035', label: 'Light grey RAL 7035' },
        { value: 'RAL5015', label: 'Sky blue RAL 5015' },
      ],
    },
  ],
  constraints: [
    {
      constraintId: 'coat-needs-colour',
      kind: 'requires',
      when: { op: 'eq', option: 'powder_coat', value: true },
      then: { op: 'in', option: 'colour', values: ['RAL9005', 'RAL7035', 'RAL5015'] },
      message: 'a powder-coated bracket needs a colour',
    },
  ],
  bom: [
    { ruleId: 'sheet-steel', componentId: 'sheet-s235-5', when: { op: 'eq', option: 'material', value: 's235' }, quantity: `${bracketPlateMassKg} * 7.85`, scrapFraction: 0.2 },
    { ruleId: 'sheet-alu', componentId: 'sheet-alu-5754-5', when: { op: 'eq', option: 'material', value: 'alu-5754' }, quantity: `${bracketPlateMassKg} * 2.66`, scrapFraction: 0.2 },
    { ruleId: 'coating', componentId: 'powder-coating', when: { op: 'eq', option: 'powder_coat', value: true }, quantity: '2 * width_mm * height_mm / 1000000' },
  ],
  routing: [
    { operationId: 'laser-cut', name: 'Laser cut and drill', workCenterId: 'wc-cnc', setupHours: 0.3, runHoursPerUnit: '0.05 + holes * 0.01' },
    { operationId: 'bend', name: 'Press-brake bend', workCenterId: 'wc-cnc', setupHours: 0.4, runHoursPerUnit: 0.04 },
    { operationId: 'deburr', name: 'Deburr', workCenterId: 'wc-finishing', setupHours: 0.1, runHoursPerUnit: 0.03 },
    { operationId: 'inspect-pack', name: 'Inspect and pack', workCenterId: 'wc-assembly', setupHours: 0.1, runHoursPerUnit: 0.02 },
  ],
  qcChecklist: [
    { checkId: 'width', kind: 'measurement', description: 'Width', unit: 'mm', nominal: 'width_mm', toleranceMinus: 0.5, tolerancePlus: 0.5 },
    { checkId: 'bend-angle', kind: 'measurement', description: 'Bend angle', unit: 'deg', nominal: 90, toleranceMinus: 1, tolerancePlus: 1 },
    { checkId: 'coating-visual', kind: 'visual', description: 'Coating complete, no bare spots', when: { op: 'eq', option: 'powder_coat', value: true } },
  ],
  requiresDesignApproval: false,
  maxQuantityPerLine: 1000,
};

/** The seed catalog. Plain JSON: `JSON.parse(JSON.stringify(seedCatalog))` equals it. */
export const seedCatalog: Catalog = {
  catalogVersion: '2026.1',
  currency: 'EUR',
  products: [diningTable, shelvingUnit, driveShaft, mountingBracket],
  components,
  suppliers,
  workCenters,
  calendar: {
    workingWeekdays: [1, 2, 3, 4, 5],
    workdayStart: '07:00',
    workdayEnd: '15:00',
    utcOffsetMinutes: 60,
    holidays: [
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03',
      '2026-12-24', '2026-12-25', '2026-12-26', '2026-12-31',
      '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-17', '2027-10-03',
      '2027-12-24', '2027-12-25', '2027-12-26', '2027-12-31',
    ],
  },
  policy: {
    targetMarginFraction: 0.35,
    minimumMarginFraction: 0.2,
    autoApprovalLimitCents: 1_500_000,
    materialOverheadFraction: 0.08,
    priceRoundingCents: 100,
    approvalAllowanceDays: 2,
    shippingDays: 3,
    minimumLeadDays: 5,
    maxDesignRevisions: 3,
    maxReworks: 2,
    maxScraps: 1,
  },
};
