// Type definitions for apigw-integration-builder.js (the embeddable module).
// Kept true by tests: tests/types/consumer.ts compiles against this file with
// `tsc --noEmit --strict`, and tests/docs.rs fails if the JSON model gains a key that
// `Config` lacks (or the other way round).

/**
 * A literal string (quoted and escaped in HCL), a number (bare), or a Terraform expression.
 * The builder writes a whole number as a JSON number and any other as `{ number: "1.5" }`,
 * its digits exactly as typed; it reads both forms.
 */
export type Value = string | number | { number: string } | { expr: string };

/** A map argument: keys in order, values as {@link Value}. */
export type ValueMap = { [key: string]: Value };

/** The parent API's protocol_type. */
export type Protocol = 'HTTP' | 'WEBSOCKET';

/** One `response_parameters` block. */
export interface ResponseParameters {
  status_code?: Value;
  mappings?: ValueMap;
}

/** The `tls_config` block. */
export interface TlsConfig {
  server_name_to_verify?: Value;
}

/** The import target: `id = "API/INTEGRATION"` (Terraform ≥ 1.5) or the identity form (≥ 1.12). */
export interface ImportTarget {
  api_id?: string;
  integration_id?: string;
  form?: 'id' | 'identity';
  /** The block's `provider` argument, a provider reference (`aws.west`); filled by the parser. */
  provider?: string;
  /** The block's argument order, comments and blank lines, when not `to`, `id`, `provider`; filled by the parser. */
  layout?: LayoutItem[];
}

/** An item kept as written (meta-arguments, constructs the form has no fields for). */
export interface Verbatim {
  name: string;
  text: string;
}

/** The author's layout of a body read from HCL. */
export type LayoutItem = 'blank' | { comment: string } | { trailing: string } | { attr: string } | { block: string } | { verbatim: string };

/** The comments and blank lines among a map's entries or a nested block's arguments (`attr` names an entry by key). */
export interface MapLayout {
  path: string;
  items: LayoutItem[];
}

/** The JSON model of one integration (README, "The JSON model"). Every key is optional; unknown keys are refused. */
export interface Config {
  name?: string;
  protocol?: Protocol;
  api_id?: Value;
  integration_type?: Value;
  connection_id?: Value;
  connection_type?: Value;
  content_handling_strategy?: Value;
  credentials_arn?: Value;
  description?: Value;
  integration_method?: Value;
  integration_subtype?: Value;
  integration_uri?: Value;
  passthrough_behavior?: Value;
  payload_format_version?: Value;
  region?: Value;
  request_parameters?: ValueMap;
  request_templates?: ValueMap;
  response_parameters?: ResponseParameters[];
  template_selection_expression?: Value;
  timeout_milliseconds?: Value;
  tls_config?: TlsConfig;
  import?: ImportTarget;
  verbatim?: Verbatim[];
  layout?: LayoutItem[];
  /** Maps whose keys the HCL wrote bare (`QueueUrl = …`); filled by the parser. */
  bare_keys?: string[];
  /** Arguments inside blocks that the HCL preceded by a blank line; filled by the parser. */
  blank_before?: string[];
  /** Maps whose entries the HCL ended with commas (or, where only some did, those entries); filled by the parser. */
  commas?: string[];
  /** Maps whose entries the HCL wrote `"k": v` (or, where only some did, those entries); filled by the parser. */
  colons?: string[];
  /** Maps the HCL wrote on one line (`{ "k" = "v" }`); filled by the parser. */
  one_line?: string[];
  /** Whether the HCL ended its lines with CRLF, which the output then does too; filled by the parser. */
  crlf?: boolean;
  /** Comments and blank lines inside maps and nested blocks, as the HCL wrote them; filled by the parser. */
  map_layouts?: MapLayout[];
}

export type Severity = 'error' | 'warning' | 'info';

