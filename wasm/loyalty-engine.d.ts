/**
 * The loyalty points and tier engine, compiled to WebAssembly.
 *
 * One engine computes every number (in the browser, in workers and in Node),
 * so the points a shopper is shown are the points the server awards.
 * Money is always a decimal string ("120.00"); points are integers.
 *
 * @example
 * const engine = await createEngine();
 * const program = engine.loadProgram(programJson);
 * const { customers } = program.statement(csvText, { from: '2026-01', to: '2026-03' });
 */

/** A stable, machine-readable reason for a failure. */
export type LoyaltyErrorCode =
  | 'io' | 'json_syntax' | 'json_too_deep' | 'duplicate_key' | 'wrong_type' | 'missing_field'
  | 'invalid_value' | 'invalid_amount' | 'amount_out_of_range' | 'invalid_date' | 'csv_header'
  | 'csv_row' | 'invalid_utf8' | 'overflow' | 'invalid_program' | 'usage' | 'out_of_order'
  | 'invalid_argument' | 'no_program' | 'no_ledger' | 'disposed' | 'out_of_memory' | 'internal'
  /** Batch work on the widget build, loyalty-engine-widget.mjs: a statement, export preview, events, metrics, or a CSV log */
  | 'unsupported';

/** Thrown by every engine call that fails. The engine stays usable afterwards. */
export class LoyaltyError extends Error {
  readonly name: 'LoyaltyError';
  /** Stable identifier of the failure, e.g. `invalid_date`. */
  readonly code: LoyaltyErrorCode;
  /** Where in the input: `"events: [3].amount"`, `"transactions:7"`, `"program: earn[0].bands"`; may be empty. */
  readonly path: string;
  constructor(code: LoyaltyErrorCode, message: string, path?: string);
}

/** Options for {@link createEngine}. */
export interface EngineOptions {
  /** The clock every "today" reads (epoch milliseconds); default Date.now. Inject it to pin the date. */
  now?: () => number;
  /** The bytes of `loyalty-engine.wasm`, when the caller has them (skips fetching). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to fetch a file from, given its name (`loyalty-engine.wasm`) and the module's directory. */
  locateFile?: (name: string, prefix: string) => string;
}

/** Instantiates the engine: next to this module in browsers, from disk in Node, unless told otherwise. */
export function createEngine(options?: EngineOptions): Promise<Engine>;

/** An instant's date, wall-clock time and UTC offset in an IANA time zone. */
export function shopCalendar(instant: Date | number, timeZone?: string): { date: string; time: string; offset: string };

/**
 * A document for the engine: a JS value (serialised as JSON), JSON or CSV text,
 * or UTF-8 bytes (the bulk path for large logs: copied into the engine in one step).
 */
export type DocumentInput = string | Uint8Array | ArrayBuffer | object;

/** A purchase as the statement reads it; other fields are allowed and ignored. */
export interface Transaction {
  id: string | number;
  customer: string | number;
  /** `YYYY-MM-DD` or an RFC 3339 timestamp; its month is the date as written. */
  date: string;
  /** An exact decimal in the program's currency, or in `currency`. */
  amount: string | number;
  /**
   * ISO 4217 code it was paid in (default the program's); another needs a
   * rate in the program's `exchange_rates`, and converts at the rate of its date.
   */
  currency?: string;
  /** Where it was made: online (the default) or `store`, at the shop's counter. It earns the same. */
  channel?: 'online' | 'store';
  [extra: string]: unknown;
}

export interface Item {
  sku: string;
  price: string | number;
  quantity?: number;
  category?: string;
}

/** A ledger event: a purchase (no `type`) or one of the other kinds. */
export type LoyaltyEvent =
  | (Transaction & { type?: 'purchase'; items?: Item[] })
  /** In its purchase's currency (`currency`; default the program's): valued at the purchase's rate. */
  | { type: 'refund'; id: string; customer: string; date: string; purchase: string; amount?: string | number; currency?: string }
  | { type: 'adjustment'; id: string; customer: string; date: string; points: number; qualifying?: boolean; reason?: string }
  /** `cause`: a donation reward's cause (required when the reward has several). */
  | { type: 'redemption'; id: string; customer: string; date: string; reward: string; points?: number; order_amount?: string | number; currency?: string; cause?: string }
  | { type: 'signup' | 'birthday' | 'referral' | 'referred' | 'review' | 'social_follow' | 'tier_revocation'; id: string; customer: string; date: string }
  | { type: 'custom'; id: string; customer: string; date: string; name: string }
  | { type: 'tier_invitation'; id: string; customer: string; date: string; level: string }
  /** Takes back an unused redemption (by its event id): its points come back exactly once. */
  | { type: 'cancellation'; id: string; customer: string; date: string; redemption: string }
  /** A Net Promoter Score answer: how likely the customer is to recommend the shop, 0-10. */
  | { type: 'survey'; id: string; customer: string; date: string; score: number; comment?: string };

