// A consumer of the embeddable module, compiled with `tsc --noEmit --strict` by
// scripts/test: the definitions must describe the module as portals use it, precisely
// (every `@ts-expect-error` below must be an error, or the compile fails).
import {
  mount,
  validate,
  render,
  parse,
  rules,
  presets,
  memoryBytes,
  type BuilderHandle,
  type ChangeDetail,
  type Config,
  type Diagnostic,
  type MountOptions,
  type ParseResult,
  type Rule,
} from '../../www/apigw-integration-builder.js';

const config: Config = {
  name: 'example',
  protocol: 'HTTP',
  api_id: { expr: 'aws_apigatewayv2_api.example.id' },
  integration_type: 'AWS_PROXY',
  integration_subtype: 'SQS-SendMessage',
  credentials_arn: { expr: 'aws_iam_role.example.arn' },
  timeout_milliseconds: 29000,
  request_parameters: { QueueUrl: '$request.header.queueUrl', MessageBody: '$request.body.message' },
  response_parameters: [{ status_code: 403, mappings: { 'append:header.auth': '$context.authorizer.authorizerResponse' } }],
  tls_config: { server_name_to_verify: 'example.com' },
  import: { api_id: 'aabbccddee', integration_id: '1122334', form: 'id' },
  verbatim: [{ name: 'depends_on', text: 'depends_on = [aws_sqs_queue.q]' }],
  layout: ['blank', { attr: 'api_id' }, { comment: '# note' }],
};

const diagnostics: Diagnostic[] = validate(config);
const severities: ('error' | 'warning' | 'info')[] = diagnostics.map((d) => d.severity);
const out = render(config);
if (out.ok) {
  const text: string = out.resource;
  void text;
} else {
  const why: Diagnostic[] = out.diagnostics;
  // @ts-expect-error: a withheld output has no resource text
  const none: string = out.resource;
  void why, none;
}
const names: Promise<string[]> = parse('resource "aws_apigatewayv2_integration" "x" {}').then((r) => r.integrations.map((c) => c.name ?? ''));
// @ts-expect-error: parse() is asynchronous (the parser loads on first use)
const notYet: ParseResult = parse('');
const codes: Promise<string[]> = rules().then((rows) => rows.map((r) => r.code));
// @ts-expect-error: rules() is asynchronous (its texts load on first use)
const notYetRules: Rule[] = rules();
const ids = presets().map((p) => p.id);
const firstId: 'basic' | 'lambda' | 'sqs' | 'private' | undefined = ids[0];
const bytes: number = memoryBytes();
// @ts-expect-error: the size is a number, not a string
const notText: string = memoryBytes();

const options: MountOptions = {
  protocol: 'websocket',
  preset: 'lambda',
  storageKey: null,
  readonly: false,
  panels: ['form', 'output'],
  theme: 'auto',
  onChange: (d: ChangeDetail) => {
    const r: string | null = d.resource;
    void r;
  },
};
const handle: BuilderHandle = mount(document.body, options);
handle.setConfig(handle.getConfig());
const r: string | null = handle.resource;
handle.unmount();

const el = document.createElement('apigw-integration-builder');
el.config = config;
el.addEventListener('change', (e) => {
  const detail: ChangeDetail = e.detail;
  void detail;
});
const d: Diagnostic[] = el.diagnostics;

// @ts-expect-error: protocol values are lower case in options
mount(document.body, { protocol: 'HTTP' });
// @ts-expect-error: there is no such preset
mount(document.body, { preset: 'grpc' });
// @ts-expect-error: there is no such panel
mount(document.body, { panels: ['sidebar'] });
// @ts-expect-error: unknown keys are refused
validate({ name: 'x', colour: 'red' });
// @ts-expect-error: the protocol of a configuration is HTTP or WEBSOCKET
validate({ protocol: 'grpc' });
// @ts-expect-error: a value is a string, a number or an expression
validate({ api_id: { reference: 'a.b' } });
// A number with a fraction, digits kept exactly.
validate({ name: 'x', timeout_milliseconds: { number: '1.50' } });
// @ts-expect-error: the exact form of a number holds its digits as a string
validate({ name: 'x', timeout_milliseconds: { number: 1.5 } });
// @ts-expect-error: resource is read-only
handle.resource = 'x';

export { severities, names, codes, firstId, r, d };
void bytes, notText, notYet, notYetRules;
