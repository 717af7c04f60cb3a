/**
 * The catalog: what the manufacturer can build, from what, where and how long it takes.
 *
 * Everything here is plain JSON (no functions, no classes, no Dates): the catalog is stored in
 * DynamoDB, served over the API and shipped as seed data. Rules that need logic (option constraints,
 * quantity formulas, QC targets) are expressed as data: structured {@link Condition} objects and
 * {@link Formula} strings in a small arithmetic language evaluated by `formula.ts` (never `eval`).
 */
import type { BusinessCalendar } from '../calendar/business-calendar.types';
import type { OptionValue } from '../order/order.types';

/** One choice of an enumeration option. */
export interface EnumChoice {
  readonly value: string;
  readonly label: string;
}

interface OptionBase {
  /** Stable id used as the configuration key and as the variable name in formulas. */
  readonly optionId: string;
  readonly label: string;
  /** A required option without a default must be given by the customer. */
  readonly required: boolean;
  readonly description?: string;
}

/** Pick one of a fixed list (wood species, finish, thread standard). */
export interface EnumOption extends OptionBase {
  readonly kind: 'enum';
  readonly choices: readonly EnumChoice[];
  readonly default?: string;
}

/** A number in a unit within a closed range, optionally on a step grid (width 600..2400 mm step 10). */
export interface NumberOption extends OptionBase {
  readonly kind: 'number';
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  /** Values must be min + k * step (k integer). Omitted: any value in range. */
  readonly step?: number;
  /** Whole numbers only (counts such as shelves or bolt holes). */
  readonly integer?: boolean;
  readonly default?: number;
}

/** Yes/no (cable grommet, anodising). In formulas a boolean reads as 1 or 0. */
export interface BooleanOption extends OptionBase {
  readonly kind: 'boolean';
  readonly default?: boolean;
}

export type ProductOption = EnumOption | NumberOption | BooleanOption;

/**
 * A predicate over a configuration, as data. Comparisons against an option the configuration does
 * not have are false.
 */
export type Condition =
  | { readonly op: 'eq' | 'ne'; readonly option: string; readonly value: OptionValue }
  | { readonly op: 'in' | 'notIn'; readonly option: string; readonly values: readonly OptionValue[] }
  | { readonly op: 'lt' | 'lte' | 'gt' | 'gte'; readonly option: string; readonly value: number }
  | { readonly op: 'and'; readonly all: readonly Condition[] }
  | { readonly op: 'or'; readonly any: readonly Condition[] }
  | { readonly op: 'not'; readonly condition: Condition };

/**
 * A rule between options.
 * - `forbidden`: a configuration matching `when` is not allowed (glass top with a 2400 mm span).
 * - `requires`: a configuration matching `when` must also match `then` (walnut requires oil finish),
 *   which is how "allowed combinations" are written.
 */
export type OptionConstraint =
  | { readonly constraintId: string; readonly kind: 'forbidden'; readonly when: Condition; readonly message: string }
  | {
      readonly constraintId: string;
      readonly kind: 'requires';
      readonly when: Condition;
      readonly then: Condition;
      readonly message: string;
    };

/**
 * An arithmetic expression over the configuration's numeric and boolean options, e.g.
 * `ceil(width_mm * depth_mm / 1e6 * 10) / 10`. Operators `+ - * /`, parentheses, unary minus,
 * functions `ceil floor round min max abs`. A plain number is a constant.
 */
export type Formula = string | number;

/**
 * One bill-of-materials rule: when the configuration matches `when` (always, if omitted), one unit
 * of the product needs `quantity` of the component (in the component's unit).
 */
export interface BomRule {
  readonly ruleId: string;
  readonly componentId: string;
  readonly when?: Condition;
  readonly quantity: Formula;
  /** Extra fraction for cutting loss and scrap (0.1 = +10 %), applied before rounding. */
  readonly scrapFraction?: number;
  readonly description?: string;
}

/** One supplier's offer for a component. */
export interface SupplierOffer {
  readonly supplierId: string;
  readonly unitCostCents: number;
  /** Calendar days from placing the purchase order to goods received. */
  readonly leadTimeDays: number;
  /** The supplier ships at least this quantity (and multiples of `orderMultiple` if set). */
  readonly minimumOrderQuantity?: number;
  readonly orderMultiple?: number;
}