/**
 * A cart to simulate: items, or a plain amount. `id` (the future order id)
 * decides surprise bonuses. `currency`: the shopper's, when prices are not in
 * the program's; they convert at the program's exchange rate of the day.
 */
export type Cart =
  | { id?: string; items: Item[]; amount?: string | number; currency?: string }
  | { id?: string; amount: string | number; currency?: string };

/**
 * `YYYY-MM-DD`, or a Date (the shop's day of that instant in the program's
 * `time_zone`). Omitted: the shop's day now, on the engine's clock.
 */
export type DateInput = string | Date;

export interface Warning {
  code: string;
  where: string;
  message: string;
}

export interface StatementMonth {
  /** `YYYY-MM` */
  month: string;
  points: number;
  transactions: number;
  spend: string;
}

export interface StatementCustomer {
  customer: string;
  months: StatementMonth[];
  total: number;
  transactions: number;
  spend: string;
}

export interface Statement {
  program: string;
  currency: string;
  from: string | null;
  to: string | null;
  transactions_read: number;
  transactions_counted: number;
  /** Sorted by customer id; months ascending. */
  customers: StatementCustomer[];
  /** Repeated transaction ids (counted once), negative amounts, guest rows, returns ignored or unmatched. */
  warnings: Warning[];
  /** Present when the log was a shop's export read through a column mapping. */
  reading?: ExportReading;
}

/** A field of the statement, and the column of a shop's export that holds it. */
export type ExportField = 'id' | 'customer' | 'date' | 'amount' | 'quantity' | 'price' | 'sku' | 'category' | 'currency';

/** How a shop's own export is read (CSV only); every part is optional. */
export interface MappingOptions {
  /**
   * Which column holds each field: `"id=InvoiceNo,customer=CustomerID,..."` or
   * `{id: 'InvoiceNo', ...}`. Either `amount` or `quantity` and `price` (line
   * items: rows sharing an id are one order). Columns given here replace a preset's.
   */
  columns?: string | Partial<Record<ExportField, string>>;
  /** Tokens `YYYY MM DD HH hh mm ss A Z` (`"MM/DD/YYYY HH:mm"`), or `"ISO"` (the default). */
  dateFormat?: string;
  /** A preset's columns and date format; guessed from the header when no mapping is given. */
  preset?: 'shopify' | 'woocommerce' | 'line-items';
  /** A negative line or a cancellation: a refund of the customer's latest purchases (default), or ignored. */
  returns?: 'refund' | 'ignore';
  /** An order id starting with it is a cancellation (`"C"` for the line-items preset). */
  cancellationPrefix?: string;
}

export interface StatementOptions extends MappingOptions {
  /** First month, `YYYY-MM`, inclusive. */
  from?: string;
  /** Last month, `YYYY-MM`, inclusive. With a range, months are zero-filled. */
  to?: string;
}

/** A mapping as resolved against an export's header. */
export interface ResolvedMapping {
  preset: string | null;
  /** The preset was recognised from the header rather than asked for. */
  guessed: boolean;
  columns: Partial<Record<ExportField, string>>;
  date_format: string;
  returns: 'refund' | 'ignore';
  cancellation_prefix: string;
}

/** How the rows of an export were read. */
export interface ExportReading {
  mapping: ResolvedMapping;
  rows: number;
  /** Orders: rows sharing an id count once. */
  purchases: number;
  line_items: number;
  /** Negative lines and rows of cancellations. */
  return_rows: number;
  /** Refunds made of them, one per purchase a return reached. */
  refunds: number;
  ignored_return_rows: number;
  /** Rows without a customer, skipped. */
  guest_rows: number;
  /** Returned money no earlier purchase in the file covered (decimal string). */
  unmatched_returns: string;
}