/** A diagnostic: stable code, severity, field path, message; `pos` when it came from HCL text. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  path: string;
  message: string;
  pos?: { line: number; column: number };
}

/** `render()`'s result: the texts, or `ok: false` and why the output is withheld. */
export type RenderResult =
  | { ok: true; resource: string; importBlock: string | null; importCommand: string | null; diagnostics: [] }
  | { ok: false; resource: null; importBlock: null; importCommand: null; diagnostics: Diagnostic[] };

export interface ParseResult {
  integrations: Config[];
  diagnostics: Diagnostic[];
}

export interface Rule {
  code: string;
  severity: Severity;
  field: string;
  check: string;
  why: string;
  source: string;
}

export type PresetId = 'basic' | 'lambda' | 'sqs' | 'private';

export interface Preset {
  id: PresetId;
  label: string;
  protocol: Protocol;
  config: Config;
}

/** Checks a configuration. Throws an `Error` saying what is wrong for input that is not one. */
export function validate(config: Config): Diagnostic[];
/** Renders a configuration as exactly one resource and its import block, or says why not. */
export function render(config: Config): RenderResult;
/**
 * Parses HCL text (at most 4 MiB) into configurations and diagnostics. Asynchronous: the
 * parser is a module of its own, loaded on the first call (or the first paste). The
 * promise rejects with an `Error` saying what is wrong for text that is not a string or too large.
 */
export function parse(hclText: string): Promise<ParseResult>;
/** The rule table. Asynchronous: its texts are in the parser's module, loaded on first use. */
export function rules(): Promise<Rule[]>;
/** The documented examples. */
export function presets(): Preset[];
/** The bytes of WebAssembly memory the builder holds now (for monitoring; it never shrinks). */
export function memoryBytes(): number;

export type Panel = 'form' | 'output' | 'problems' | 'rules';
export type Theme = 'light' | 'dark' | 'auto';

/** The `change` event's detail, and `onChange`'s argument. */
export interface ChangeDetail {
  config: Config;
  /** `null` while the output is withheld. */
  resource: string | null;
  importBlock: string | null;
  importCommand: string | null;
  diagnostics: Diagnostic[];
}

export interface MountOptions {
  protocol?: 'http' | 'websocket';
  preset?: PresetId;
  /** Autosave under this localStorage key; `null` or absent: no autosave. A saved state wins over `preset`. */
  storageKey?: string | null;
  readonly?: boolean;
  /** Which panels to show (all by default); a string of names separated by spaces or commas also works. */
  panels?: Panel[] | string;
  theme?: Theme;
  /** HCL to start from, layout kept. */
  template?: string;
  /** Read a `#s=` share link from the page's address on start and offer "Copy share link". */
  shareLinks?: boolean;
  onChange?: (detail: ChangeDetail) => void;
}

export interface BuilderHandle {
  getConfig(): Config;
  setConfig(config: Config): void;
  readonly resource: string | null;
  readonly importBlock: string | null;
  readonly diagnostics: Diagnostic[];
  /** Removes every node and listener the instance added. */
  unmount(): void;
}

/** Renders a builder into `element`, in a shadow root of its own. */
export function mount(element: Element, options?: MountOptions): BuilderHandle;

/** `<apigw-integration-builder>`. */
export class ApigwIntegrationBuilder extends HTMLElement {
  config: Config;
  readonly resource: string | null;
  readonly importBlock: string | null;
  readonly diagnostics: Diagnostic[];
  addEventListener<K extends keyof ApigwIntegrationBuilderEventMap>(
    type: K,
    listener: (this: ApigwIntegrationBuilder, ev: ApigwIntegrationBuilderEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

export interface ApigwIntegrationBuilderEventMap extends HTMLElementEventMap {
  change: CustomEvent<ChangeDetail>;
}

declare global {
  interface HTMLElementTagNameMap {
    'apigw-integration-builder': ApigwIntegrationBuilder;
  }
}