/** A purchased part or material. */
export interface Component {
  readonly componentId: string;
  readonly name: string;
  /** Unit of measure: 'pcs', 'm', 'm2', 'kg', 'l'. */
  readonly unit: string;
  /** Counted in whole units (a hinge), as opposed to measured (metres of edge band). */
  readonly discrete: boolean;
  /** Standard cost used for quotes: normally the preferred supplier's price. */
  readonly standardCostCents: number;
  /** Sourcing in order of preference: the first is the preferred supplier, the rest alternates. */
  readonly sources: readonly SupplierOffer[];
}

export interface Supplier {
  readonly supplierId: string;
  readonly name: string;
  readonly email: string;
  readonly country: string;
}

/** A group of machines or people that performs operations (CNC router, finishing booth, assembly). */
export interface WorkCenter {
  readonly workCenterId: string;
  readonly name: string;
  /** Productive hours per working day (two shifts of one machine = 16). */
  readonly capacityHoursPerDay: number;
  readonly labourRateCentsPerHour: number;
  /** Machine and facility cost per hour of work (the "burden" rate). */
  readonly overheadRateCentsPerHour: number;
}

/**
 * One step of a product's routing. Hours for a line = setupHours + runHoursPerUnit x quantity;
 * `runHoursPerUnit` may depend on the configuration (bigger tables take longer to sand).
 */
export interface RoutingOperation {
  readonly operationId: string;
  readonly name: string;
  readonly workCenterId: string;
  readonly setupHours: number;
  readonly runHoursPerUnit: Formula;
  /** The operation only runs for configurations matching this (milling a keyway only if asked). */
  readonly when?: Condition;
}

/** A quality check of the product's checklist. */
export type QcCheck =
  | {
      readonly checkId: string;
      readonly kind: 'measurement';
      readonly description: string;
      readonly unit: string;
      /** The nominal value; may come from the configuration (`width_mm`). */
      readonly nominal: Formula;
      readonly toleranceMinus: number;
      readonly tolerancePlus: number;
      readonly when?: Condition;
    }
  | {
      readonly checkId: string;
      readonly kind: 'visual';
      readonly description: string;
      readonly when?: Condition;
    };

export type ProductFamily = 'furniture' | 'machine-part';

/** A configurable product. */
export interface Product {
  readonly productId: string;
  readonly name: string;
  readonly family: ProductFamily;
  readonly description: string;
  readonly options: readonly ProductOption[];
  readonly constraints: readonly OptionConstraint[];
  readonly bom: readonly BomRule[];
  /** Operations in the order they run. */
  readonly routing: readonly RoutingOperation[];
  readonly qcChecklist: readonly QcCheck[];
  /** Whether a design package must be approved before procurement (custom drawings). */
  readonly requiresDesignApproval: boolean;
  /** Most units one order line may ask for. */
  readonly maxQuantityPerLine: number;
}

/** Business settings the rules read: margins, limits, bounds, allowances. */
export interface CatalogPolicy {
  /** Margin the quote aims for: price = cost / (1 - targetMarginFraction). */
  readonly targetMarginFraction: number;
  /** Below this margin, order review needs a person. */
  readonly minimumMarginFraction: number;
  /** Orders priced above this need a person's approval (cents). */
  readonly autoApprovalLimitCents: number;
  /** Material handling overhead as a fraction of material cost. */
  readonly materialOverheadFraction: number;
  /** Prices are rounded up to a multiple of this (100 = whole currency units). */
  readonly priceRoundingCents: number;
  /** Working days allowed for review and design approval before production can start. */
  readonly approvalAllowanceDays: number;
  /** Working days from finished goods to delivery. */
  readonly shippingDays: number;
  /** The earliest any order can be promised: working days from today. */
  readonly minimumLeadDays: number;
  readonly maxDesignRevisions: number;
  readonly maxReworks: number;
  /** Times a failed build may be scrapped and re-procured before the order fails. */
  readonly maxScraps: number;
}

export interface Catalog {
  /** Bumped whenever the catalog changes; orders record which version priced them. */
  readonly catalogVersion: string;
  readonly currency: string;
  readonly products: readonly Product[];
  readonly components: readonly Component[];
  readonly suppliers: readonly Supplier[];
  readonly workCenters: readonly WorkCenter[];
  readonly calendar: BusinessCalendar;
  readonly policy: CatalogPolicy;
}

/** Hours of work already committed per work center (backlog), by work center id. */
export type WorkCenterLoad = Readonly<Record<string, number>>;