export interface ExportPreviewRow {
  line: number;
  cells: string[];
  /** Absent when the row has an error. */
  kind?: 'order' | 'line' | 'return' | 'guest';
  id?: string;
  customer?: string;
  /** The date that decides the row's month, `YYYY-MM-DD`. */
  date?: string;
  /** The row's money (a line's quantity x price, or the order's amount); negative for a return line. */
  amount?: string;
  /** This row would stop the statement. */
  error?: { code: string; where: string; message: string };
}

/** An export's header and first rows as a mapping reads them. */
export interface ExportPreview {
  header: string[];
  /** Null when the mapping does not fit the header (see `error`). */
  mapping: ResolvedMapping | null;
  error: { code: string; where: string; message: string } | null;
  presets: { name: string; label: string }[];
  rows: ExportPreviewRow[];
}

export interface AwardLine {
  /** An earn rule id, or `tier:<level id>` for a tier multiplier. */
  rule: string;
  points: number;
}

export interface TierStatus {
  id: string;
  name: string;
  /** e.g. `"1.5"` */
  multiplier: string;
  invited: boolean;
  perks: string[];
  basis: 'points' | 'spend';
  /** Points (number) or spend (decimal string) counting toward the tier now. */
  window_total: number | string;
  next: { id: string; name: string; needed: number | string } | null;
}

export interface LedgerEntry {
  kind: 'earn' | 'redeem' | 'clawback' | 'adjust' | 'expire' | 'rejected' | 'tier' | 'cancel';
  date: string;
  event?: string;
  type?: string;
  /** The change of the balance. */
  points: number;
  owed?: number;
  breakdown?: AwardLine[];
  reward?: string;
  /** A redemption's money off; a donation's money given, to `cause`. */
  discount?: string;
  cause?: string;
  /** `store` on the earn entry of a purchase made at the shop's counter. */
  channel?: 'store';
  code?: string;
  message?: string;
}

/** What was given to one of the program's causes: donation rewards and the shop's pledge on purchases. */
export interface CauseGiving {
  cause: string;
  name: string;
  donations: number;
  /** Points the donations used. */
  points: number;
  donated: string;
  pledged: string;
  given: string;
  /** Metrics only: the donations' points at the program's point value. */
  liability_settled?: string;
}

/** Programs with `causes`: totals and every cause, in program order. */
export interface Giving {
  given: string;
  donated: string;
  pledged: string;
  causes: CauseGiving[];
}

export interface SurveyStatus {
  due: boolean;
  every: 'month' | 'quarter' | 'year';
  /** The last answer accepted, `YYYY-MM-DD`. */
  last: string | null;
  /** When not due: the first day another answer counts. */
  next: string | null;
}

/** Net Promoter Score: percent promoters (9-10) minus percent detractors (0-6), two decimals, -100 to 100. */
export interface NetPromoterScore {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** `"-16.67"` */
  score: string;
}

export interface Balance {
  customer: string;
  as_of: string;
  available: number;
  pending: number;
  lifetime_earned: number;
  redeemed: number;
  expired: number;
  clawed_back: number;
  /** Points clawed back beyond the balance, paid from future points. */
  owed: number;
  /** The money value of the available points. */
  available_value: string;
  tier: TierStatus | null;
  /** Programs with `survey`: whether the customer may answer now (once per `every`), else when next. Null otherwise. */
  survey: SurveyStatus | null;
  /** Programs with `causes`: what this customer gave. Null otherwise. */
  giving: Giving | null;
  expiring: { date: string; points: number }[];
  history: { month: string; earned: number; redeemed: number; expired: number; clawed_back: number }[];
  entries: LedgerEntry[];
  warnings: Warning[];
}

export interface Simulation {
  customer: string;
  as_of: string;
  /** What the cart earns; `breakdown` adds up to it. */
  points: number;
  breakdown: AwardLine[];
  eligible_spend: string;
  available_before: number;
  pending_before: number;
  available_after: number;
  pending_after: number;
  tier_before: TierStatus | null;
  tier_after: TierStatus | null;
  /** Reward ids affordable with the cart's points and not without. */
  rewards_unlocked: string[];
  /** Surprise rules a cart without an id could trigger; not counted in `points`. */
  possible_bonuses: AwardLine[];
  warnings: Warning[];
}

export interface Ratio {
  numerator: number;
  denominator: number;
  /** Two decimals, rounded half up: `"41.67"`. */
  percent: string;
}

/** One month ("2026-03") or quarter ("2026-Q1") of the customer retention rate. */
export interface PeriodRetention {
  period: string;
  start: string;
  /** The period's last day, or asOf in the last period. */
  end: string;
  customers_at_start: number;
  new_customers: number;
  customers_at_end: number;
  /** (customers_at_end - new_customers) / customers_at_start; may pass 100% (customers back after a lapse). */
  rate: Ratio;
}

export interface Metrics {
  program: string;
  currency: string;
  as_of: string;
  customers: number;
  purchases: number;
  repeat_customers: number;
  repeat_purchase_rate: Ratio;
  retention: { month: string; previous_active: number; retained: number; percent: string }[];
  /**
   * The customer retention rate of each month and quarter: (customers at the
   * end - new customers) / customers at the start, a customer on a day being
   * one with a purchase in the `active_days` (365) days ending on it.
   */
  customer_retention: { active_days: number; months: PeriodRetention[]; quarters: PeriodRetention[] };
  /** Over the survey answers the ledgers accepted (one per customer and period), overall and per month with answers. */
  nps: NetPromoterScore & { months: (NetPromoterScore & { month: string })[] };
  /** Programs with `causes`: donations and the pledge over all customers, with the liability donations settled. */
  giving: Giving | null;
  /**
   * Month by month, from the log's first month to asOf's (which ends at asOf):
   * members (customers with an event so far), those still holding points,
   * everyone's outstanding points and their value, and points expired in the
   * month. Unlike retention, these depend on the program.
   */
  membership: {
    month: string;
    members: number;
    holding_points: number;
    holding_percent: string;
    points_outstanding: number;
    points_liability: string;
    points_expired: number;
  }[];
  net_spend: string;
  average_customer_lifetime_value: string;
  points_earned: number;
  points_redeemed: number;
  points_expired: number;
  points_outstanding: number;
  point_value: string;
  points_liability: string;
  breakage: Ratio;
  /** Customers (with a purchase) per tier level at asOf, in the program's level order. */
  tiers: { id: string; name: string; customers: number }[];
  warnings: Warning[];
}

/** Why a reward cannot be redeemed now. */
export type RewardReason = 'tier_too_low' | 'order_required' | 'order_below_minimum' | 'insufficient_points' | 'invalid_points';

/** One reward of the catalog as the engine decides it for a customer (and a cart). */
export interface RewardState {
  id: string;
  type: string;
  cost: number;
  redeemable: boolean;
  /** Redeemed with an order at checkout (an order minimum or a percentage), never on its own. */
  applies_to_order: boolean;
  reason?: RewardReason;
  /** The engine's wording of the reason (for logs; shoppers get sentences from the widget). */
  message?: string;
  /** insufficient_points: how many more points are needed. */
  points_short?: number;
  /** order_below_minimum: how much more the order needs (decimal). */
  order_short?: string;
  min_tier?: string;
  min_order?: string;
  sku?: string;
  /** points_to_discount: the points redeemable now, in steps (max 0: none). */
  points?: { min: number; max: number; step: number };
  value_per_step?: string;
  /** Money off for the largest redemption possible now (on the cart, for a percentage). */
  discount?: string;
  /** Points that redemption costs. */
  points_cost?: number;
}

export interface RewardsReport {
  customer: string;
  as_of: string;
  available: number;
  tier: string | null;
  /** The cart's order amount, or null without a cart. */
  order: string | null;
  rewards: RewardState[];
}

export interface RewardsOptions {
  asOf?: DateInput;
  /** The order a reward would apply to: decides order minimums and percentage discounts. */
  cart?: Cart | string;
  /** Points the shopper picked for points-for-money rewards (default: the most they can). */
  points?: number;
}

export interface WaysToEarn {
  program: string;
  name: string;
  currency: string;
  point_value: string;
  pending_days: number;
  time_zone: string;
  earn: ({ id: string; type: string; description: string; tiers: string[] } & Record<string, unknown>)[];
  tiers: { basis: string; window: string; downgrade: string; levels: Record<string, unknown>[] } | null;
  rewards: ({ id: string; name: string; description: string; type: string; cost: number } & Record<string, unknown>)[];
  /** Good causes the shop gives to (donation rewards name one of them). */
  causes: { id: string; name: string; description: string }[];
  /** The shop's share of every purchase's eligible spend given to a cause; null without one. */
  pledge: { cause: string; percent: string } | null;
  expiry: { policy: string; days?: number; grace_years?: number };
}

/** A validated program. Reuse it for many calls; `dispose()` frees it early. */
export interface Program {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  /** The shop's IANA time zone (`time_zone`, default "UTC"): which calendar day an instant falls on. */
  readonly timeZone: string;
  /** The shop's calendar day (`YYYY-MM-DD`) of an instant, by default now on the engine's clock. */
  today(instant?: Date | number): string;
  /** An RFC 3339 timestamp of an instant in the shop's zone (`2026-11-26T23:30:00-05:00`), by default now. */
  timestamp(instant?: Date | number): string;
  /** Points per customer per calendar month and in total, from JSON or CSV. */
  statement(transactions: DocumentInput | Transaction[], options?: StatementOptions): Statement;
  /** The header, the resolved mapping and the first `rows` (default 10) rows of a shop's CSV export as `statement` would read them. */
  previewExport(transactions: DocumentInput, options?: MappingOptions & { rows?: number }): ExportPreview;
  /** The customer's points as of the end of `asOf`. */
  balance(events: DocumentInput | LoyaltyEvent[], customer: string, asOf?: DateInput): Balance;
  /** What `cart` would earn if bought on `asOf`, exactly as the ledger will award it. */
  simulate(events: DocumentInput | LoyaltyEvent[], customer: string, cart: Cart | string, asOf?: DateInput): Simulation;
  /**
   * The events of a log (JSON or CSV) as the engine reads them, optionally
   * only one customer's: reading them again gives the same events.
   */
  events(log: DocumentInput | LoyaltyEvent[], options?: MappingOptions & { customer?: string }): LoyaltyEvent[];
  /** Every reward's state for the customer: redeemable or why not, with the same checks a redemption gets. */
  rewards(events: DocumentInput | LoyaltyEvent[], customer: string, options?: RewardsOptions): RewardsReport;
  /** The program's rules and rewards, structured and described. */
  waysToEarn(): WaysToEarn;
  /** Repeat rate, retention, lifetime value, liability and breakage. */
  metrics(transactions: DocumentInput | LoyaltyEvent[], options?: { asOf?: DateInput }): Metrics;
  /**
   * One customer's ledger kept open: it folds the history once and then only
   * what is appended, with the figures a replay through `balance` gives.
   */
  openLedger(customer: string): CustomerLedger;
  dispose(): void;
}

/** What appended events did: their ledger entries (rejections included) and warnings. */
export interface Appended {
  entries: LedgerEntry[];
  warnings: Warning[];
}

export interface CustomerLedger {
  /**
   * Applies events (in any order among themselves) after everything the
   * ledger holds, all or nothing. Throws `out_of_order` when one would come
   * before what it holds or before an earlier balance's day (replay with a
   * new ledger instead), `invalid_value` for another customer's event.
   */
  append(events: DocumentInput | LoyaltyEvent[]): Appended;
  /** The balance as of the end of `asOf` (not before the last event or an earlier balance's day); `entries` only when asked. */
  balance(asOf?: DateInput, options?: { entries?: boolean }): Balance;
  /** Every reward's state for this customer as of `asOf` (not before the last event). */
  rewards(options?: RewardsOptions): RewardsReport;
  /** What buying `cart` on `asOf` would do, as Program.simulate over the whole history gives it, without a replay (not before the last event or an earlier balance's day). */
  simulate(cart: Cart | string, asOf?: DateInput): Simulation;
  dispose(): void;
}

export interface Engine {
  readonly version: string;
  /** Parses and validates a program; throws {@link LoyaltyError} naming the field. */
  loadProgram(program: string | object | Uint8Array): Program;
  /** Linear memory size and bytes in use (for leak checks). */
  memory(): { heap: number; allocated: number };
}
